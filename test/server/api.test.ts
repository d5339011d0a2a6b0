// Every query and mutation of the API over HTTP, its typed errors, and no N+1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queriesDuring, type TestDb } from '../helpers/db.ts';
import { closeServer, okData, serverForFile, type TestServer } from '../helpers/server.ts';

let t: TestDb;
let s: TestServer;
beforeAll(async () => ({ t, s } = await serverForFile()));
afterAll(() => closeServer(t, s));

const ok = <T = any>(query: string, variables?: Record<string, unknown>) => okData<T>(s, query, variables);

async function refused(query: string, variables: Record<string, unknown>, code: string, field?: string) {
  const res = await s.gql(query, variables);
  expect(res.status).toBeLessThan(500);
  expect(res.errors?.[0]?.extensions, JSON.stringify(res)).toMatchObject(field ? { code, field } : { code });
  return res;
}

const brandIn = (name: string, extra: Record<string, unknown> = {}) => ({ i: { name, ...extra } });
const CREATE_BRAND = `mutation ($i: CreateBrandInput!) { createBrand(input: $i) { id } }`;
const CREATE_CAMPAIGN = `mutation ($i: CreateCampaignInput!) { createCampaign(input: $i) { id status pauseReason } }`;
const RECORD = `mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate spend { id amount spendDate source externalId } campaign { name } brand { name dailySpend } statusChanges { campaignName toStatus toReason } } }`;

async function brandWithCampaign(name: string, budgets: Record<string, unknown> = {}) {
  const brandId = (await ok(CREATE_BRAND, brandIn(name, budgets))).createBrand.id as string;
  const campaign = (
    await ok(CREATE_CAMPAIGN, { i: { brandId, name: `${name} Search`, platform: 'google', externalCampaignId: `${name}-1` } })
  ).createCampaign;
  return { brandId, campaignId: campaign.id as string };
}

