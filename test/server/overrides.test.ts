// Overrides over GraphQL: an operator starts one and the campaign says it runs on it (status,
// liftedReasons, overrides, nextChange); refusals name `until` and the other fields, roles and a
// key's brands hold; cancelling applies the rules at once; the audit trail and the status feed
// name who did it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '../helpers/db.ts';
import { middayZone } from '../helpers/make.ts';
import { closeServer, okData, serverForFile, type TestServer } from '../helpers/server.ts';

let t: TestDb;
let s: TestServer;
beforeAll(async () => ({ t, s } = await serverForFile()));
afterAll(() => closeServer(t, s));

const ok = <T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) =>
  headers
    ? s.gql<T>(query, variables, headers).then((r) => (expect(r.errors).toBeUndefined(), r.data as T))
    : okData<T>(s, query, variables);

async function key(role: string, brandIds?: string[]) {
  const r = await ok(`mutation ($n: String!, $r: ApiKeyRole!, $b: [ID!]) { createApiKey(name: $n, role: $r, brandIds: $b) { key } }`, {
    n: `${role} ${Math.random()}`,
    r: role,
    b: brandIds,
  });
  return { authorization: `Bearer ${r.createApiKey.key}` };
}

const START = `mutation ($i: StartOverrideInput!) { startOverride(input: $i) { id lifts until reason createdBy cancelledAt campaign { name } brand { name } } }`;
const CANCEL = `mutation ($id: ID!) { cancelOverride(id: $id) { id cancelledAt cancelledBy } }`;
const CAMPAIGN = `query ($id: ID!) { campaign(id: $id) { status pauseReason pauseReasons liftedReasons nextChange { at reason toReason }
  overrides { id reason createdBy until lifts campaign { name } } brand { overrides { id campaignId } } } }`;

