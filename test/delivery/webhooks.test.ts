// Webhooks end to end: the worker process as it runs (graphile-worker, its LISTEN connection), a
// local receiver on node:http, and the receiver's own check of each signature with node:crypto,
// written from the Standard Webhooks spec (not with our signing module).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/index.ts';
import { DomainError } from '../../src/domain/errors.ts';
import type { Scope } from '../../src/domain/scope.ts';
import {
  createWebhookEndpoint,
  enableWebhookEndpoint,
  redeliverWebhook,
  updateWebhookEndpoint,
  type EndpointInput,
} from '../../src/delivery/webhookEndpoints.ts';
import { startWorker, type Worker } from '../../src/worker/runner.ts';
import { workerSetup } from '../../tasks/index.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';
import { Receiver, RECEIVER_HOST, type Received } from '../helpers/receiver.ts';
import { testServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const OPERATOR: Scope = { actor: 'test operator', role: 'operator', brandIds: null };
const MAX_FAILURES = 3;
/** OUTBOUND_ALLOW_HOSTS of these tests: the receivers' host (loopback is refused otherwise) */
const ALLOW = [RECEIVER_HOST];

/** Standard Webhooks verification, as a receiver would write it. */
function verify(secret: string, r: Received): boolean {
  const id = r.headers['webhook-id'] as string;
  const timestamp = r.headers['webhook-timestamp'] as string;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.split('_')[1]!, 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${r.body}`).digest();
  return String(r.headers['webhook-signature'])
    .split(' ')
    .some((sig) => {
      const [version, value] = sig.split(',');
      const given = Buffer.from(value ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

const until = <T>(what: string, fn: () => Promise<T> | T, timeout = 20_000) => waitFor(fn, { what, timeout, interval: 50 });

/** No delivery job of the endpoint waits or runs (its queue, catalogue.ts): nothing more is sent to it until a dispatch adds one. */
const idle = (endpointId: string) =>
  until(`no delivery job left for ${endpointId}`, async () => {
    const [row] = await t.sql<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs where queue_name = $1`, [
      `webhook:${endpointId}`,
    ]);
    return row!.n === 0;
  });

/** An endpoint of a new brand whose receiver answers 503 until it is disabled; its brand's first campaign made the failing message. */
async function disabledEndpoint(rx: Receiver) {
  rx.answers = [503];
  const b = await make.brand();
  const { endpoint: e } = await endpoint({ brandId: b.id, url: rx.url, eventTypes: ['CAMPAIGN_STATUS_CHANGED'] });
  const [c] = await make.campaigns(b.id, 1);
  const disabled = await until('disabled', async () => {
    const row = await db().webhookEndpoint.findUnique({ where: { id: e.id } });
    return row && !row.enabled ? row : null;
  });
  return { b, e, c: c!, disabled };
}

const endpoint = (input: EndpointInput, scope = OPERATOR, allow = ALLOW) =>
  db().$transaction((tx) => createWebhookEndpoint(tx, input, scope, new Date(), allow));

const deliveries = (endpointId: string) => db().webhookDelivery.findMany({ where: { endpointId }, orderBy: { id: 'asc' } });
const ids = (r: Received[]) => r.map((x) => x.headers['webhook-id']);

let t: TestDb;
let worker: Worker;
const receivers: Receiver[] = [];
const receiver = async () => {
  const r = await new Receiver().start();
  receivers.push(r);
  return r;
};

beforeAll(async () => {
  t = await freshDatabase();
  worker = await startWorker(
    t.url,
    workerSetup(t.url, { webhooks: { retryMs: 50, maxFailures: MAX_FAILURES, timeoutMs: 2_000, allowHosts: ALLOW } }),
  );
});
afterAll(async () => {
  await worker.stop();
  await Promise.all(receivers.map((r) => r.close()));
  await t.drop();
});

