// What an audit entry changed: its before and after (JSON objects, one field each: money as Money
// strings) compared field by field. A creation has no before and a deletion no after: every field
// they hold (but nulls) is listed. The dashboard shows these ("dailyBudget 100.00 → 150.00").
// And the actions the trail records (src/engine/audit.ts writes them).
import { DomainError } from './errors.ts';

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

/** An action to filter the trail by, or INVALID_ARGUMENT naming `field`. */
export function parseAuditAction(action: string, field = 'action'): AuditAction {
  const known = AUDIT_ACTIONS.find((a) => a === action);
  if (known) return known;
  throw new DomainError(
    'INVALID_ARGUMENT',
    `${field} must be one of ${AUDIT_ACTIONS.join(', ')}; got ${JSON.stringify(action.slice(0, 50))}`,
    field,
  );
}

export interface AuditChange {
  field: string;
  /** null: absent (created), or the field held null */
  before: unknown;
  after: unknown;
}

export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const b = fieldsOf(before);
  const a = fieldsOf(after);
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((field) => JSON.stringify(b[field] ?? null) !== JSON.stringify(a[field] ?? null))
    .map((field) => ({ field, before: b[field] ?? null, after: a[field] ?? null }));
}

/** An entry's side as fields; anything but an object (entries written before they were objects) is one field, `value`. */
function fieldsOf(side: unknown): Record<string, unknown> {
  if (side == null) return {};
  return typeof side === 'object' && !Array.isArray(side) ? (side as Record<string, unknown>) : { value: side };
}
