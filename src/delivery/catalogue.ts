// The message catalogue: every kind of message the outbox sends, in one table. A kind is an
// append-only event table read by id (events commit in id order: the events lock,
// src/engine/events.ts), the cursor column each destination keeps into it, the prefix of its
// message ids, its name on the wire and its body. A message's id (evt_<event id>,
// alert_<alert id>, pev_<platform event id>) is the same on every attempt and on a redelivery, so
// a receiver dedupes on it.
import type { BudgetAlert, CampaignStatusEvent, PlatformEvent } from '../db/generated/prisma/client.ts';
import { Prisma } from '../db/client.ts';
import type { Db, Tx } from '../db/index.ts';
import { DomainError, quote } from '../domain/errors.ts';
import { formatMoney, reachedPercent } from '../domain/money.ts';
import { ALERTS_CHANNEL, EVENTS_CHANNEL, newestId, PLATFORM_EVENTS_CHANNEL, type EventTable } from '../db/signals.ts';

export interface Message {
  id: string;
  type: MessageType;
  sourceId: bigint;
  brandId: string;
  body: string;
}

interface Kind<Row> {
  /** the event table, and the channel its writers notify at commit */
  table: EventTable;
  channel: string;
  /** the destination table's column holding the last id sent */
  cursor: 'event_cursor' | 'alert_cursor' | 'platform_event_cursor';
  prefix: string;
  /** a message id, for error messages */
  example: string;
  /** the `type` of the envelope */
  wireType: string;
  read(db: Db | Tx, where: { after: bigint; brandId: string | null }, limit: number): Promise<Row[]>;
  find(db: Db | Tx, id: bigint): Promise<Row | null>;
  data(row: Row): { brandId: string; id: bigint; occurredAt: Date; data: object };
}

const brandWhere = (brandId: string | null) => (brandId === null ? {} : { brandId });

const statusChanged: Kind<CampaignStatusEvent> = {
  table: 'campaign_status_events',
  channel: EVENTS_CHANNEL,
  cursor: 'event_cursor',
  prefix: 'evt_',
  example: 'evt_123',
  wireType: 'campaign.status_changed',
  read: (db, w, take) =>
    db.campaignStatusEvent.findMany({ where: { id: { gt: w.after }, ...brandWhere(w.brandId) }, orderBy: { id: 'asc' }, take }),
  find: (db, id) => db.campaignStatusEvent.findFirst({ where: { id } }),
  data: (e) => ({
    brandId: e.brandId,
    id: e.id,
    occurredAt: e.occurredAt,
    data: {
      id: e.id.toString(),
      brandId: e.brandId,
      campaignId: e.campaignId,
      campaignName: e.campaignName,
      fromStatus: e.fromStatus,
      fromReason: e.fromReason,
      toStatus: e.toStatus,
      toReason: e.toReason,
      trigger: e.trigger,
      actor: e.actor,
      occurredAt: e.occurredAt.toISOString(),
    },
  }),
};

const budgetAlert: Kind<BudgetAlert> = {
  table: 'budget_alerts',
  channel: ALERTS_CHANNEL,
  cursor: 'alert_cursor',
  prefix: 'alert_',
  example: 'alert_45',
  wireType: 'budget.alert',
  read: (db, w, take) =>
    db.budgetAlert.findMany({ where: { id: { gt: w.after }, ...brandWhere(w.brandId) }, orderBy: { id: 'asc' }, take }),
  find: (db, id) => db.budgetAlert.findFirst({ where: { id } }),
  data: (a) => ({
    brandId: a.brandId,
    id: a.id,
    occurredAt: a.occurredAt,
    data: {
      id: a.id.toString(),
      brandId: a.brandId,
      period: a.period,
      periodStart: a.periodStart.toISOString().slice(0, 10),
      threshold: a.threshold,
      reached: reachedPercent(a.spent, a.budget),
      budget: formatMoney(a.budget, a.currency),
      spent: formatMoney(a.spent, a.currency),
      currency: a.currency,
      trigger: a.trigger,
      actor: a.actor,
      occurredAt: a.occurredAt.toISOString(),
    },
  }),
};

/** A platform event with its brand's name (the account and campaign are the event's own copies). */
type PlatformEventRow = PlatformEvent & { brandName: string };

const platformEvents = (db: Db | Tx, where: Prisma.Sql, take: number) =>
  db.$queryRaw<PlatformEventRow[]>`
    select e.id, e.brand_id as "brandId", e.ad_account_id as "adAccountId", e.campaign_id as "campaignId", e.kind, e.message,
           e.platform_actor as "platformActor", e.occurred_at as "occurredAt", e.platform::text as platform,
           e.external_account_id as "externalAccountId", e.campaign_name as "campaignName", b.name as "brandName"
      from platform_events e
      join brands b on b.id = e.brand_id
     where ${where}
     order by e.id
     limit ${take}`;