describe('webhook delivery', () => {
  it('waits as long as the receiver asks (Retry-After) when that is longer than its own backoff', async () => {
    const rx = await receiver();
    rx.answers = [429, 200];
    rx.retryAfter = '1';
    const b = await make.brand();
    const { endpoint: e } = await endpoint({ brandId: b.id, url: rx.url });
    await make.campaigns(b.id, 1);
    await until('two attempts', () => rx.received.length >= 2);
    // the backoff alone would be 50 ms
    expect(rx.received[1]!.at - rx.received[0]!.at).toBeGreaterThanOrEqual(990);
    // the attempt is logged after its answer: wait for the log, not only the receiver
    const log = await until('two log rows', async () => ((await deliveries(e.id)).length >= 2 ? deliveries(e.id) : null));
    expect(log.map((d) => d.statusCode)).toEqual([429, 200]);
  });

  it('retries after the receiver fails twice, with backoff, one message id, a signature the receiver verifies', async () => {
    const rx = await receiver();
    rx.answers = [500, 500, 200];
    const b = await make.brand();
    const { endpoint: e, secret } = await endpoint({ brandId: b.id, url: rx.url });
    const [c] = await make.campaigns(b.id, 1);
    await until('three attempts', () => rx.received.length >= 3);
    const [event] = await make.events(c!.id);

    expect(ids(rx.received)).toEqual([`evt_${event!.id}`, `evt_${event!.id}`, `evt_${event!.id}`]);
    for (const r of rx.received) {
      expect(verify(secret, r)).toBe(true);
      expect(r.headers['content-type']).toBe('application/json');
    }
    expect(verify(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, rx.received[0]!)).toBe(false);
    // base × 2^(failures − 1): 50 ms, then 100 ms
    expect(rx.received[1]!.at - rx.received[0]!.at).toBeGreaterThanOrEqual(45);
    expect(rx.received[2]!.at - rx.received[1]!.at).toBeGreaterThanOrEqual(95);
    expect(JSON.parse(rx.received[2]!.body)).toEqual({
      type: 'campaign.status_changed',
      timestamp: event!.occurredAt.toISOString(),
      data: expect.objectContaining({
        id: String(event!.id),
        campaignId: c!.id,
        brandId: b.id,
        fromStatus: null,
        toStatus: 'ACTIVE',
        trigger: 'CREATE',
      }),
    });

    const log = await until('three log rows', async () => ((await deliveries(e.id)).length >= 3 ? deliveries(e.id) : null));
    expect(log.map((d) => [d.attempt, d.statusCode, d.redelivery, d.messageId])).toEqual([
      [1, 500, false, `evt_${event!.id}`],
      [2, 500, false, `evt_${event!.id}`],
      [3, 200, false, `evt_${event!.id}`],
    ]);
    expect(await db().webhookEndpoint.findUnique({ where: { id: e.id } })).toMatchObject({
      consecutiveFailures: 0,
      eventCursor: event!.id,
      enabled: true,
      nextAttemptAt: null,
    });
  });

  it('sends a brand’s messages in id order, alerts with money as strings, and nothing of another brand', async () => {
    const rx = await receiver();
    const a = await make.brand({ dailyBudget: '10.00' });
    const other = await make.brand();
    await endpoint({ brandId: a.id, url: rx.url });
    const [c1, c2] = await make.campaigns(a.id, 2);
    await make.campaigns(other.id, 2);
    await make.spend(c1!.id, '8.50');
    await until('three messages', () => rx.received.length >= 3);
    // a later event of the brand is sent next, in order: anything more before it would be a mistake
    const c3 = await make.campaign(a.id);
    await until('the fourth message', () => rx.received.length >= 4);
    const events = [...(await make.events(c1!.id)), ...(await make.events(c2!.id))].sort((x, y) => Number(x.id - y.id));
    const [later] = await make.events(c3.id);
    const alerts = await db().budgetAlert.findMany({ where: { brandId: a.id } });
    expect(alerts).toHaveLength(1);
    expect(ids(rx.received)).toEqual([...events.map((e) => `evt_${e.id}`), `alert_${alerts[0]!.id}`, `evt_${later!.id}`]);
    const alert = JSON.parse(rx.received[2]!.body);
    expect(alert).toMatchObject({
      type: 'budget.alert',
      data: {
        id: String(alerts[0]!.id),
        brandId: a.id,
        period: 'DAILY',
        threshold: 80,
        reached: 85,
        budget: '10.00',
        spent: '8.50',
        currency: 'USD',
      },
    });
    expect(rx.received.every((r) => JSON.parse(r.body).data.brandId === a.id)).toBe(true);
  });

  it('disables an endpoint after repeated failures; enabling it resumes where it stopped, nothing lost', async () => {
    const rx = await receiver();
    const { b, e, c, disabled } = await disabledEndpoint(rx);
    expect(disabled.disabledReason).toMatch(/3 deliveries in a row failed; the last: answered HTTP 503/);
    expect(disabled.disabledAt).toBeInstanceOf(Date);
    await idle(e.id); // no retry waits for it
    expect(rx.received).toHaveLength(MAX_FAILURES);
    // an event while it is disabled: an enabled endpoint of the brand gets it, and then nothing is left to send to this one
    const watcher = await receiver();
    await endpoint({ brandId: b.id, url: watcher.url, eventTypes: ['CAMPAIGN_STATUS_CHANGED'] });
    const whileDisabled = await make.campaign(b.id, { name: 'while disabled' });
    const [sent] = await make.events(whileDisabled.id);
    await until('the enabled endpoint’s message', () => ids(watcher.received).includes(`evt_${sent!.id}`));
    await idle(e.id);
    expect(rx.received).toHaveLength(MAX_FAILURES);

    rx.answers = [200];
    await db().$transaction((tx) => enableWebhookEndpoint(tx, e.id, OPERATOR, new Date()));
    await until('both messages', () => rx.received.length >= MAX_FAILURES + 2);
    const [first] = await make.events(c.id);
    expect(ids(rx.received.slice(MAX_FAILURES - 1))).toEqual([`evt_${first!.id}`, `evt_${first!.id}`, expect.stringMatching(/^evt_/)]);
    expect(await db().webhookEndpoint.findUnique({ where: { id: e.id } })).toMatchObject({ enabled: true, consecutiveFailures: 0 });
    const audit = await t.sql(`select action from audit_entries where target_id = $1 order by id`, [e.id]);
    expect(audit).toEqual([{ action: 'webhook.create' }, { action: 'webhook.enable' }]);
  });

  it('a redelivery sends the same message id again, logged as a redelivery', async () => {
    const rx = await receiver();
    const b = await make.brand();
    const { endpoint: e, secret } = await endpoint({ brandId: b.id, url: rx.url });
    await make.campaigns(b.id, 1);
    await until('the delivery', () => rx.received.length >= 1);
    const [delivery] = await until('its log row', async () => ((await deliveries(e.id)).length ? deliveries(e.id) : null));
    const { messageId } = await db().$transaction((tx) => redeliverWebhook(tx, { deliveryId: String(delivery!.id) }, OPERATOR, new Date()));
    expect(messageId).toBe(delivery!.messageId);
    await until('the redelivery', () => rx.received.length >= 2);
    expect(ids(rx.received)).toEqual([messageId, messageId]);
    expect(rx.received[1]!.body).toBe(rx.received[0]!.body);
    expect(verify(secret, rx.received[1]!)).toBe(true);
    const log = await until('two log rows', async () => ((await deliveries(e.id)).length >= 2 ? deliveries(e.id) : null));
    expect(log.map((d) => [d.messageId, d.redelivery, d.statusCode])).toEqual([
      [messageId, false, 200],
      [messageId, true, 200],
    ]);
    // by endpoint and message id too; a message of another brand is not this endpoint's
    await db().$transaction((tx) => redeliverWebhook(tx, { endpointId: e.id, messageId }, OPERATOR, new Date()));
    await until('the second redelivery', () => rx.received.length >= 3);
    const other = await make.brand();
    const [oc] = await make.campaigns(other.id, 1);
    const [foreign] = await make.events(oc!.id);
    await expect(
      db().$transaction((tx) => redeliverWebhook(tx, { endpointId: e.id, messageId: `evt_${foreign!.id}` }, OPERATOR, new Date())),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'messageId' });
  });

  it('a disabled endpoint is sent its redeliveries and nothing else; a failed one is not tried again and backs the endpoint off', async () => {
    const rx = await receiver();
    const { e, c } = await disabledEndpoint(rx);
    await idle(e.id);
    const [event] = await make.events(c.id);
    const redeliver = () =>
      db().$transaction((tx) => redeliverWebhook(tx, { endpointId: e.id, messageId: `evt_${event!.id}` }, OPERATOR, new Date()));

    await redeliver();
    await until('the failed redelivery', async () => (await deliveries(e.id)).some((d) => d.redelivery));
    await idle(e.id);
    expect(rx.received).toHaveLength(MAX_FAILURES + 1);
    const failed = await db().webhookEndpoint.findUnique({ where: { id: e.id } });
    expect(failed).toMatchObject({ enabled: false, consecutiveFailures: MAX_FAILURES + 1, redeliveries: [] });
    expect(failed!.nextAttemptAt).not.toBeNull();
    expect(failed!.disabledReason).toMatch(/3 deliveries in a row failed/);

    rx.answers = [200];
    await redeliver();
    await until('the second redelivery answered', async () => (await deliveries(e.id)).filter((d) => d.redelivery).length === 2);
    await idle(e.id);
    expect(rx.received).toHaveLength(MAX_FAILURES + 2);
    expect((await deliveries(e.id)).map((d) => [d.redelivery, d.attempt, d.statusCode]).slice(-2)).toEqual([
      [true, 1, 503],
      [true, 2, 200],
    ]);
    // not before the backoff the failed redelivery set
    expect(rx.received.at(-1)!.at - rx.received.at(-2)!.at).toBeGreaterThanOrEqual(50 * 2 ** MAX_FAILURES - 10);
    await expect(db().webhookEndpoint.findUnique({ where: { id: e.id } })).resolves.toMatchObject({
      enabled: false,
      consecutiveFailures: 0,
    });
  });
});

