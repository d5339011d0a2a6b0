// Acts on many campaigns at once over HTTP: pauseCampaigns, resumeCampaigns, archiveCampaigns,
// pauseBrand, resumeBrand. One event and one audit entry per campaign changed, none for one left
// as it was; all or nothing (an unknown id, another brand's campaign, an archived one refuses it all).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '../helpers/db.ts';
import { closeServer, okData, serverForFile, type TestServer } from '../helpers/server.ts';

let t: TestDb;
let s: TestServer;
beforeAll(async () => ({ t, s } = await serverForFile()));
afterAll(() => closeServer(t, s));

const ok = <T = any>(query: string, variables?: Record<string, unknown>) => okData<T>(s, query, variables);

const OUTCOME = `{ changed { name status pauseReason archivedAt } unchanged { name } statusChanges { campaignName fromStatus fromReason toStatus toReason eventId } }`;
const PAUSE = `mutation ($ids: [ID!]!) { pauseCampaigns(ids: $ids) ${OUTCOME} }`;
const RESUME = `mutation ($ids: [ID!]!) { resumeCampaigns(ids: $ids) ${OUTCOME} }`;
const ARCHIVE = `mutation ($ids: [ID!]!) { archiveCampaigns(ids: $ids) ${OUTCOME} }`;

/** A brand with campaigns named `${brand} 1`, `${brand} 2`, …; their ids in that order. */
async function brandWith(brand: string, n: number, budgets: Record<string, unknown> = {}) {
  const brandId = (await ok(`mutation ($i: CreateBrandInput!) { createBrand(input: $i) { id } }`, { i: { name: brand, ...budgets } }))
    .createBrand.id as string;
  const ids: string[] = [];
  for (let i = 1; i <= n; i++) {
    ids.push(
      (await ok(`mutation ($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }`, { i: { brandId, name: `${brand} ${i}` } }))
        .createCampaign.id,
    );
  }
  return { brandId, ids };
}

/** Every campaign's status events after its CREATE, and its audit actions after campaign.create. */
async function history(ids: string[]) {
  const events = await t.sql<{ campaign_id: string; to: string }>(
    `select campaign_id, to_status::text || '/' || coalesce(to_reason::text, '-') as to from campaign_status_events
      where campaign_id = any($1::uuid[]) and trigger <> 'CREATE' order by id`,
    [ids],
  );
  const audits = await t.sql<{ target_id: string; action: string }>(
    `select target_id, action from audit_entries where target_id = any($1::text[]) and action <> 'campaign.create' order by id`,
    [ids],
  );
  return { events: events.map((e) => [ids.indexOf(e.campaign_id), e.to]), audits: audits.map((a) => [ids.indexOf(a.target_id), a.action]) };
}