describe('brands and campaigns', () => {
  it('brands(withPausedCampaigns:) filters on the server, totalCount included; archived campaigns do not count', async () => {
    const paused = await brandWithCampaign('State paused');
    await ok(`mutation ($id: ID!) { pauseCampaign(id: $id) { id } }`, { id: paused.campaignId });
    await brandWithCampaign('State active');
    const archived = await brandWithCampaign('State archived');
    await ok(`mutation ($id: ID!) { archiveCampaign(id: $id) { id } }`, { id: archived.campaignId });
    const names = async (withPaused: boolean) => {
      const data = await ok(
        `query ($p: Boolean) { brands(nameContains: "State ", withPausedCampaigns: $p) { totalCount edges { node { name } } } }`,
        {
          p: withPaused,
        },
      );
      return [data.brands.totalCount, data.brands.edges.map((e: { node: { name: string } }) => e.node.name)];
    };
    expect(await names(true)).toEqual([1, ['State paused']]);
    expect(await names(false)).toEqual([2, ['State active', 'State archived']]);
  });

  it('reads figures: spend, remaining (negative when overspent), nested campaigns, windows, spends', async () => {
    const { brandId, campaignId } = await brandWithCampaign('Figures', {
      dailyBudget: '100.00',
      monthlyBudget: '1000.00',
      timezone: 'Europe/Paris',
    });
    await ok(RECORD, { i: { campaignId, amount: '60.25' } });
    await ok(RECORD, { i: { campaignId, amount: '50.00' } });
    await ok(
      `mutation ($c: ID!) { setSchedules(campaignId: $c, windows: [{ dayOfWeek: MONDAY, startTime: "09:00", endTime: "17:00:00" }]) { id } }`,
      { c: campaignId },
    );
    const data = await ok(
      `query ($id: ID!) { brand(id: $id) { name dailySpend monthlySpend dailyRemaining monthlyRemaining
          campaigns { totalCount edges { node { name status pauseReason dailySpend monthlySpend platform externalCampaignId
            schedules { dayOfWeek startTime endTime isActive } spends(first: 1) { totalCount edges { node { amount } } } statusEvents { totalCount } } } } } }`,
      { id: brandId },
    );
    expect(data.brand).toMatchObject({
      dailySpend: '110.25',
      monthlySpend: '110.25',
      dailyRemaining: '-10.25',
      monthlyRemaining: '889.75',
    });
    const c = data.brand.campaigns.edges[0].node;
    expect(c).toMatchObject({
      status: 'PAUSED',
      dailySpend: '110.25',
      schedules: [{ dayOfWeek: 'MONDAY', startTime: '09:00', endTime: '17:00', isActive: true }],
    });
    expect(c.spends).toEqual({ totalCount: 2, edges: [{ node: { amount: '50.00' } }] });
  });

  it('updateBrand changes budgets and re-applies the state; deleteBrand deletes one without spends', async () => {
    const { brandId, campaignId } = await brandWithCampaign('Updatable', { dailyBudget: '1.00' });
    await ok(RECORD, { i: { campaignId, amount: '1.00' } });
    const up = await ok(
      `mutation ($id: ID!) { updateBrand(id: $id, input: { dailyBudget: null, name: "Updated" }) { name dailyBudget dailyRemaining campaigns { edges { node { status } } } } }`,
      { id: brandId },
    );
    expect(up.updateBrand).toEqual({
      name: 'Updated',
      dailyBudget: null,
      dailyRemaining: null,
      campaigns: { edges: [{ node: { status: 'ACTIVE' } }] },
    });
    await refused(`mutation ($id: ID!) { deleteBrand(id: $id) }`, { id: brandId }, 'HAS_SPEND_HISTORY');
    const idle = (await ok(CREATE_BRAND, brandIn('Idle'))).createBrand.id;
    expect(await ok(`mutation ($id: ID!) { deleteBrand(id: $id) }`, { id: idle })).toEqual({ deleteBrand: idle });
    expect(await ok(`query ($id: ID!) { brand(id: $id) { id } }`, { id: idle })).toEqual({ brand: null });
  });

  it('campaign lifecycle: update, pause, resume, archive (hidden from lists), unarchive, delete', async () => {
    const { brandId, campaignId } = await brandWithCampaign('Lifecycle');
    expect(
      (await ok(`mutation ($id: ID!) { updateCampaign(id: $id, input: { name: "Renamed" }) { name platform } }`, { id: campaignId }))
        .updateCampaign,
    ).toEqual({ name: 'Renamed', platform: 'google' });
    expect((await ok(`mutation ($id: ID!) { pauseCampaign(id: $id) { status pauseReason } }`, { id: campaignId })).pauseCampaign).toEqual({
      status: 'PAUSED',
      pauseReason: 'MANUAL',
    });
    expect((await ok(`mutation ($id: ID!) { resumeCampaign(id: $id) { status pauseReason } }`, { id: campaignId })).resumeCampaign).toEqual(
      { status: 'ACTIVE', pauseReason: null },
    );
    await ok(`mutation ($id: ID!) { archiveCampaign(id: $id) { archivedAt } }`, { id: campaignId });
    await refused(`mutation ($id: ID!) { resumeCampaign(id: $id) { id } }`, { id: campaignId }, 'ARCHIVED');
    const lists = await ok(
      `query ($b: ID!) { hidden: campaigns(brandId: $b) { totalCount } shown: campaigns(brandId: $b, includeArchived: true) { totalCount } }`,
      { b: brandId },
    );
    expect(lists).toEqual({ hidden: { totalCount: 0 }, shown: { totalCount: 1 } });
    expect(
      (await ok(`mutation ($id: ID!) { unarchiveCampaign(id: $id) { status pauseReason archivedAt } }`, { id: campaignId }))
        .unarchiveCampaign,
    ).toEqual({ status: 'PAUSED', pauseReason: 'MANUAL', archivedAt: null });
    expect(await ok(`mutation ($id: ID!) { deleteCampaign(id: $id) }`, { id: campaignId })).toEqual({ deleteCampaign: campaignId });
    expect(await ok(`query ($id: ID!) { campaign(id: $id) { id } }`, { id: campaignId })).toEqual({ campaign: null });
  });

  it('lists page with opaque cursors, in name order, with totalCount respecting filters', async () => {
    for (const n of ['Pg C', 'Pg A', 'Pg B']) await ok(CREATE_BRAND, brandIn(n));
    const first = await ok(
      `{ brands(first: 2, nameContains: "pg ") { totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }`,
    );
    expect(first.brands.totalCount).toBe(3);
    expect(first.brands.edges.map((e: any) => e.node.name)).toEqual(['Pg A', 'Pg B']);
    const next = await ok(
      `query ($a: String) { brands(first: 2, after: $a, nameContains: "pg ") { pageInfo { hasNextPage } edges { node { name } } } }`,
      { a: first.brands.pageInfo.endCursor },
    );
    expect(next.brands).toEqual({ pageInfo: { hasNextPage: false }, edges: [{ node: { name: 'Pg C' } }] });
    // or by position: offset skips rows first (after `after`, when given)
    const skipped = await ok(
      `{ brands(first: 1, offset: 1, nameContains: "pg ") { totalCount pageInfo { hasNextPage } edges { node { name } } } }`,
    );
    expect(skipped.brands).toEqual({ totalCount: 3, pageInfo: { hasNextPage: true }, edges: [{ node: { name: 'Pg B' } }] });
    const a = (await ok(`{ brands(first: 1, nameContains: "pg ") { pageInfo { endCursor } } }`)).brands.pageInfo.endCursor;
    const after = await ok(`query ($a: String) { brands(after: $a, offset: 1, nameContains: "pg ") { edges { node { name } } } }`, { a });
    expect(after.brands.edges.map((e: any) => e.node.name)).toEqual(['Pg C']);
    await refused(`{ brands(offset: -1) { totalCount } }`, {}, 'INVALID_ARGUMENT', 'offset');
    await refused(`{ spends(offset: 100001) { totalCount } }`, {}, 'INVALID_ARGUMENT', 'offset');
    await refused(`{ brands(first: 501) { totalCount } }`, {}, 'INVALID_ARGUMENT', 'first');
    await refused(`{ brands(after: "not-a-cursor") { totalCount } }`, {}, 'INVALID_ARGUMENT');
    await refused(`{ spends(after: "R1BDOlM6eHl6") { totalCount } }`, {}, 'INVALID_ARGUMENT');
  });
});