describe('webhook endpoints', () => {
  it('refuses a plain-http URL that is not loopback, naming url, and writes nothing', async () => {
    const b = await make.brand();
    const before = await t.sql(`select (select count(*) from webhook_endpoints) e, (select count(*) from audit_entries) a`);
    for (const url of ['http://hooks.example.com/x', 'ftp://127.0.0.1/x', 'not a url', 'https://user:pw@hooks.example.com/']) {
      const error = await endpoint({ brandId: b.id, url }).catch((e: unknown) => e);
      expect(error, url).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'url' });
    }
    await expect(endpoint({ brandId: b.id, url: 'https://h.example.com', eventTypes: ['NOPE'] })).rejects.toMatchObject({
      field: 'eventTypes',
    });
    expect(await t.sql(`select (select count(*) from webhook_endpoints) e, (select count(*) from audit_entries) a`)).toEqual(before);
    for (const url of ['http://localhost:9/x', 'http://[::1]:9/x', 'https://hooks.example.com/budget']) {
      await expect(endpoint({ brandId: b.id, url }, OPERATOR, ['[::1]'])).resolves.toBeDefined();
    }
  });

  it('refuses, naming url, an address that is not public as written unless OUTBOUND_ALLOW_HOSTS names it; names wait for delivery', async () => {
    const b = await make.brand();
    const count = async () => (await t.sql<{ n: number }>(`select count(*)::int n from webhook_endpoints`))[0]!.n;
    const before = await count();
    const refused = [
      'https://169.254.169.254/latest/meta-data',
      'https://10.0.0.1/',
      'https://[::ffff:169.254.169.254]/',
      'https://0:8080/',
      'https://127.1/',
      'http://127.0.0.1:5432/',
      'http://[::1]/',
      'https://[fd00::1]/',
    ];
    for (const url of refused) {
      const error = await endpoint({ brandId: b.id, url }, OPERATOR, ['127.0.0.1:80']).catch((e: unknown) => e);
      expect(error, url).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'url', message: expect.stringMatching(/OUTBOUND_ALLOW_HOSTS/) });
    }
    expect(await count()).toBe(before);
    // exactly the named host, or host:port
    await expect(endpoint({ brandId: b.id, url: 'http://127.0.0.1/x' }, OPERATOR, ['127.0.0.1:80'])).resolves.toBeDefined();
    await expect(endpoint({ brandId: b.id, url: 'https://10.0.0.1:8443/' }, OPERATOR, ['10.0.0.1'])).resolves.toBeDefined();
    // a name is resolved at each delivery (a name for 127.0.0.1 is refused then, see outbound.test.ts)
    await expect(endpoint({ brandId: b.id, url: 'http://localhost:9/x' }, OPERATOR, [])).resolves.toBeDefined();
    // and an update is held to the same rule
    const { endpoint: e } = await endpoint({ brandId: b.id, url: 'https://hooks.example.com/' }, OPERATOR, []);
    await expect(
      db().$transaction((tx) => updateWebhookEndpoint(tx, e.id, { url: 'https://192.168.1.1/' }, OPERATOR, new Date(), [])),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'url' });
  });

  it('a key limited to some brands manages only their endpoints, and none for every brand', async () => {
    const mine = await make.brand();
    const theirs = await make.brand();
    const limited: Scope = { actor: 'limited', role: 'operator', brandIds: [mine.id] };
    await expect(endpoint({ url: 'https://h.example.com' }, limited)).rejects.toMatchObject({ code: 'FORBIDDEN', field: 'brandId' });
    await expect(endpoint({ brandId: theirs.id, url: 'https://h.example.com' }, limited)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const { endpoint: everyBrand } = await endpoint({ url: 'https://h.example.com' });
    await expect(db().$transaction((tx) => enableWebhookEndpoint(tx, everyBrand.id, limited, new Date()))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(endpoint({ brandId: mine.id, url: 'https://h.example.com' }, limited)).resolves.toBeDefined();
  });
});