describe('pauseCampaigns, resumeCampaigns, archiveCampaigns', () => {
  it('pause: one event and one audit entry per campaign changed; one paused by an operator already is left as it is, with none', async () => {
    const { ids } = await brandWith('Bulk pause', 3);
    await ok(`mutation ($id: ID!) { pauseCampaign(id: $id) { id } }`, { id: ids[2] });
    const before = await history(ids);
    const r = (await ok(PAUSE, { ids: [ids[0], ids[1], ids[2], ids[0]] })).pauseCampaigns;
    expect(r.changed.map((c: { name: string }) => c.name)).toEqual(['Bulk pause 1', 'Bulk pause 2']);
    expect(r.changed[0]).toMatchObject({ status: 'PAUSED', pauseReason: 'MANUAL' });
    expect(r.unchanged).toEqual([{ name: 'Bulk pause 3' }]);
    expect(r.statusChanges).toHaveLength(2);
    expect(r.statusChanges.find((c: { campaignName: string }) => c.campaignName === 'Bulk pause 1')).toMatchObject({
      fromStatus: 'ACTIVE',
      toStatus: 'PAUSED',
      toReason: 'MANUAL',
    });
    expect(r.statusChanges.every((c: { eventId: string | null }) => c.eventId)).toBe(true);
    const after = await history(ids);
    expect(after.events.slice(before.events.length).sort()).toEqual([
      [0, 'PAUSED/MANUAL'],
      [1, 'PAUSED/MANUAL'],
    ]);
    expect(after.audits.slice(before.audits.length).sort()).toEqual([
      [0, 'campaign.pause'],
      [1, 'campaign.pause'],
    ]);
    // again: nothing changes, nothing is written
    const again = (await ok(PAUSE, { ids })).pauseCampaigns;
    expect([again.changed, again.unchanged.length, again.statusChanges]).toEqual([[], 3, []]);
    expect(await history(ids)).toEqual(after);
  });

  it('pause holds a campaign its budget paused (PAUSED / DAILY_BUDGET to MANUAL: one event); resume lets the budget hold it again', async () => {
    const { ids } = await brandWith('Bulk budget', 2, { dailyBudget: '10.00' });
    await ok(`mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "10.00" }) { duplicate } }`, { c: ids[0] });
    const paused = (await ok(PAUSE, { ids })).pauseCampaigns;
    expect(paused.statusChanges.map((c: { fromReason: string; toReason: string }) => [c.fromReason, c.toReason])).toEqual([
      ['DAILY_BUDGET', 'MANUAL'],
      ['DAILY_BUDGET', 'MANUAL'],
    ]);
    const resumed = (await ok(RESUME, { ids })).resumeCampaigns;
    expect(resumed.changed.map((c: { status: string; pauseReason: string }) => [c.status, c.pauseReason])).toEqual([
      ['PAUSED', 'DAILY_BUDGET'],
      ['PAUSED', 'DAILY_BUDGET'],
    ]);
  });

  it('resume and archive many; resuming an archived one is refused (ARCHIVED, naming it) and resumes none', async () => {
    const { ids } = await brandWith('Bulk more', 3);
    await ok(PAUSE, { ids });
    const resumed = (await ok(RESUME, { ids: ids.slice(0, 2) })).resumeCampaigns;
    expect(resumed.changed.map((c: { status: string }) => c.status)).toEqual(['ACTIVE', 'ACTIVE']);
    const archived = (await ok(ARCHIVE, { ids: ids.slice(1) })).archiveCampaigns;
    expect(archived.changed.map((c: { name: string; archivedAt: string | null }) => [c.name, c.archivedAt !== null])).toEqual([
      ['Bulk more 2', true],
      ['Bulk more 3', true],
    ]);
    // the one that was running paused: one event; the one paused already: none, but archived all the same
    expect(archived.statusChanges.map((c: { campaignName: string }) => c.campaignName)).toEqual(['Bulk more 2']);
    expect((await ok(ARCHIVE, { ids: ids.slice(1) })).archiveCampaigns.unchanged).toHaveLength(2);
    const before = await history(ids);
    const refused = await s.gql(RESUME, { ids });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'ARCHIVED', field: 'ids' });
    expect(refused.errors?.[0]?.message).toMatch(/"Bulk more 2"/);
    expect(await history(ids)).toEqual(before);
    const audits = (await history(ids)).audits.filter(([, a]) => a === 'campaign.archive');
    expect(audits).toEqual([
      [1, 'campaign.archive'],
      [2, 'campaign.archive'],
    ]);
  });

  it('an unknown id is NOT_FOUND naming it; more than 500 ids INVALID_ARGUMENT; a malformed one INVALID_ID; nothing is written', async () => {
    const { ids } = await brandWith('Bulk refused', 2);
    const unknown = '00000000-0000-4000-8000-00000000beef';
    const before = await history(ids);
    for (const doc of [PAUSE, RESUME, ARCHIVE]) {
      const res = await s.gql(doc, { ids: [ids[0], unknown] });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'ids' });
      expect(res.errors?.[0]?.message).toContain(unknown);
    }
    const many = await s.gql(PAUSE, { ids: Array.from({ length: 501 }, () => ids[0]) });
    expect(many.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'ids' });
    expect((await s.gql(PAUSE, { ids: [ids[0], 'nope'] })).errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ID', field: 'ids' });
    expect(await history(ids)).toEqual(before);
  });

  it('a key limited to some brands may act on its own, and is FORBIDDEN another brand’s, even mixed with its own: nothing written', async () => {
    const mine = await brandWith('Bulk mine', 1);
    const theirs = await brandWith('Bulk theirs', 1);
    const key = await ok(`mutation ($b: [ID!]) { createApiKey(name: "bulk limited", role: operator, brandIds: $b) { key } }`, {
      b: [mine.brandId],
    });
    const as = { authorization: `Bearer ${key.createApiKey.key}` };
    const all = [...mine.ids, ...theirs.ids];
    const before = await history(all);
    for (const [doc, variables] of [
      [PAUSE, { ids: all }],
      [ARCHIVE, { ids: theirs.ids }],
      [`mutation ($id: ID!) { pauseBrand(id: $id) { changed { id } } }`, { id: theirs.brandId }],
      [`mutation ($id: ID!) { resumeBrand(id: $id) { changed { id } } }`, { id: theirs.brandId }],
    ] as const) {
      const res = await s.gql(doc, variables, as);
      expect(res.errors?.[0]?.extensions?.code, doc).toBe('FORBIDDEN');
    }
    expect(await history(all)).toEqual(before);
    const own = await s.gql(PAUSE, { ids: mine.ids }, as);
    expect(own.data?.pauseCampaigns.changed, JSON.stringify(own.errors)).toHaveLength(1);
    const viewer = await ok(`mutation { createApiKey(name: "bulk viewer", role: viewer) { key } }`);
    const seen = await s.gql(RESUME, { ids: mine.ids }, { authorization: `Bearer ${viewer.createApiKey.key}` });
    expect(seen.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('pauseBrand and resumeBrand', () => {
  it('pause all leaves the ones paused already out of its count; resume all resumes those an operator paused', async () => {
    const { brandId, ids } = await brandWith('Whole brand', 4);
    await ok(PAUSE, { ids: [ids[3]] });
    await ok(ARCHIVE, { ids: [ids[2]] });
    const before = await history(ids);
    const paused = (await ok(`mutation ($id: ID!) { pauseBrand(id: $id) ${OUTCOME} }`, { id: brandId })).pauseBrand;
    expect(paused.changed.map((c: { name: string }) => c.name)).toEqual(['Whole brand 1', 'Whole brand 2']);
    expect(paused.unchanged.map((c: { name: string }) => c.name)).toEqual(['Whole brand 4']);
    expect((await history(ids)).events.slice(before.events.length).sort()).toEqual([
      [0, 'PAUSED/MANUAL'],
      [1, 'PAUSED/MANUAL'],
    ]);
    const resumed = (await ok(`mutation ($id: ID!) { resumeBrand(id: $id) ${OUTCOME} }`, { id: brandId })).resumeBrand;
    expect(resumed.changed.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([
      ['Whole brand 1', 'ACTIVE'],
      ['Whole brand 2', 'ACTIVE'],
      ['Whole brand 4', 'ACTIVE'],
    ]);
    // the archived one stays frozen
    expect((await ok(`query ($id: ID!) { campaign(id: $id) { status archivedAt } }`, { id: ids[2] })).campaign.status).toBe('PAUSED');
    await ok(`mutation ($id: ID!) { archiveBrand(id: $id) { id } }`, { id: brandId });
    const frozen = await s.gql(`mutation ($id: ID!) { resumeBrand(id: $id) { changed { id } } }`, { id: brandId });
    expect(frozen.errors?.[0]?.extensions).toMatchObject({ code: 'ARCHIVED', field: 'id' });
    const unknown = await s.gql(`mutation { pauseBrand(id: "00000000-0000-4000-8000-00000000beef") { changed { id } } }`);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });
});