describe('spends', () => {
  it('recordSpend answers the spend, campaign, brand and status changes; a repeat is a duplicate', async () => {
    const { campaignId } = await brandWithCampaign('Ledger', { dailyBudget: '10.00' });
    const first = await ok(RECORD, {
      i: { campaignId, amount: '10', source: 'meta', externalId: 'x-1', occurredAt: new Date().toISOString() },
    });
    expect(first.recordSpend).toMatchObject({
      duplicate: false,
      spend: { amount: '10.00', source: 'meta', externalId: 'x-1' },
      campaign: { name: 'Ledger Search' },
      brand: { dailySpend: '10.00' },
      statusChanges: [{ campaignName: 'Ledger Search', toStatus: 'PAUSED', toReason: 'DAILY_BUDGET' }],
    });
    const again = await ok(RECORD, { i: { campaignId, amount: '10.00', source: 'meta', externalId: 'x-1' } });
    expect(again.recordSpend).toMatchObject({ duplicate: true, spend: { id: first.recordSpend.spend.id }, statusChanges: [] });
  });

  it('by platform reference instead of campaignId', async () => {
    await brandWithCampaign('ByRef');
    const r = await ok(RECORD, { i: { platform: 'google', externalCampaignId: 'ByRef-1', amount: '3.00' } });
    expect(r.recordSpend.campaign.name).toBe('ByRef Search');
  });

  it('recordSpends answers every item and writes the valid ones', async () => {
    const { campaignId } = await brandWithCampaign('Batch');
    const r = await ok(
      `mutation ($is: [SpendInput!]!) { recordSpends(inputs: $is) { index duplicate spend { amount } error { code field message } } }`,
      {
        is: [
          { campaignId, amount: '1.00', externalId: 'b1' },
          { campaignId, amount: '1.001' },
          { campaignId, amount: '1.00', externalId: 'b1' },
          { campaignId: '00000000-0000-4000-8000-000000000000', amount: '1.00' },
        ],
      },
    );
    expect(
      r.recordSpends.map((i: any) => [i.index, i.duplicate, i.spend?.amount ?? null, i.error?.code ?? null, i.error?.field ?? null]),
    ).toEqual([
      [0, false, '1.00', null, null],
      [1, false, null, 'INVALID_MONEY', 'amount'],
      [2, true, '1.00', null, null],
      [3, false, null, 'NOT_FOUND', 'campaignId'],
    ]);
  });

  it('recordSpends takes 10,000 spends in one request', async () => {
    const { brandId, campaignId } = await brandWithCampaign('Bulk');
    const inputs = Array.from({ length: 10_000 }, (_, i) => ({ campaignId, amount: '0.01', externalId: `bulk-${i}` }));
    const started = performance.now();
    const r = await ok(`mutation ($is: [SpendInput!]!) { recordSpends(inputs: $is) { index error { code } } }`, { is: inputs });
    expect(r.recordSpends).toHaveLength(10_000);
    expect(r.recordSpends.filter((i: any) => i.error)).toEqual([]);
    const totals = await ok(`query ($id: ID!) { brand(id: $id) { dailySpend } }`, { id: brandId });
    expect(totals.brand.dailySpend).toBe('100.00');
    console.log(`recordSpends: 10,000 spends in ${Math.round(performance.now() - started)} ms over HTTP`);
  });

  it('spends filter by campaign, brand and brand-local dates, newest first', async () => {
    const { brandId, campaignId } = await brandWithCampaign('Dated', { timezone: 'America/New_York' });
    for (const [at, amount] of [
      ['2026-11-01T03:00:00Z', '1.00'],
      ['2026-11-02T12:00:00Z', '2.00'],
      ['2026-11-03T12:00:00Z', '3.00'],
    ]) {
      await ok(RECORD, { i: { campaignId, amount, occurredAt: at } });
    }
    const r = await ok(
      `query ($b: ID) { spends(brandId: $b, from: "2026-10-31", to: "2026-11-02") { totalCount edges { node { amount spendDate } } } }`,
      { b: brandId },
    );
    expect(r.spends).toEqual({
      totalCount: 2,
      edges: [{ node: { amount: '2.00', spendDate: '2026-11-02' } }, { node: { amount: '1.00', spendDate: '2026-10-31' } }],
    });
    await refused(`{ spends(from: "2026-02-30") { totalCount } }`, {}, 'INVALID_ARGUMENT');
  });
});