describe('overrides over GraphQL', () => {
  let brandId: string;
  let campaignId: string;
  let operator: Record<string, string>;
  const until = () => new Date(Date.now() + 3_600_000).toISOString();

  beforeAll(async () => {
    // the override's hour ends on the day it starts (across the brand's midnight the new day's budget
    // is fresh, and nothing would pause when it ends)
    brandId = (await ok(`mutation { createBrand(input: { name: "Launch Co", dailyBudget: "10.00", timezone: "${middayZone()}" }) { id } }`))
      .createBrand.id;
    campaignId = (await ok(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Launch" }) { id } }`, { b: brandId }))
      .createCampaign.id;
    await ok(`mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "10.00" }) { duplicate } }`, { c: campaignId });
    operator = await key('operator');
  });

  it('an operator starts one: the campaign runs, says why, and when it stops', async () => {
    const end = until();
    const started = (await ok(START, { i: { campaignId, lifts: ['DAILY_BUDGET'], until: end, reason: 'launch day' } }, operator))
      .startOverride;
    expect(started).toMatchObject({
      lifts: ['DAILY_BUDGET'],
      until: end,
      reason: 'launch day',
      cancelledAt: null,
      campaign: { name: 'Launch' },
    });
    expect(started.createdBy).toMatch(/^operator /);
    const { campaign } = await ok(CAMPAIGN, { id: campaignId });
    expect(campaign).toMatchObject({
      status: 'ACTIVE',
      pauseReason: null,
      pauseReasons: [],
      liftedReasons: ['DAILY_BUDGET'],
      nextChange: { at: end, reason: 'OVERRIDE_ENDS', toReason: 'DAILY_BUDGET' },
      overrides: [{ id: started.id, reason: 'launch day', until: end, lifts: ['DAILY_BUDGET'], campaign: { name: 'Launch' } }],
      brand: { overrides: [{ id: started.id, campaignId }] },
    });
    const events = await ok(`query ($c: ID!) { campaignStatusEvents(campaignId: $c) { edges { node { trigger actor toStatus } } } }`, {
      c: campaignId,
    });
    expect(events.campaignStatusEvents.edges.at(-1).node).toMatchObject({
      trigger: 'OVERRIDE',
      toStatus: 'ACTIVE',
      actor: started.createdBy,
    });

    // cancelled: the budget applies at once
    const cancelled = (await ok(CANCEL, { id: started.id }, operator)).cancelOverride;
    expect(cancelled.cancelledBy).toBe(started.createdBy);
    expect((await ok(CAMPAIGN, { id: campaignId })).campaign).toMatchObject({
      status: 'PAUSED',
      pauseReason: 'DAILY_BUDGET',
      liftedReasons: [],
      overrides: [],
      brand: { overrides: [] },
    });
    const trail = await ok(`query ($id: String!) { auditEntries(targetId: $id) { edges { node { action actor before after } } } }`, {
      id: started.id,
    });
    expect(trail.auditEntries.edges.map((e: any) => e.node.action)).toEqual(['override.start', 'override.cancel']);
    expect(JSON.parse(trail.auditEntries.edges[1].node.after)).toMatchObject({ reason: 'launch day', cancelledAt: cancelled.cancelledAt });
  });

  it('a brand-wide one reaches every campaign of the brand', async () => {
    const other = (await ok(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Other" }) { id status } }`, { b: brandId }))
      .createCampaign;
    expect(other.status).toBe('PAUSED');
    const { startOverride } = await ok(START, { i: { brandId, lifts: ['DAILY_BUDGET', 'DAYPARTING'], until: until(), reason: 'sale' } });
    expect(startOverride.campaign).toBeNull();
    const { brand } = await ok(
      `query ($b: ID!) { brand(id: $b) { overrides { id } campaigns { edges { node { status overrides { id } } } } } }`,
      {
        b: brandId,
      },
    );
    expect(brand.overrides).toEqual([{ id: startOverride.id }]);
    expect(brand.campaigns.edges.map((e: any) => e.node)).toEqual([
      { status: 'ACTIVE', overrides: [{ id: startOverride.id }] },
      { status: 'ACTIVE', overrides: [{ id: startOverride.id }] },
    ]);
    await ok(CANCEL, { id: startOverride.id });
  });

  it('refusals name the field; viewers and keys of other brands may not; nothing is written', async () => {
    const refused = async (i: Record<string, unknown>, code: string, field?: string, headers?: Record<string, string>) => {
      const res = await s.gql(START, { i: { lifts: ['DAILY_BUDGET'], until: until(), reason: 'x', ...i } }, headers);
      expect(res.status).toBeLessThan(500);
      const { requestId: _, ...extensions } = res.errors?.[0]?.extensions as Record<string, unknown>;
      expect(extensions, JSON.stringify(res.errors)).toEqual(field ? { code, field } : { code });
    };
    await refused({ campaignId, until: new Date(Date.now() - 1000).toISOString() }, 'INVALID_ARGUMENT', 'until');
    await refused({ campaignId, until: new Date(Date.now() + 40 * 86_400_000).toISOString() }, 'INVALID_ARGUMENT', 'until');
    await refused({ campaignId, lifts: ['MANUAL'] }, 'INVALID_ARGUMENT', 'lifts[0]');
    await refused({ campaignId, reason: '' }, 'INVALID_ARGUMENT', 'reason');
    await refused({ campaignId, brandId }, 'INVALID_ARGUMENT', 'campaignId');
    await refused({ campaignId: 'nope' }, 'INVALID_ID', 'campaignId');
    await refused({ campaignId }, 'FORBIDDEN', 'Mutation.startOverride', await key('viewer'));
    const elsewhere = (await ok(`mutation { createBrand(input: { name: "Elsewhere" }) { id } }`)).createBrand.id;
    await refused({ campaignId }, 'FORBIDDEN', 'campaignId', await key('operator', [elsewhere]));
    await refused({ brandId }, 'FORBIDDEN', 'brandId', await key('operator', [elsewhere]));
    expect(await t.sql(`select count(*)::int as n from overrides`)).toEqual([{ n: 2 }]);
    const cancel = await s.gql(CANCEL, { id: '00000000-0000-4000-8000-000000000000' });
    expect(cancel.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });
});
