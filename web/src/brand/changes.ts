// An audit entry as people read it: what it was about ("Search", "a window of Search") and the
// fields it changed, "daily budget 100.00 → 150.00". Which fields changed is the service's rule
// (src/domain/audit.ts); this only words them.
import { auditChanges } from '../../../src/domain/audit.ts';
import { reason } from '../reasons.ts';

export interface EntrySides {
  targetType: string;
  targetId: string;
  /** JSON text, as the API answers it */
  before?: string | null;
  after?: string | null;
}

/** A campaign's name by id (the brand page's campaigns), or undefined. */
export type NameOf = (campaignId: string) => string | undefined;

const LABELS: Record<string, string> = {
  dayOfWeek: 'day',
  startTime: 'from',
  endTime: 'to',
  isActive: 'active',
  brandIds: 'brands',
  campaignId: 'campaign',
  externalCampaignId: 'external id',
  eventTypes: 'event types',
};

/** "dailyBudget" → "daily budget" */
export const label = (field: string): string => LABELS[field] ?? field.replace(/([A-Z])/g, ' $1').toLowerCase();

const parse = (text: string | null | undefined): unknown => (text ? JSON.parse(text) : null);

/** What the entry is about, named as the page knows it. */
export function subject(e: EntrySides, nameOf: NameOf): string {
  const side = (parse(e.after) ?? parse(e.before)) as { campaignId?: string; name?: string } | null;
  switch (e.targetType) {
    case 'Campaign':
      return nameOf(e.targetId) ?? 'a campaign';
    case 'Schedule':
      return `a window of ${(side?.campaignId && nameOf(side.campaignId)) ?? 'a campaign'}`;
    case 'Brand':
      return 'the brand';
    case 'WebhookEndpoint':
      return 'a webhook';
    case 'ApiKey':
      return side?.name ? `the key ${side.name}` : 'a key';
    default:
      return e.targetType;
  }
}

/** Each changed field as a line: "daily budget 100.00 → 150.00"; a creation's or deletion's fields as "daily budget 100.00". */
export function changeLines(e: EntrySides, nameOf: NameOf): string[] {
  const before = parse(e.before);
  const after = parse(e.after);
  const show = (field: string, v: unknown) => value(field, v, nameOf);
  if (before === null || after === null) {
    // a creation or a deletion: what the target held
    return auditChanges(before, after)
      .map((c) => ({ field: c.field, held: before === null ? c.after : c.before }))
      .filter(({ field, held }) => !(UNREMARKABLE.has(field) && held === false) && !(Array.isArray(held) && held.length === 0))
      .map(({ field, held }) => `${label(field)} ${show(field, held)}`);
  }
  return auditChanges(before, after).map((c) => `${label(c.field)} ${show(c.field, c.before)} → ${show(c.field, c.after)}`);
}

/** States a target is created and deleted without (not worth a line then). */
const UNREMARKABLE = new Set(['archived', 'revoked']);

function value(field: string, v: unknown, nameOf: NameOf): string {
  if (v === null || v === undefined) return field.endsWith('Budget') ? 'no limit' : '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (field === 'pauseReason') return reason(String(v));
  if (field === 'status' || field === 'dayOfWeek') return String(v).toLowerCase();
  if (field === 'campaignId') return nameOf(String(v)) ?? String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return 'none';
    return v.map((item) => (isWindow(item) ? windowText(item) : typeof item === 'object' ? JSON.stringify(item) : String(item))).join(', ');
  }
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

interface WindowSide {
  dayOfWeek: string;
  startTime: string;
  endTime: string;
  isActive?: boolean;
}

const isWindow = (v: unknown): v is WindowSide => typeof v === 'object' && v !== null && 'dayOfWeek' in v && 'startTime' in v;

/** "monday 09:00–18:00" (", off" when inactive) */
const windowText = (w: WindowSide) => `${w.dayOfWeek.toLowerCase()} ${w.startTime}–${w.endTime}${w.isActive === false ? ' (off)' : ''}`;