const platformEvent: Kind<PlatformEventRow> = {
  table: 'platform_events',
  channel: PLATFORM_EVENTS_CHANNEL,
  cursor: 'platform_event_cursor',
  prefix: 'pev_',
  example: 'pev_12',
  wireType: 'platform.event',
  read: (db, w, take) =>
    platformEvents(db, Prisma.sql`e.id > ${w.after} and (${w.brandId}::uuid is null or e.brand_id = ${w.brandId}::uuid)`, take),
  find: async (db, id) => (await platformEvents(db, Prisma.sql`e.id = ${id}`, 1))[0] ?? null,
  data: (e) => ({
    brandId: e.brandId,
    id: e.id,
    occurredAt: e.occurredAt,
    data: {
      id: e.id.toString(),
      kind: e.kind,
      message: e.message,
      platformActor: e.platformActor,
      occurredAt: e.occurredAt.toISOString(),
      brandId: e.brandId,
      brandName: e.brandName,
      // null only for an event of an account disconnected before events kept its platform
      adAccount:
        e.adAccountId === null || e.platform === null
          ? null
          : { id: e.adAccountId, platform: e.platform, externalAccountId: e.externalAccountId },
      campaign: e.campaignId === null ? null : { id: e.campaignId, name: e.campaignName },
    },
  }),
};

/** In the order a destination drains them: status changes first, then alerts, then platform events. */
export const CATALOGUE = {
  CAMPAIGN_STATUS_CHANGED: statusChanged as Kind<unknown>,
  BUDGET_ALERT: budgetAlert as Kind<unknown>,
  PLATFORM_EVENT: platformEvent as Kind<unknown>,
} as const;

export type MessageType = keyof typeof CATALOGUE;
export const MESSAGE_TYPES = Object.keys(CATALOGUE) as MessageType[];
export const CHANNELS = [...new Set(MESSAGE_TYPES.map((t) => CATALOGUE[t].channel))];

function messageOf(type: MessageType, row: unknown): Message {
  const { brandId, id, occurredAt, data } = CATALOGUE[type].data(row);
  const body = JSON.stringify({ type: CATALOGUE[type].wireType, timestamp: occurredAt.toISOString(), data });
  return { id: messageId(type, id), type, sourceId: id, brandId, body };
}

export function messageId(type: MessageType, sourceId: bigint): string {
  return `${CATALOGUE[type].prefix}${sourceId}`;
}

export function parseMessageId(value: unknown, field: string): { type: MessageType; sourceId: bigint } {
  const m = typeof value === 'string' ? /^([a-z]+_)([0-9]{1,18})$/.exec(value) : null;
  const type = m && MESSAGE_TYPES.find((t) => CATALOGUE[t].prefix === m[1]);
  if (!m || !type) {
    const examples = MESSAGE_TYPES.map((t) => CATALOGUE[t].example).join(' or ');
    throw new DomainError('INVALID_ARGUMENT', `${field} must look like ${examples}; got ${quote(value)}`, field);
  }
  return { type, sourceId: BigInt(m[2]!) };
}

/** What a destination reads from: its brand (null = every brand), the types it takes, and its cursor per type. */
export interface Reader {
  brandId: string | null;
  eventTypes: readonly string[];
  cursors: Record<MessageType, bigint>;
}

/** The next messages past the reader's cursors: the first type (in catalogue order) with any, in id order. */
export async function pendingMessages(db: Db | Tx, r: Reader, limit: number): Promise<Message[]> {
  for (const type of MESSAGE_TYPES) {
    if (!r.eventTypes.includes(type)) continue;
    const rows = await CATALOGUE[type].read(db, { after: r.cursors[type], brandId: r.brandId }, limit);
    if (rows.length) return rows.map((row) => messageOf(type, row));
  }
  return [];
}

export async function findMessage(db: Db | Tx, id: string): Promise<Message | null> {
  const { type, sourceId } = parseMessageId(id, 'messageId');
  const row = await CATALOGUE[type].find(db, sourceId);
  return row === null ? null : messageOf(type, row);
}

/**
 * The newest id of each type: where a new reader (or a type taken up again) starts, "from now on".
 * Taking the event writers' lock first makes it exact: no event below it can still be uncommitted.
 */
export async function newestIds(tx: Tx, types: readonly MessageType[]): Promise<Partial<Record<MessageType, bigint>>> {
  if (!types.length) return {};
  await tx.$executeRaw`select take_events_lock()`;
  const newest: Partial<Record<MessageType, bigint>> = {};
  for (const type of types) {
    newest[type] = await newestId(tx, CATALOGUE[type].table);
  }
  return newest;
}

/** The brand a message belongs to, or null when it does not exist. */
export async function brandOfMessage(tx: Tx, type: MessageType, sourceId: bigint): Promise<string | null> {
  const [row] = await tx.$queryRaw<
    { brand_id: string }[]
  >`select brand_id from ${Prisma.raw(CATALOGUE[type].table)} where id = ${sourceId}`;
  return row?.brand_id ?? null;
}

/** SQL: does a destination row (alias `d`, with the outbox columns) have a message past one of its cursors? */
export function hasPendingSql(): Prisma.Sql {
  return Prisma.join(
    MESSAGE_TYPES.map((type) => {
      const k = CATALOGUE[type];
      return Prisma.sql`(${type} = any(d.event_types) and exists (select 1 from ${Prisma.raw(k.table)} s
                          where s.id > d.${Prisma.raw(k.cursor)} and (d.brand_id is null or s.brand_id = d.brand_id)))`;
    }),
    ' or ',
  );
}
