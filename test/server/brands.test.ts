// Brand create/read end to end over HTTP: the path every later capability stands on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '../helpers/db.ts';
import { closeServer, serverForFile, type TestServer } from '../helpers/server.ts';

let t: TestDb;
let s: TestServer;
beforeAll(async () => ({ t, s } = await serverForFile()));
afterAll(() => closeServer(t, s));

const CREATE = `mutation ($input: CreateBrandInput!) {
  createBrand(input: $input) { id name currency timezone dailyBudget monthlyBudget createdAt }
}`;

describe('createBrand', () => {
  it('creates a brand with exact money, defaults and an audit entry', async () => {
    const res = await s.gql(CREATE, { input: { name: 'Acme', dailyBudget: '100', monthlyBudget: '2000.5', timezone: 'Europe/Paris' } });
    expect(res.errors).toBeUndefined();
    expect(res.data.createBrand).toMatchObject({
      name: 'Acme',
      currency: 'USD',
      timezone: 'Europe/Paris',
      dailyBudget: '100.00',
      monthlyBudget: '2000.50',
    });
    const [row] = await t.sql<{ daily_budget: string }>(`select daily_budget::text from brands where id = $1`, [res.data.createBrand.id]);
    expect(row!.daily_budget).toBe('100000'); // thousandths of a major unit (src/domain/money.ts)
    const audit = await t.sql<{ actor: string; action: string; after: Record<string, unknown> }>(
      `select actor, action, after from audit_entries where target_id = $1`,
      [res.data.createBrand.id],
    );
    expect(audit).toEqual([
      {
        actor: 'BUDGET_ADMIN_KEY',
        action: 'brand.create',
        after: {
          name: 'Acme',
          currency: 'USD',
          timezone: 'Europe/Paris',
          dailyBudget: '100.00',
          monthlyBudget: '2000.50',
          alertThresholds: [80, 95],
          driftPolicy: 'REPAUSE',
          archived: false,
        },
      },
    ]);
  });

  it('reads it back by id and in the list', async () => {
    const created = await s.gql(CREATE, { input: { name: 'Beta Foods', currency: 'EUR' } });
    const id = created.data.createBrand.id;
    const one = await s.gql(`query ($id: ID!) { brand(id: $id) { name currency dailyBudget monthlyBudget timezone } }`, { id });
    expect(one.data.brand).toEqual({ name: 'Beta Foods', currency: 'EUR', dailyBudget: null, monthlyBudget: null, timezone: 'UTC' });
    const list = await s.gql(`{ brands(nameContains: "beta") { totalCount edges { node { name } } } }`);
    expect(list.data.brands).toEqual({ totalCount: 1, edges: [{ node: { name: 'Beta Foods' } }] });
  });

  it('answers null for an unknown id and INVALID_ID for a malformed one', async () => {
    const unknown = await s.gql(`{ brand(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(unknown.data).toEqual({ brand: null });
    const malformed = await s.gql(`{ brand(id: "42") { id } }`);
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ID', field: 'id' });
  });

  it.each([
    [{ name: 'X1', dailyBudget: '1.234' }, 'INVALID_MONEY', 'dailyBudget'],
    [{ name: 'X2', monthlyBudget: '1e3' }, 'INVALID_MONEY', 'monthlyBudget'],
    [{ name: 'X3', dailyBudget: '-1.00' }, 'INVALID_MONEY', 'dailyBudget'],
    [{ name: 'X4', dailyBudget: '10000000000.00' }, 'INVALID_MONEY', 'dailyBudget'],
    [{ name: 'X5', timezone: 'Mars/Olympus' }, 'UNKNOWN_TIMEZONE', 'timezone'],
    // PostgreSQL knows these; no browser does, and a brand in one could not be shown
    [{ name: 'X5a', timezone: 'localtime' }, 'UNKNOWN_TIMEZONE', 'timezone'],
    [{ name: 'X5b', timezone: 'posixrules' }, 'UNKNOWN_TIMEZONE', 'timezone'],
    [{ name: 'X5c', timezone: 'posix/Europe/Paris' }, 'UNKNOWN_TIMEZONE', 'timezone'],
    [{ name: 'X5d', timezone: 'right/UTC' }, 'UNKNOWN_TIMEZONE', 'timezone'],
    [{ name: 'X6', currency: 'dollars' }, 'INVALID_ARGUMENT', 'currency'],
    [{ name: 'X7', currency: 'ZZZ' }, 'INVALID_ARGUMENT', 'currency'],
    [{ name: '   ' }, 'INVALID_ARGUMENT', 'name'],
    [{ name: 'x'.repeat(201) }, 'INVALID_ARGUMENT', 'name'],
  ])('refuses %j with %s on %s and writes nothing', async (input, code, field) => {
    const before = await t.sql<{ n: number }>(`select count(*)::int as n from brands`);
    const res = await s.gql(CREATE, { input });
    expect(res.status).toBeLessThan(500);
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code, field });
    expect(res.errors?.[0]?.message).toMatch(new RegExp(field));
    const after = await t.sql<{ n: number }>(`select count(*)::int as n from brands`);
    expect(after).toEqual(before);
  });

  it('names every wrong field in one answer (one error each, with its code and field) and writes nothing', async () => {
    const count = async () => (await t.sql<{ n: number }>(`select count(*)::int as n from brands`))[0]!.n;
    const before = await count();
    const three = await s.gql(CREATE, { input: { name: 'Three', currency: 'dollars', timezone: 'Europe/Pariss', dailyBudget: '12,50' } });
    expect(three.data).toBeNull();
    expect(three.errors?.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'currency' }),
      expect.objectContaining({ code: 'UNKNOWN_TIMEZONE', field: 'timezone' }),
      expect.objectContaining({ code: 'INVALID_MONEY', field: 'dailyBudget' }),
    ]);
    // a lower-case code is read as typed upper-case; a budget finer than USD's cents is still wrong
    const two = await s.gql(CREATE, { input: { name: 'Two', currency: 'usd', timezone: 'Europe/Pariss', dailyBudget: '1.234' } });
    expect(two.errors?.map((e) => e.extensions?.field)).toEqual(['timezone', 'dailyBudget']);
    expect(await count()).toBe(before);
    const created = await s.gql(CREATE, { input: { name: 'Lower case', currency: ' usd ', dailyBudget: '1.23' } });
    expect(created.data.createBrand).toMatchObject({ currency: 'USD', dailyBudget: '1.23' });

    const id = created.data.createBrand.id;
    const update = `mutation ($id: ID!, $input: UpdateBrandInput!) { updateBrand(id: $id, input: $input) { id } }`;
    const refused = await s.gql(update, {
      id,
      input: { currency: 'EUR', timezone: 'Mars/Olympus', dailyBudget: '-1.00', monthlyBudget: 'lots', alertThresholds: [80, 0] },
    });
    expect(refused.errors?.map((e) => `${e.extensions?.code} ${e.extensions?.field}`)).toEqual([
      'INVALID_ARGUMENT currency',
      'UNKNOWN_TIMEZONE timezone',
      'INVALID_MONEY dailyBudget',
      'INVALID_MONEY monthlyBudget',
      'INVALID_ARGUMENT alertThresholds[1]',
    ]);
    const [row] = await t.sql(`select currency, timezone, daily_budget::text, alert_thresholds from brands where id = $1`, [id]);
    expect(row).toEqual({ currency: 'USD', timezone: 'UTC', daily_budget: '1230', alert_thresholds: [80, 95] });

    // a campaign's fields too
    const campaigns = async () => (await t.sql<{ n: number }>(`select count(*)::int as n from campaigns`))[0]!.n;
    const campaignsBefore = await campaigns();
    const campaign = await s.gql(`mutation { createCampaign(input: { brandId: "nope", name: "  ", platform: "google" }) { id } }`);
    expect(campaign.errors?.map((e) => `${e.extensions?.code} ${e.extensions?.field}`)).toEqual([
      'INVALID_ID brandId',
      'INVALID_ARGUMENT name',
      'INVALID_ARGUMENT externalCampaignId',
    ]);
    expect(await campaigns()).toBe(campaignsBefore);
  });

  it('accepts the IANA names and links both PostgreSQL and browsers know', async () => {
    for (const [i, timezone] of ['Europe/Paris', 'US/Eastern', 'Etc/GMT+4', 'Asia/Calcutta', 'UTC'].entries()) {
      const res = await s.gql(CREATE, { input: { name: `Zone ${i}`, timezone } });
      expect(res.errors, timezone).toBeUndefined();
    }
  });

  it.each([
    ['an invisible name', '\u200b'],
    ['a name with an invisible character beside a visible one', 'Acme\u200b'],
    ['a right-to-left override', 'Acme \u202egnp.exe'],
    ['a bidirectional isolate', 'Acme \u2066x\u2069'],
    ['a C1 control', 'Acme\u0085'],
    ['a byte-order mark inside', 'Ac\ufeffme'],
    ['a combining mark alone', '\u0301'],
  ])('refuses %s, naming the field, and writes nothing', async (_, name) => {
    const before = await t.sql<{ n: number }>(`select count(*)::int as n from brands`);
    const res = await s.gql(CREATE, { input: { name } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'name' });
    expect(await t.sql<{ n: number }>(`select count(*)::int as n from brands`)).toEqual(before);
  });

  it('a name is stored composed (NFC), so the decomposed spelling of a name is its duplicate; joiners stay', async () => {
    const composed = await s.gql(CREATE, { input: { name: 'Caf\u00e9 Nord' } });
    expect(composed.errors).toBeUndefined();
    const decomposed = await s.gql(CREATE, { input: { name: 'Cafe\u0301 Nord' } });
    expect(decomposed.errors?.[0]?.extensions).toMatchObject({ code: 'DUPLICATE_NAME' });
    const emoji = await s.gql(CREATE, { input: { name: 'Team \u{1F469}\u200d\u{1F4BB}' } });
    expect(emoji.errors).toBeUndefined();
  });

  it('refuses a number where Money is expected: no float becomes money', async () => {
    const res = await s.gql(CREATE, { input: { name: 'Floaty', dailyBudget: 25.5 } });
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_MONEY');
  });

  it('refuses a duplicate name with DUPLICATE_NAME', async () => {
    await s.gql(CREATE, { input: { name: 'Gamma' } });
    const again = await s.gql(CREATE, { input: { name: 'Gamma' } });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'DUPLICATE_NAME', field: 'name' });
    const rows = await t.sql(`select 1 from brands where name = 'Gamma'`);
    expect(rows).toHaveLength(1);
  });

  it('never answers 500 to a malformed document', async () => {
    const res = await s.gql('{ brands { ');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.message).toMatch(/Syntax Error/);
  });
});