describe('webhooks over GraphQL', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(t.url);
  });
  afterAll(() => s.close());

  it('answers the secret once: at creation and rotation, never in a query or the audit trail', async () => {
    const b = await make.brand();
    const created = await s.gql(
      `mutation ($b: ID) { createWebhookEndpoint(input: { brandId: $b, url: "https://hooks.example.com/b", eventTypes: [BUDGET_ALERT] }) {
         secret endpoint { id url eventTypes enabled consecutiveFailures brand { id } deliveries { totalCount } } } }`,
      { b: b.id },
    );
    expect(created.errors).toBeUndefined();
    const { secret, endpoint: e } = created.data.createWebhookEndpoint;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(e).toMatchObject({ url: 'https://hooks.example.com/b', eventTypes: ['BUDGET_ALERT'], enabled: true, brand: { id: b.id } });
    expect((await s.gql(`query ($id: ID!) { webhookEndpoint(id: $id) { secret } }`, { id: e.id })).errors?.[0]?.message).toMatch(
      /Cannot query field "secret"/,
    );
    const listed = await s.gql(`query ($b: ID) { webhookEndpoints(brandId: $b) { totalCount edges { node { id } } } }`, { b: b.id });
    expect(listed.data.webhookEndpoints).toEqual({ totalCount: 1, edges: [{ node: { id: e.id } }] });
    const rotated = await s.gql(`mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`, { id: e.id });
    expect(rotated.data.rotateWebhookSecret.secret).toMatch(/^whsec_/);
    expect(rotated.data.rotateWebhookSecret.secret).not.toBe(secret);
    const audit = JSON.stringify(await t.sql(`select * from audit_entries where target_id = $1`, [e.id]));
    expect(audit).toContain('webhook.create');
    expect(audit).toContain('https://hooks.example.com');
    expect(audit).not.toContain('hooks.example.com/b'); // viewers read the audit trail: the origin only
    expect(audit).not.toContain(secret.slice(6));
    expect(audit).not.toContain(rotated.data.rotateWebhookSecret.secret.slice(6));

    const bad = await s.gql(`mutation { createWebhookEndpoint(input: { url: "http://hooks.example.com/" }) { secret } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'url' });
    expect((await s.gql(`mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }`, { id: e.id })).data.deleteWebhookEndpoint).toBe(e.id);
    expect((await s.gql(`query ($id: ID!) { webhookEndpoint(id: $id) { id } }`, { id: e.id })).data.webhookEndpoint).toBeNull();
  });
});
