// The audit trail over GraphQL: every kind of change (each action of AUDIT_ACTIONS) made through
// the API, and what its entry says: who, and the fields before and after (money as Money strings,
// a creation's after only, a deletion's before only), never a secret or a key. Archiving a brand
// pauses its campaigns (each pause an entry of its own) and hides it; deleting a brand with
// spends names archiving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditChanges } from '../../src/domain/audit.ts';
import { demoSeed } from '../../src/simulator/demo.ts';
import type { TestDb } from '../helpers/db.ts';
import { platformTestSettings, SECRET_KEY } from '../helpers/platforms.ts';
import { closeServer, okData, serverForFile, type TestServer } from '../helpers/server.ts';
import { control, simulator, type Simulator } from '../helpers/simulator.ts';

let t: TestDb;
let s: TestServer;
// the ad accounts' actions need a platform to answer
let sim: Simulator;
beforeAll(async () => {
  sim = await simulator(demoSeed(Date.now()));
  ({ t, s } = await serverForFile({
    outboundAllowHosts: [new URL(sim.url).host],
    platforms: { ...platformTestSettings(sim), secretKey: SECRET_KEY },
  }));
});
afterAll(async () => {
  await closeServer(t, s);
  await sim.close();
});

interface Entry {
  action: string;
  actor: string;
  targetType: string;
  targetId: string;
  before: string | null;
  after: string | null;
}

const trail = async (targetId?: string): Promise<Entry[]> =>
  (
    await okData(
      s,
      `query ($t: String) { auditEntries(targetId: $t, first: 500) { edges { node { action actor targetType targetId before after } } } }`,
      { t: targetId ?? null },
    )
  ).auditEntries.edges.map((e: { node: Entry }) => e.node);

/** An entry's changed fields, as "field: before → after" (JSON values). */
const changed = (e: Entry) =>
  auditChanges(e.before && JSON.parse(e.before), e.after && JSON.parse(e.after)).map(
    (c) => `${c.field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`,
  );

