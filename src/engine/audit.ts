// The audit trail: one append-only row per change of brands, budgets, campaigns, windows and
// keys, and per manual pause/resume. Written in the caller's transaction.
import type { Tx } from '../db/index.ts';

export interface Actor {
  /** the API key's name, `cli`, or `system` */
  name: string;
}

export interface AuditInput {
  action: string;
  targetType: string;
  targetId: string;
  brandId?: string | null;
  before?: unknown;
  after?: unknown;
}

export async function audit(tx: Tx, actor: Actor, entry: AuditInput, at: Date): Promise<void> {
  await tx.$executeRaw`
    insert into audit_entries (actor, action, target_type, target_id, brand_id, before, after, occurred_at)
    values (${actor.name}, ${entry.action}, ${entry.targetType}, ${entry.targetId}, ${entry.brandId ?? null}::uuid,
            ${json(entry.before)}::jsonb, ${json(entry.after)}::jsonb, ${at})`;
}

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
