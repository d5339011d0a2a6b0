// What an audit entry changed: its before and after (JSON objects, one field each: money as Money
// strings) compared field by field. A creation has no before and a deletion no after: every field
// they hold (but nulls) is listed. The dashboard shows these ("dailyBudget 100.00 → 150.00").

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
