// Money in each currency's own unit (issue 28), end to end over a real server: a brand in JPY (no
// decimals), USD (two) and KWD (three) is created with a budget, records spends, pauses at the
// budget exactly, answers every figure in its unit (GraphQL, REST, the audit trail, alerts,
// pacing), and refuses an amount finer than its unit at its field, through GraphQL and REST,
// writing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '../helpers/db.ts';
import { asAdmin, closeServer, okData, serverForFile, type TestServer } from '../helpers/server.ts';

let t: TestDb;
let s: TestServer;
beforeAll(async () => ({ t, s } = await serverForFile()));
afterAll(() => closeServer(t, s));

const gql = <T = any>(query: string, variables?: Record<string, unknown>) => okData<T>(s, query, variables);

interface Case {
  currency: string;
  decimals: number;
  /** every Money answer of the brand */
  shape: RegExp;
  budget: string;
  monthly: { input: string; answer: string };
  first: string;
  /** what is left after the first spend, less one unit */
  nearly: string;
  unit: string;
  zero: string;
  /** finer than the unit */
  fine: string;
}

const CASES: Case[] = [
  {
    currency: 'JPY',
    decimals: 0,
    shape: /^-?\d+$/,
    budget: '5000',
    monthly: { input: '100000', answer: '100000' },
    first: '3000',
    nearly: '1999',
    unit: '1',
    zero: '0',
    fine: '1234.5',
  },
  {
    currency: 'USD',
    decimals: 2,
    shape: /^-?\d+\.\d{2}$/,
    budget: '50.00',
    monthly: { input: '1000', answer: '1000.00' },
    first: '30.00',
    nearly: '19.99',
    unit: '0.01',
    zero: '0.00',
    fine: '1.234',
  },
  {
    currency: 'KWD',
    decimals: 3,
    shape: /^-?\d+\.\d{3}$/,
    budget: '50.000',
    monthly: { input: '1000.5', answer: '1000.500' },
    first: '30.125',
    nearly: '19.874',
    unit: '0.001',
    zero: '0.000',
    fine: '1.2345',
  },
];

const FIGURES = 'dailyBudget monthlyBudget dailySpend monthlySpend dailyRemaining monthlyRemaining';
const BRAND = `brand { ${FIGURES} }`;
const RECORD = `mutation ($i: SpendInput!) { recordSpend(input: $i) { spend { amount } ${BRAND} statusChanges { toReason } } }`;

/** What an over-precise amount is refused with, at its field. */
const finer = (c: Case, field: string) => ({
  code: 'INVALID_MONEY',
  field,
  message: `${field} must have at most ${c.decimals} decimals for ${c.currency}; got "${c.fine}"`,
});

