// The audit trail: one append-only row per change of brands, budgets, campaigns, windows and
// keys, and per manual pause/resume. Written in the caller's transaction, in one statement however
// many entries a bulk write makes.
import type { Tx } from '../db/index.ts';
import type { Scope } from '../domain/scope.ts';

/**
 * Every action the trail records, one per kind of change: each entry carries what it changed,
 * before and after (a creation: after only; a deletion: before only), money as Money strings and
 * never a secret. test/server/audit.test.ts makes each of them and reads its before and after.
 */
export const AUDIT_ACTIONS = [
  'brand.create',
  'brand.update',
  'brand.archive',
  'brand.unarchive',
  'brand.delete',
  'campaign.create',
  'campaign.update',
  'campaign.pause',
  'campaign.resume',
  'campaign.archive',
  'campaign.unarchive',
  'campaign.delete',
  'schedule.create',
  'schedule.update',
  'schedule.delete',
  'schedule.set',
  'key.create',
  'key.revoke',
  'webhook.create',
  'webhook.update',
  'webhook.enable',
  'webhook.disable',
  'webhook.rotate_secret',
  'webhook.redeliver',
  'webhook.delete',
  'override.start',
  'override.cancel',
  'adAccount.connect',
  'adAccount.credentials',
  'adAccount.disconnect',
  'adAccount.import',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

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