describe('the audit trail records before and after for every kind of change', () => {
  const seen = new Map<string, Entry[]>();
  let brandId: string;
  let campaignId: string;

  beforeAll(async () => {
    const gql = (query: string, variables?: Record<string, unknown>) => okData(s, query, variables);
    brandId = (await gql(`mutation { createBrand(input: { name: "Audited", dailyBudget: "100.00", monthlyBudget: "2000" }) { id } }`))
      .createBrand.id;
    await gql(
      `mutation ($id: ID!) { updateBrand(id: $id, input: { dailyBudget: "150.00", timezone: "Europe/Paris", alertThresholds: [50, 90] }) { id } }`,
      { id: brandId },
    );
    campaignId = (await gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Search" }) { id } }`, { b: brandId }))
      .createCampaign.id;
    await gql(
      `mutation ($id: ID!) { updateCampaign(id: $id, input: { name: "Search EU", platform: "google", externalCampaignId: "g-1" }) { id } }`,
      { id: campaignId },
    );
    await gql(`mutation ($id: ID!) { pauseCampaign(id: $id) { id } }`, { id: campaignId });
    await gql(`mutation ($id: ID!) { resumeCampaign(id: $id) { id } }`, { id: campaignId });
    await gql(`mutation ($id: ID!) { archiveCampaign(id: $id) { id } }`, { id: campaignId });
    await gql(`mutation ($id: ID!) { unarchiveCampaign(id: $id) { id } }`, { id: campaignId });
    await gql(`mutation ($id: ID!) { resumeCampaign(id: $id) { id } }`, { id: campaignId });

    const scheduleId = (
      await gql(
        `mutation ($c: ID!) { createSchedule(input: { campaignId: $c, dayOfWeek: MONDAY, startTime: "09:00", endTime: "18:00" }) { id } }`,
        { c: campaignId },
      )
    ).createSchedule.id;
    await gql(`mutation ($id: ID!) { updateSchedule(id: $id, input: { endTime: "20:00", isActive: false }) { id } }`, { id: scheduleId });
    await gql(`mutation ($id: ID!) { deleteSchedule(id: $id) }`, { id: scheduleId });
    await gql(
      `mutation ($c: ID!) { setSchedules(campaignId: $c, windows: [{ dayOfWeek: FRIDAY, startTime: "22:00", endTime: "02:00" }]) { id } }`,
      { c: campaignId },
    );
    const temp = (await gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Temp" }) { id } }`, { b: brandId }))
      .createCampaign.id;
    await gql(`mutation ($id: ID!) { deleteCampaign(id: $id) }`, { id: temp });

    await gql(`mutation ($b: [ID!]) { createApiKey(name: "reporting", role: viewer, brandIds: $b) { key } }`, { b: [brandId] });
    await gql(`mutation { revokeApiKey(id: "reporting") { id } }`);

    const hook = (
      await gql(
        `mutation ($b: ID) { createWebhookEndpoint(input: { brandId: $b, url: "https://hooks.example.com/hook/secret-token", description: "ops" }) {
           endpoint { id } secret } }`,
        { b: brandId },
      )
    ).createWebhookEndpoint.endpoint.id;
    await gql(
      `mutation ($id: ID!) { updateWebhookEndpoint(id: $id, input: { description: "ops room", eventTypes: [BUDGET_ALERT] }) { id } }`,
      {
        id: hook,
      },
    );
    // disabled by the outbox after failures (behind the API), enabled again by an operator
    await t.sql(
      `update webhook_endpoints set enabled = false, disabled_at = now(), disabled_reason = '10 failed deliveries', consecutive_failures = 10 where id = $1`,
      [hook],
    );
    await gql(`mutation ($id: ID!) { enableWebhookEndpoint(id: $id) { id } }`, { id: hook });
    await gql(`mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`, { id: hook });
    const [event] = await t.sql<{ id: string }>(
      `select id::text from campaign_status_events where brand_id = $1 order by id desc limit 1`,
      [brandId],
    );
    await gql(`mutation ($e: ID, $m: String) { redeliverWebhook(endpointId: $e, messageId: $m) { messageId } }`, {
      e: hook,
      m: `evt_${event!.id}`,
    });
    await gql(`mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }`, { id: hook });

    // an override started and cancelled at once (its until only has to be ahead, within the brand's month)
    const overrideId = (
      await gql(
        `mutation ($c: ID, $u: DateTime!) { startOverride(input: { campaignId: $c, lifts: [DAILY_BUDGET], until: $u, reason: "launch day" }) { id } }`,
        { c: campaignId, u: new Date(Date.now() + 30_000).toISOString() },
      )
    ).startOverride.id;
    await gql(`mutation ($id: ID!) { cancelOverride(id: $id) { id } }`, { id: overrideId });

    // an ad account connected, its credentials replaced, its campaigns imported, disconnected
    const ads = (await gql(`mutation { createBrand(input: { name: "Audited ads", timezone: "America/New_York" }) { id } }`)).createBrand.id;
    const account = (
      await gql(
        `mutation ($b: ID!) { connectAdAccount(input: { brandId: $b, platform: META, externalAccountId: "act_100000000000001", credentials: { accessToken: "EAASIM-demo-token" } }) { id } }`,
        { b: ads },
      )
    ).connectAdAccount.id;
    const issued = (await control(sim, 'POST', '/accounts/act_100000000000001/credentials', { action: 'issue' })).body.token as string;
    await gql(`mutation ($id: ID!, $t: String) { updateAdAccountCredentials(id: $id, credentials: { accessToken: $t }) { id } }`, {
      id: account,
      t: issued,
    });
    await gql(`mutation ($id: ID!) { importAdCampaigns(adAccountId: $id) { created } }`, { id: account });
    await gql(`mutation ($id: ID!) { disconnectAdAccount(id: $id) }`, { id: account });

    await gql(`mutation ($id: ID!) { archiveBrand(id: $id) { id } }`, { id: brandId });
    await gql(`mutation ($id: ID!) { unarchiveBrand(id: $id) { id } }`, { id: brandId });
    const gone = (await gql(`mutation { createBrand(input: { name: "Gone" }) { id } }`)).createBrand.id;
    await gql(`mutation ($id: ID!) { deleteBrand(id: $id) }`, { id: gone });

    for (const e of await trail()) seen.set(e.action, [...(seen.get(e.action) ?? []), e]);
  });

  it('every action is made here, each by the key that made it', () => {
    expect([...seen.keys()].sort()).toEqual([...AUDIT_ACTIONS].sort());
    expect(new Set([...seen.values()].flat().map((e) => e.actor))).toEqual(new Set(['BUDGET_ADMIN_KEY']));
  });

  it('a creation has its after only, a deletion its before only, a change both, and they differ', () => {
    for (const [action, entries] of seen) {
      for (const e of entries) {
        if (/\.(create|start|connect)$/.test(action)) expect([e.before, typeof e.after], action).toEqual([null, 'string']);
        else if (/\.(delete|disconnect)$/.test(action)) expect([typeof e.before, e.after], action).toEqual(['string', null]);
        else if (action !== 'webhook.redeliver') {
          expect([typeof e.before, typeof e.after], action).toEqual(['string', 'string']);
          expect(changed(e).length, `${action} changes something`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('brands: budgets as Money strings, the timezone, the thresholds, archiving', () => {
    expect(JSON.parse(seen.get('brand.create')!.find((e) => e.targetId === brandId)!.after!)).toEqual({
      name: 'Audited',
      currency: 'USD',
      timezone: 'UTC',
      dailyBudget: '100.00',
      monthlyBudget: '2000.00',
      alertThresholds: [80, 95],
      driftPolicy: 'REPAUSE',
      archived: false,
    });
    expect(changed(seen.get('brand.update')![0]!)).toEqual([
      'timezone: "UTC" → "Europe/Paris"',
      'dailyBudget: "100.00" → "150.00"',
      'alertThresholds: [80,95] → [50,90]',
    ]);
    expect(changed(seen.get('brand.archive')![0]!)).toEqual(['archived: false → true']);
    expect(changed(seen.get('brand.unarchive')![0]!)).toEqual(['archived: true → false']);
    expect(JSON.parse(seen.get('brand.delete')![0]!.before!)).toMatchObject({ name: 'Gone', dailyBudget: null });
  });

  it('campaigns: the rename, each pause and resume (archiving the brand pauses too), archiving', () => {
    expect(changed(seen.get('campaign.update')![0]!)).toEqual([
      'name: "Search" → "Search EU"',
      'platform: null → "google"',
      'externalCampaignId: null → "g-1"',
    ]);
    const [paused, byArchiving] = seen.get('campaign.pause')!;
    expect(changed(paused!)).toEqual(['status: "ACTIVE" → "PAUSED"', 'pauseReason: null → "MANUAL"']);
    // the brand archived: its one campaign paused by the operator who archived it (from ACTIVE or
    // PAUSED / DAYPARTING, as its Friday-night window stands when the test runs)
    expect(byArchiving).toMatchObject({ targetId: campaignId });
    expect(JSON.parse(byArchiving!.after!)).toMatchObject({ status: 'PAUSED', pauseReason: 'MANUAL' });
    expect(changed(byArchiving!)).toContain(`pauseReason: ${JSON.stringify(JSON.parse(byArchiving!.before!).pauseReason)} → "MANUAL"`);
    expect(seen.get('campaign.resume')!.map(changed)).toEqual([
      ['status: "PAUSED" → "ACTIVE"', 'pauseReason: "MANUAL" → null'],
      ['status: "PAUSED" → "ACTIVE"', 'pauseReason: "MANUAL" → null'],
    ]);
    expect(changed(seen.get('campaign.archive')![0]!)).toEqual([
      'status: "ACTIVE" → "PAUSED"',
      'archived: false → true',
      'pauseReason: null → "MANUAL"',
    ]);
    expect(changed(seen.get('campaign.unarchive')![0]!)).toEqual(['archived: true → false']);
    expect(JSON.parse(seen.get('campaign.delete')![0]!.before!)).toMatchObject({ name: 'Temp' });
  });

  it('windows: one changed, one deleted, all replaced', () => {
    expect(changed(seen.get('schedule.update')![0]!)).toEqual(['endTime: "18:00" → "20:00"', 'isActive: true → false']);
    expect(JSON.parse(seen.get('schedule.delete')![0]!.before!)).toMatchObject({
      dayOfWeek: 'MONDAY',
      startTime: '09:00',
      endTime: '20:00',
    });
    const set = seen.get('schedule.set')![0]!;
    expect(set).toMatchObject({ targetType: 'Campaign', targetId: campaignId });
    expect(JSON.parse(set.before!)).toEqual({ windows: [] });
    expect(JSON.parse(set.after!)).toEqual({
      windows: [{ campaignId, dayOfWeek: 'FRIDAY', startTime: '22:00', endTime: '02:00', isActive: true }],
    });
  });

  it('keys and webhooks: what changed, never a secret, a token or a URL’s path', async () => {
    expect(JSON.parse(seen.get('key.create')![0]!.after!)).toEqual({
      name: 'reporting',
      role: 'viewer',
      brandIds: [brandId],
      revoked: false,
    });
    expect(changed(seen.get('key.revoke')![0]!)).toEqual(['revoked: false → true']);
    // (in the order PostgreSQL's jsonb keeps keys: shorter first)
    expect(changed(seen.get('webhook.update')![0]!)).toEqual([
      'eventTypes: ["CAMPAIGN_STATUS_CHANGED","BUDGET_ALERT","PLATFORM_EVENT"] → ["BUDGET_ALERT"]',
      'description: "ops" → "ops room"',
    ]);
    expect(changed(seen.get('webhook.enable')![0]!)).toEqual([
      'enabled: false → true',
      'disabledReason: "10 failed deliveries" → null',
      'consecutiveFailures: 10 → 0',
    ]);
    expect(changed(seen.get('webhook.rotate_secret')![0]!)).toHaveLength(1);
    const all = JSON.stringify(await trail());
    expect(all).not.toMatch(/whsec_|bk_[0-9a-f]{32}|secret-token|secretHash|secret_hash/);
  });

  it('ad accounts: what the platform says of the account, the campaigns linked, that credentials changed, never them', async () => {
    expect(JSON.parse(seen.get('adAccount.connect')![0]!.after!)).toEqual({
      platform: 'META',
      externalAccountId: 'act_100000000000001',
      name: 'Acme Social (demo)',
      currency: 'USD',
      timeZone: 'America/New_York',
      status: 'ACTIVE',
      lastError: null,
    });
    expect(changed(seen.get('adAccount.credentials')![0]!)).toEqual([
      'credentials: "the previous ones" → "new ones, accepted by the platform"',
    ]);
    expect(changed(seen.get('adAccount.import')![0]!)).toEqual([
      'linkedCampaigns: 0 → 3',
      'linked: null → 0',
      'created: null → 3',
      'skipped: null → 0',
    ]);
    expect(JSON.parse(seen.get('adAccount.disconnect')![0]!.before!)).toMatchObject({
      externalAccountId: 'act_100000000000001',
      linkedCampaigns: 3,
    });
    expect(JSON.stringify(await trail())).not.toMatch(/EAASIM|accessToken/);
  });

  it('deleting a brand with spends answers HAS_SPEND_HISTORY and names archiving; archived, it leaves the lists', async () => {
    await okData(s, `mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "1.00" }) { duplicate } }`, { c: campaignId });
    const refused = await s.gql(`mutation ($id: ID!) { deleteBrand(id: $id) }`, { id: brandId });
    expect(refused.errors?.[0]).toMatchObject({
      message: expect.stringContaining('archive it instead (archiveBrand)'),
      extensions: { code: 'HAS_SPEND_HISTORY', field: 'id' },
    });
    expect(refused.status).toBe(200);
  });
});

describe('the trail filtered by actor and action', () => {
  const LIST = `query ($brandId: ID, $actor: String, $action: String) {
    auditEntries(brandId: $brandId, actor: $actor, action: $action, last: 100) { totalCount edges { node { actor action brandId } } }
  }`;

  it('answers one actor’s or one action’s entries (GraphQL and REST), and refuses a bad filter naming it', async () => {
    const b = (await okData(s, `mutation { createBrand(input: { name: "Filtered", dailyBudget: "100.00" }) { id } }`)).createBrand.id;
    const key = (
      await okData(s, `mutation ($b: [ID!]) { createApiKey(name: "filter-ops", role: operator, brandIds: $b) { key } }`, { b: [b] })
    ).createApiKey.key;
    const asOps = { authorization: `Bearer ${key}` };
    await s.gql(`mutation ($b: ID!) { updateBrand(id: $b, input: { dailyBudget: "120.00" }) { id } }`, { b }, asOps);
    await s.gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Ops" }) { id } }`, { b }, asOps);

    const byOps = (await okData(s, LIST, { brandId: b, actor: 'filter-ops' })).auditEntries;
    expect(byOps.totalCount).toBe(2);
    expect(byOps.edges.map((e: any) => [e.node.actor, e.node.action, e.node.brandId])).toEqual([
      ['filter-ops', 'brand.update', b],
      ['filter-ops', 'campaign.create', b],
    ]);
    const updates = (await okData(s, LIST, { brandId: b, action: 'brand.update' })).auditEntries;
    expect(updates.edges.map((e: any) => e.node.actor)).toEqual(['filter-ops']);
    const both = (await okData(s, LIST, { brandId: b, actor: 'BUDGET_ADMIN_KEY', action: 'brand.create' })).auditEntries;
    expect(both.totalCount).toBe(1);
    expect((await okData(s, LIST, { actor: 'nobody-at-all' })).auditEntries.totalCount).toBe(0);

    const rest = await fetch(`${s.url}/api/audit-entries/?brand=${b}&actor=filter-ops&action=campaign.create`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(rest.status).toBe(200);
    expect(((await rest.json()) as { action: string; actor: string }[]).map((e) => `${e.actor} ${e.action}`)).toEqual([
      'filter-ops campaign.create',
    ]);

    const badAction = await s.gql(LIST, { action: 'brand.explode' });
    expect(badAction.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^action must be one of brand\.create, .*; got "brand\.explode"$/),
      extensions: { code: 'INVALID_ARGUMENT', field: 'action' },
    });
    const badActor = await s.gql(LIST, { actor: 'x'.repeat(201) });
    expect(badActor.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'actor' });
    const restBad = await fetch(`${s.url}/api/audit-entries/?action=nope`, { headers: { authorization: `Bearer ${key}` } });
    expect(restBad.status).toBe(400);
    expect(JSON.stringify(await restBad.json())).toContain('action must be one of');
  });
});

describe('archiving a brand', () => {
  const LISTS = `query ($id: ID!) {
    brands { edges { node { id } } }
    all: brands(includeArchived: true) { edges { node { id archivedAt } } }
    campaigns { edges { node { brandId } } }
    every: campaigns(includeArchived: true) { edges { node { brandId } } }
    brand(id: $id) { archivedAt campaigns(includeArchived: true) { edges { node { name status pauseReason archivedAt } } } }
  }`;

  it('hides it, stops its campaigns, keeps its history; unarchived, its campaigns stay PAUSED / MANUAL', async () => {
    const gql = (query: string, variables?: Record<string, unknown>) => okData(s, query, variables);
    const b = (await gql(`mutation { createBrand(input: { name: "Seasonal", dailyBudget: "10.00" }) { id } }`)).createBrand.id;
    const ids: string[] = [];
    for (const name of ['Running', 'Spent', 'Old'])
      ids.push(
        (await gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "${name}" }) { id } }`, { b })).createCampaign.id,
      );
    await gql(`mutation ($id: ID!) { archiveCampaign(id: $id) { id } }`, { id: ids[2] });
    await gql(`mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "10.00" }) { duplicate } }`, { c: ids[1] });
    // both live campaigns are paused by the budget now; archiving makes them MANUAL
    const archived = await gql(`mutation ($id: ID!) { archiveBrand(id: $id) { archivedAt } }`, { id: b });
    expect(archived.archiveBrand.archivedAt).toEqual(expect.any(String));
    const lists = await gql(LISTS, { id: b });
    expect(lists.brands.edges.map((e: any) => e.node.id)).not.toContain(b);
    expect(lists.all.edges.map((e: any) => e.node.id)).toContain(b);
    expect(lists.campaigns.edges.map((e: any) => e.node.brandId)).not.toContain(b);
    expect(lists.every.edges.map((e: any) => e.node.brandId)).toContain(b);
    expect(
      lists.brand.campaigns.edges.map((e: any) => [e.node.name, e.node.status, e.node.pauseReason, e.node.archivedAt !== null]),
    ).toEqual([
      ['Old', 'PAUSED', 'MANUAL', true],
      ['Running', 'PAUSED', 'MANUAL', false],
      ['Spent', 'PAUSED', 'MANUAL', false],
    ]);
    const events = await t.sql<{ to_reason: string; trigger: string }>(
      `select to_reason, trigger from campaign_status_events where brand_id = $1 and trigger = 'MANUAL' and campaign_id <> $2 order by id`,
      [b, ids[2]],
    );
    expect(events).toEqual([
      { to_reason: 'MANUAL', trigger: 'MANUAL' },
      { to_reason: 'MANUAL', trigger: 'MANUAL' },
    ]);
    // frozen: no resume, no new campaign; spend is still a fact; archiving again changes nothing
    const resume = await s.gql(`mutation ($id: ID!) { resumeCampaign(id: $id) { id } }`, { id: ids[0] });
    expect(resume.errors?.[0]?.extensions).toMatchObject({ code: 'ARCHIVED', field: 'id' });
    const create = await s.gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "New" }) { id } }`, { b });
    expect(create.errors?.[0]?.extensions).toMatchObject({ code: 'ARCHIVED', field: 'brandId' });
    await gql(`mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "2.00" }) { duplicate } }`, { c: ids[0] });
    const again = await gql(`mutation ($id: ID!) { archiveBrand(id: $id) { archivedAt } }`, { id: b });
    expect(again.archiveBrand.archivedAt).toBe(archived.archiveBrand.archivedAt);
    expect((await trail(b)).filter((e) => e.action === 'brand.archive')).toHaveLength(1);
    // a reconcile leaves them where they are
    await gql(`mutation { runEnforcement(task: ALL) { checked } }`);

    await gql(`mutation ($id: ID!) { unarchiveBrand(id: $id) { archivedAt } }`, { id: b });
    const back = await gql(LISTS, { id: b });
    expect(back.brands.edges.map((e: any) => e.node.id)).toContain(b);
    expect(back.brand.archivedAt).toBeNull();
    expect(back.brand.campaigns.edges.map((e: any) => `${e.node.name} ${e.node.status}/${e.node.pauseReason}`)).toEqual([
      'Old PAUSED/MANUAL',
      'Running PAUSED/MANUAL',
      'Spent PAUSED/MANUAL',
    ]);
    // an operator resumes one: the rules apply again (its brand has used the day's budget)
    const resumed = await gql(`mutation ($id: ID!) { resumeCampaign(id: $id) { status pauseReason } }`, { id: ids[0] });
    expect(resumed.resumeCampaign).toEqual({ status: 'PAUSED', pauseReason: 'DAILY_BUDGET' });
  });
});