describe.each(CASES)('a $currency brand ($decimals decimals)', (c) => {
  it('is created with a budget, records spends, pauses at the budget exactly and answers in its unit; finer amounts are refused at their field', async () => {
    const name = `Money ${c.currency}`;
    // a budget finer than the unit: refused at its field, nothing written
    const refused = await s.gql(`mutation ($i: CreateBrandInput!) { createBrand(input: $i) { id } }`, {
      i: { name, currency: c.currency, dailyBudget: c.fine },
    });
    expect(refused.errors?.[0]).toMatchObject({
      message: finer(c, 'dailyBudget').message,
      extensions: { code: 'INVALID_MONEY', field: 'dailyBudget' },
    });
    expect(await t.sql(`select 1 from brands where name = $1`, [name])).toEqual([]);

    const { createBrand: brand } = await gql(
      `mutation ($i: CreateBrandInput!) { createBrand(input: $i) { id currency dailyBudget monthlyBudget dailySpend dailyRemaining } }`,
      { i: { name, currency: c.currency, dailyBudget: c.budget, monthlyBudget: c.monthly.input } },
    );
    expect(brand).toEqual({
      id: expect.any(String),
      currency: c.currency,
      dailyBudget: c.budget,
      monthlyBudget: c.monthly.answer, // "1000" is 1000.00 in USD
      dailySpend: c.zero,
      dailyRemaining: c.budget,
    });
    const ids: string[] = [];
    for (const n of ['Search', 'Display']) {
      ids.push(
        (await gql(`mutation ($b: ID!, $n: String!) { createCampaign(input: { brandId: $b, name: $n }) { id } }`, { b: brand.id, n }))
          .createCampaign.id,
      );
    }

    const first = await gql(RECORD, { i: { campaignId: ids[0], amount: c.first } });
    expect(first.recordSpend.spend.amount).toBe(c.first);
    expect(first.recordSpend.brand).toMatchObject({ dailySpend: c.first, monthlySpend: c.first });
    expect(first.recordSpend.statusChanges).toEqual([]);

    // a spend finer than the unit, alone and in a batch: refused at its field, the others written
    const fine = await s.gql(RECORD, { i: { campaignId: ids[0], amount: c.fine } });
    expect(fine.errors?.[0]).toMatchObject({ message: finer(c, 'amount').message, extensions: { code: 'INVALID_MONEY', field: 'amount' } });
    const batch = await gql(
      `mutation ($i: [SpendInput!]!) { recordSpends(inputs: $i) { index spend { amount } error { code field message } } }`,
      {
        i: [
          { campaignId: ids[1], amount: c.fine },
          { campaignId: ids[1], amount: c.nearly },
        ],
      },
    );
    expect(batch.recordSpends).toEqual([
      { index: 0, spend: null, error: finer(c, 'amount') },
      { index: 1, spend: { amount: c.nearly }, error: null },
    ]);
    // one unit below the budget: still running
    const before = await gql(`query ($id: ID!) { brand(id: $id) { dailyRemaining campaigns { edges { node { status } } } } }`, {
      id: brand.id,
    });
    expect(before.brand.dailyRemaining).toBe(c.unit);
    expect(before.brand.campaigns.edges.map((e: any) => e.node.status)).toEqual(['ACTIVE', 'ACTIVE']);

    // the last unit reaches the budget exactly: every campaign pauses in the same write
    const last = await gql(RECORD, { i: { campaignId: ids[0], amount: c.unit } });
    expect(last.recordSpend.spend.amount).toBe(c.unit);
    expect(last.recordSpend.brand).toMatchObject({ dailySpend: c.budget, dailyRemaining: c.zero });
    expect(last.recordSpend.statusChanges.map((x: any) => x.toReason)).toEqual(['DAILY_BUDGET', 'DAILY_BUDGET']);
    expect((await t.sql<{ n: number }>(`select count(*)::int as n from spends where brand_id = $1`, [brand.id]))[0]!.n).toBe(3);

    // every figure of the brand, its campaigns, spends, alerts, pacing and audit trail in its unit
    const read = await gql(
      `query ($id: ID!) {
         brand(id: $id) { ${FIGURES}
           campaigns { edges { node { dailySpend monthlySpend spends { edges { node { amount } } } } } }
           pacing { daily { budget spent projected } monthly { budget spent projected } } }
         budgetAlerts(brandId: $id) { edges { node { threshold budget spent } } }
         auditEntries(brandId: $id) { edges { node { action after } } } }`,
      { id: brand.id },
    );
    const money = [
      ...Object.values(read.brand).filter((v): v is string => typeof v === 'string'),
      ...read.brand.campaigns.edges.flatMap((e: any) => [
        e.node.dailySpend,
        e.node.monthlySpend,
        ...e.node.spends.edges.map((x: any) => x.node.amount),
      ]),
      ...['daily', 'monthly'].flatMap((p) => Object.values(read.brand.pacing[p]) as string[]),
      ...read.budgetAlerts.edges.flatMap((e: any) => [e.node.budget, e.node.spent]),
    ];
    expect(money.length).toBeGreaterThan(15);
    for (const m of money) expect(m).toMatch(c.shape);
    // 80 and 95 crossed by one spend: one alert, for the higher
    expect(read.budgetAlerts.edges.map((e: any) => [e.node.threshold, e.node.budget])).toEqual([[95, c.budget]]);
    const created = read.auditEntries.edges.find((e: any) => e.node.action === 'brand.create').node;
    expect(JSON.parse(created.after)).toMatchObject({ currency: c.currency, dailyBudget: c.budget, monthlyBudget: c.monthly.answer });

    // a budget finer than the unit on update: refused at its field, the brand as it was
    const update = await s.gql(`mutation ($id: ID!, $d: Money) { updateBrand(id: $id, input: { dailyBudget: $d }) { id } }`, {
      id: brand.id,
      d: c.fine,
    });
    expect(update.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_MONEY', field: 'dailyBudget' });
    expect((await gql(`query ($id: ID!) { brand(id: $id) { dailyBudget } }`, { id: brand.id })).brand.dailyBudget).toBe(c.budget);

    // REST, in the old system's words: the same unit, the same refusal at its field
    const rest = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${s.url}${path}`, {
        method,
        headers: { ...asAdmin, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    expect((await rest('GET', `/api/brands/${brand.id}/`)).body).toMatchObject({
      daily_budget: c.budget,
      daily_spend: c.budget,
      daily_remaining: c.zero,
    });
    expect(await rest('POST', '/api/spends/', { campaign: ids[0], amount: c.fine })).toEqual({
      status: 400,
      body: { amount: [finer(c, 'amount').message], code: 'INVALID_MONEY' },
    });
    expect(await rest('PATCH', `/api/brands/${brand.id}/`, { monthly_budget: c.fine })).toMatchObject({
      status: 400,
      body: { monthly_budget: [expect.stringContaining(`at most ${c.decimals} decimals for ${c.currency}`)], code: 'INVALID_MONEY' },
    });
    const posted = await rest('POST', '/api/spends/', { campaign: ids[1], amount: `-${c.unit}` });
    expect(posted).toMatchObject({ status: 201, body: { amount: `-${c.unit}` } });
  });
});

describe('a budget recorded before units were per currency (cents of yen)', () => {
  it('is answered exactly, may be sent back as it was read, and is changed only to whole yen', async () => {
    const { createBrand: brand } = await gql(
      `mutation { createBrand(input: { name: "Legacy Yen", currency: "JPY", dailyBudget: "3230" }) { id } }`,
    );
    // as the migration left demo data that was written in cents: ¥3,230.58 (thousandths)
    await t.sql(`update brands set daily_budget = 3230580 where id = $1`, [brand.id]);
    const path = `/api/brands/${brand.id}/`;
    const call = async (method: string, body?: unknown) => {
      const res = await fetch(`${s.url}${path}`, {
        method,
        headers: { ...asAdmin, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const read = (await call('GET')).body;
    expect(read.daily_budget).toBe('3230.58');
    expect(await call('PUT', read)).toEqual({ status: 200, body: read });
    const same = await s.gql(
      `mutation ($id: ID!) { updateBrand(id: $id, input: { dailyBudget: "3230.58", timezone: "Asia/Tokyo" }) { dailyBudget timezone } }`,
      {
        id: brand.id,
      },
    );
    expect(same.data?.updateBrand).toEqual({ dailyBudget: '3230.58', timezone: 'Asia/Tokyo' });
    const other = await s.gql(`mutation ($id: ID!) { updateBrand(id: $id, input: { dailyBudget: "3230.5" }) { id } }`, { id: brand.id });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_MONEY', field: 'dailyBudget' });
    expect(
      (await gql(`mutation ($id: ID!) { updateBrand(id: $id, input: { dailyBudget: "3231" }) { dailyBudget } }`, { id: brand.id }))
        .updateBrand,
    ).toEqual({ dailyBudget: '3231' });
  });
});

describe('what no currency can hold', () => {
  it('a currency without a minor unit (XDR) is refused at its field; an unknown campaign is NOT_FOUND before its amount can be judged', async () => {
    const res = await s.gql(`mutation { createBrand(input: { name: "SDR", currency: "XDR" }) { id } }`);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'currency' });
    // "1e3" is no decimal in any currency; "1.2345" is finer than any: refused once its brand is known
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await s.gql(RECORD, { i: { campaignId: unknown, amount: '1e3' } })).errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_MONEY',
      field: 'amount',
    });
    expect((await s.gql(RECORD, { i: { campaignId: unknown, amount: '1.2345' } })).errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      field: 'campaignId',
    });
  });
});
