// The channels and locks of src/db/signals.ts are the ones SQL uses (prisma/functions/20_signals.sql):
// a status change and an alert written by the engine arrive on the channels TypeScript listens to,
// the names equal SQL's, and every advisory lock has an id of its own.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTS_CHANNEL, EVENTS_CHANNEL, MIGRATE_LOCK, PLATFORM_EVENTS_CHANNEL, SPENDS_CHANNEL } from '../../src/db/signals.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';

let t: TestDb;
beforeAll(async () => void (t = await freshDatabase()));
afterAll(() => t.drop());

describe('signals', () => {
  it("the channel names are SQL's", async () => {
    const [row] = await t.sql(
      `select status_events_channel() as events, budget_alerts_channel() as alerts, platform_events_channel() as platform`,
    );
    expect(row).toEqual({ events: EVENTS_CHANNEL, alerts: ALERTS_CHANNEL, platform: PLATFORM_EVENTS_CHANNEL });
    expect(new Set([EVENTS_CHANNEL, ALERTS_CHANNEL, PLATFORM_EVENTS_CHANNEL, SPENDS_CHANNEL]).size).toBe(4);
  });

  it('a spend that pauses a campaign and crosses thresholds notifies on the channels TypeScript listens to', async () => {
    const listener = new pg.Client({ connectionString: t.url });
    await listener.connect();
    const heard: { channel: string; payload?: string }[] = [];
    listener.on('notification', (n) => heard.push({ channel: n.channel, payload: n.payload }));
    try {
      await listener.query(`listen ${EVENTS_CHANNEL}; listen ${ALERTS_CHANNEL}`);
      const at = new Date();
      const b = await make.brand({ dailyBudget: '10.00' }, at);
      const c = await make.campaign(b.id, {}, at);
      await make.spend(c.id, '10.00', at);
      const [ids] = await t.sql<{ event: string; alert: string }>(
        `select (select max(id) from campaign_status_events where brand_id = $1)::text as event,
                (select max(id) from budget_alerts where brand_id = $1)::text as alert`,
        [b.id],
      );
      await expect.poll(() => heard.map((h) => h.channel)).toContain(ALERTS_CHANNEL);
      expect(heard).toContainEqual({ channel: EVENTS_CHANNEL, payload: ids!.event });
      expect(heard).toContainEqual({ channel: ALERTS_CHANNEL, payload: ids!.alert });
    } finally {
      await listener.end();
    }
  });

  it('every advisory lock has an id of its own', async () => {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      const held = async (take: string) => {
        await client.query('begin');
        await client.query(take);
        const { rows } = await client.query<{ id: string }>(
          `select ((classid::bigint << 32) | objid::bigint)::text as id from pg_locks
            where locktype = 'advisory' and pid = pg_backend_pid() and objsubid = 1`,
        );
        await client.query('rollback');
        return rows.map((r) => Number(r.id));
      };
      const events = await held('select take_events_lock()');
      const adminKey = await held('select take_admin_key_lock()');
      const migrate = await held(`select pg_advisory_xact_lock(${MIGRATE_LOCK})`);
      expect(migrate).toEqual([MIGRATE_LOCK]);
      expect(events).toHaveLength(1);
      expect(adminKey).toHaveLength(1);
      expect(new Set([...events, ...adminKey, ...migrate]).size).toBe(3);
    } finally {
      await client.end();
    }
  });
});