describe('windows, events, audit, enforcement', () => {
  it('createSchedule, updateSchedule, deleteSchedule, schedules', async () => {
    const { campaignId } = await brandWithCampaign('Windows');
    const created = await ok(
      `mutation ($c: ID!) { createSchedule(input: { campaignId: $c, dayOfWeek: FRIDAY, startTime: "22:00", endTime: "02:00" }) { id startTime endTime } }`,
      { c: campaignId },
    );
    const id = created.createSchedule.id;
    expect(
      (await ok(`mutation ($id: ID!) { updateSchedule(id: $id, input: { isActive: false }) { isActive dayOfWeek } }`, { id }))
        .updateSchedule,
    ).toEqual({ isActive: false, dayOfWeek: 'FRIDAY' });
    expect((await ok(`query ($c: ID!) { schedules(campaignId: $c) { id } }`, { c: campaignId })).schedules).toEqual([{ id }]);
    expect((await ok(`query ($id: ID!) { schedule(id: $id) { id campaignId } }`, { id })).schedule).toEqual({ id, campaignId });
    expect((await ok(`{ schedules { id } }`)).schedules).toContainEqual({ id });
    expect(await ok(`mutation ($id: ID!) { deleteSchedule(id: $id) }`, { id })).toEqual({ deleteSchedule: id });
    await refused(
      `mutation ($c: ID!) { createSchedule(input: { campaignId: $c, dayOfWeek: FRIDAY, startTime: "24:00", endTime: "02:00" }) { id } }`,
      { c: campaignId },
      'INVALID_ARGUMENT',
      'startTime',
    );
  });

  it('campaignStatusEvents and auditEntries page oldest first', async () => {
    const { brandId, campaignId } = await brandWithCampaign('Trail');
    await ok(`mutation ($id: ID!) { pauseCampaign(id: $id) { id } }`, { id: campaignId });
    const ev = await ok(
      `query ($b: ID) { campaignStatusEvents(brandId: $b) { totalCount edges { node { trigger fromStatus toStatus toReason actor campaign { id } brand { id } } } } }`,
      { b: brandId },
    );
    expect(ev.campaignStatusEvents.edges.map((e: any) => e.node.trigger)).toEqual(['CREATE', 'MANUAL']);
    const audit = await ok(`query ($t: String) { auditEntries(targetId: $t) { edges { node { action actor before after } } } }`, {
      t: campaignId,
    });
    expect(audit.auditEntries.edges.map((e: any) => e.node.action)).toEqual(['campaign.create', 'campaign.pause']);
    expect(JSON.parse(audit.auditEntries.edges[1].node.after)).toMatchObject({ status: 'PAUSED', pauseReason: 'MANUAL' });
    // a brand's whole trail: the brand and its campaigns
    const trail = await ok(`query ($b: ID) { auditEntries(brandId: $b) { edges { node { action targetId } } } }`, { b: brandId });
    expect(trail.auditEntries.edges.map((e: any) => e.node.action)).toEqual(['brand.create', 'campaign.create', 'campaign.pause']);
    const bad = await s.gql(`{ auditEntries(brandId: "nope") { totalCount } }`);
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'INVALID_ID', field: 'brandId' });
  });

  it('previewEnforcement writes nothing; runEnforcement applies and answers the summary', async () => {
    const { campaignId } = await brandWithCampaign('Enforce');
    await ok(
      `mutation ($c: ID!) { setSchedules(campaignId: $c, windows: [{ dayOfWeek: MONDAY, startTime: "00:00", endTime: "00:01" }]) { id } }`,
      { c: campaignId },
    );
    await t.sql(`update campaigns set status = 'ACTIVE', pause_reason = null where id = $1`, [campaignId]); // drifted behind the engine's back
    const preview = await ok(
      `query { previewEnforcement(task: ENFORCE_DAYPARTING, at: "2026-11-26T12:00:00Z") { checked paused changes { campaign { id } fromStatus toStatus toReason } } }`,
    );
    expect(preview.previewEnforcement.changes).toContainEqual({
      campaign: { id: campaignId },
      fromStatus: 'ACTIVE',
      toStatus: 'PAUSED',
      toReason: 'DAYPARTING',
    });
    expect((await ok(`query ($id: ID!) { campaign(id: $id) { status } }`, { id: campaignId })).campaign.status).toBe('ACTIVE');
    const run = await ok(
      `mutation { runEnforcement(task: ALL) { task checked paused resumed relabeled byReason { reason count } changes { campaignId trigger: toReason } } }`,
    );
    expect(run.runEnforcement.task).toBe('ALL');
    expect(run.runEnforcement.changes).toContainEqual({ campaignId, trigger: 'DAYPARTING' });
  });
});

