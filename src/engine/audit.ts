// The audit trail: one append-only row per change of brands, budgets, campaigns, windows and
// keys, and per manual pause/resume. Written in the caller's transaction, in one statement however
// many entries a bulk write makes.
import type { Tx } from '../db/index.ts';
import type { AuditAction } from '../domain/audit.ts';
import type { Scope } from '../domain/scope.ts';

export type { AuditAction };

export interface AuditInput {
  action: AuditAction;
  targetType: string;
  targetId: string;
  brandId?: string | null;
  before?: unknown;
  after?: unknown;
}

export async function audit(tx: Tx, scope: Scope, entries: AuditInput | AuditInput[], at: Date): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await tx.$executeRaw`
    insert into audit_entries (actor, action, target_type, target_id, brand_id, before, after, occurred_at)
    select ${scope.actor}, x.action, x.target_type, x.target_id, x.brand_id, x.before, x.after, ${at}
      from unnest(${list.map((e) => e.action)}::text[], ${list.map((e) => e.targetType)}::text[], ${list.map((e) => e.targetId)}::text[],
                  ${list.map((e) => e.brandId ?? null)}::uuid[], ${list.map((e) => json(e.before))}::jsonb[],
                  ${list.map((e) => json(e.after))}::jsonb[]) with ordinality as x(action, target_type, target_id, brand_id, before, after, n)
     order by x.n`;
}

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