describe('typed errors: a clear code naming the field, nothing written', () => {
  it.each([
    ['INVALID_MONEY', RECORD, { i: { campaignId: '00000000-0000-4000-8000-000000000000', amount: '1e3' } }, 'amount'],
    ['UNKNOWN_TIMEZONE', CREATE_BRAND, brandIn('Tz', { timezone: 'Atlantis/Lost' }), 'timezone'],
    ['INVALID_ID', `query { campaign(id: "123") { id } }`, {}, 'id'],
    ['INVALID_ARGUMENT', CREATE_BRAND, brandIn(''), 'name'],
    ['NOT_FOUND', `mutation { pauseCampaign(id: "00000000-0000-4000-8000-000000000000") { id } }`, {}, 'id'],
  ])('%s', async (code, query, variables, field) => {
    await refused(query, variables, code, field);
  });

  it('DUPLICATE_NAME, DUPLICATE_EXTERNAL_REF, HAS_SPEND_HISTORY, FUTURE_SPEND, IDEMPOTENCY_CONFLICT, ARCHIVED', async () => {
    const { brandId, campaignId } = await brandWithCampaign('Errs');
    await refused(CREATE_BRAND, brandIn('Errs'), 'DUPLICATE_NAME', 'name');
    await refused(CREATE_CAMPAIGN, { i: { brandId, name: 'Errs Search' } }, 'DUPLICATE_NAME', 'name');
    await refused(
      CREATE_CAMPAIGN,
      { i: { brandId, name: 'Other', platform: 'google', externalCampaignId: 'Errs-1' } },
      'DUPLICATE_EXTERNAL_REF',
      'externalCampaignId',
    );
    await ok(RECORD, { i: { campaignId, amount: '1.00', externalId: 'e-1' } });
    await refused(`mutation ($id: ID!) { deleteCampaign(id: $id) }`, { id: campaignId }, 'HAS_SPEND_HISTORY');
    await refused(
      RECORD,
      { i: { campaignId, amount: '1.00', occurredAt: new Date(Date.now() + 3_600_000).toISOString() } },
      'FUTURE_SPEND',
      'occurredAt',
    );
    await refused(RECORD, { i: { campaignId, amount: '2.00', externalId: 'e-1' } }, 'IDEMPOTENCY_CONFLICT', 'externalId');
    await ok(`mutation ($id: ID!) { archiveCampaign(id: $id) { id } }`, { id: campaignId });
    await refused(`mutation ($id: ID!) { resumeCampaign(id: $id) { id } }`, { id: campaignId }, 'ARCHIVED');
    const [n] = await t.sql<{ n: number }>(`select count(*)::int as n from spends where brand_id = $1`, [brandId]);
    expect(n).toEqual({ n: 1 });
  });

  it('malformed documents and wrong types never answer 500', async () => {
    for (const body of [
      '{',
      '{"query": 42}',
      '{"query": "{ brands { nope } }"}',
      '{"query": "mutation { createBrand(input: {}) { id } }"}',
    ]) {
      const res = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status, body).toBeLessThan(500);
    }
  });
});

describe('no N+1', () => {
  it('a 50-brand × 10-campaign page with figures, windows, overrides and spends costs the same few queries as a 5-brand page', async () => {
    await t.sql(`
      with b as (insert into brands (name, daily_budget) select 'N1 ' || lpad(g::text, 3, '0'), 10000 from generate_series(1, 50) g returning id)
      insert into campaigns (brand_id, name) select b.id, 'c' || k from b cross join generate_series(1, 10) k`);
    // an override in force for every brand, and one for a campaign of each
    await t.sql(`
      insert into overrides (brand_id, campaign_id, lifts, until, reason, created_by)
      select b.id, c.id, '{DAILY_BUDGET}', now() + interval '1 hour', 'launch', 'test'
        from brands b cross join lateral (select null::uuid as id union all (select id from campaigns where brand_id = b.id limit 1)) c
       where b.name like 'N1 %'`);
    const QUERY = `query ($n: Int) { brands(first: $n, nameContains: "N1 ") { edges { node { name dailySpend monthlySpend dailyRemaining
      overrides { reason until campaign { name } }
      campaigns(first: 10) { totalCount edges { node { name status pauseReasons liftedReasons overrides { reason createdBy } nextChange { at reason } dailySpend monthlySpend schedules { dayOfWeek } spends(first: 2) { edges { node { amount } } } } } } } } } }`;
    const count = (n: number) =>
      queriesDuring(t, async () => {
        const data = await ok(QUERY, { n });
        expect(data.brands.edges).toHaveLength(n);
      });
    // earlier tests' spends are announced to dashboards up to 250 ms later (src/feed/spendWatch.ts): that query goes now
    await s.feed.flushSpends();
    const small = await count(5);
    const large = await count(50);
    console.log(`queries for a 5-brand page: ${small}; for a 50-brand × 10-campaign page: ${large}`);
    expect(large).toBe(small);
    expect(large).toBeLessThan(20);
  });
});
