// Every expensive read has a bound, and failing it is the caller's error (issue 23, class 3). An
// operation is costed before it runs (each field's cost times the pages above it) and refused over
// the limit with COST_LIMIT naming the cost and the limit; a backtest is charged its size once its
// policy is known, before the work; heavy reads run on their own pool, so a write and an
// enforcement run keep their connections while they queue, and one past its bound answers TIMEOUT.
// Tried against a running service (`budget start --server-only`) whose log is read: no
// INTERNAL_SERVER_ERROR, no HTTP 5xx, no error-level line, one info line per refused request.
import { getNamedType, isListType, isNonNullType, isObjectType, parse, type GraphQLField } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as dashboard from '../../web/src/generated/graphql.ts';
import { db } from '../../src/db/index.ts';
import { freePort } from '../../src/db/embedded.ts';
import { SYSTEM } from '../../src/domain/scope.ts';
import { createCampaigns } from '../../src/engine/campaigns.ts';
import { setSchedulesOf } from '../../src/engine/schedules.ts';
import { COST_LIMIT, FIELD_COSTS, operationCost } from '../../src/graphql/cost.ts';
import { schema } from '../../src/graphql/schema.ts';
import { PAGE } from '../../src/graphql/builder.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';
import { startProcess, type ServiceProcess } from '../helpers/processes.ts';
import { asAdmin } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const cost = (query: string, variables: Record<string, unknown> = {}) =>
  operationCost(schema, parse(query), undefined, variables).requested;
const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

describe('the cost of an operation, before it runs', () => {
  it('knows every list: a list of objects without `first` has a size in the table, and the table names real fields', () => {
    const unsized: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || 'pageInfo' in type.getFields()) continue;
      for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
        const inner = isNonNullType(field.type) ? field.type.ofType : field.type;
        if (isListType(inner) && isObjectType(getNamedType(field.type)) && !FIELD_COSTS[`${type.name}.${field.name}`]?.size) {
          unsized.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(unsized).toEqual([]);
    for (const coordinate of Object.keys(FIELD_COSTS)) {
      const [type, field] = coordinate.split('.');
      expect(
        isObjectType(schema.getType(type!)) && (schema.getType(type!) as { getFields(): object }).getFields(),
        coordinate,
      ).toHaveProperty(field!);
    }
  });

  it('lets every query of the dashboard through, with its pages at their largest', () => {
    const documents = Object.entries(dashboard).filter(([name]) => name.endsWith('Document'));
    expect(documents.length).toBeGreaterThan(10);
    for (const [name, document] of documents) {
      const variables = { first: PAGE.max, last: PAGE.max };
      expect(cost(String(document), variables), name).toBeLessThanOrEqual(COST_LIMIT / 2);
    }
  });

  it('multiplies by the pages above a field, takes `first` from variables, and counts aliases and fragments each time', () => {
    expect(cost(`{ campaigns(first: 10) { edges { node { pacing { method } } } } }`)).toBe(1 + 10 * (1 + 10));
    expect(cost(`{ campaigns { edges { node { pacing { method } } } } }`)).toBe(1 + PAGE.default * 11);
    expect(cost(`query ($n: Int) { campaigns(first: $n) { edges { node { id } } } }`, { n: 400 })).toBe(401);
    expect(cost(`{ a: brands(first: 10) { totalCount } b: brands(first: 10) { totalCount } }`)).toBe(4);
    expect(
      cost(
        `{ brands(first: 2) { edges { node { campaigns(first: 3) { edges { node { ...N } } } } } } } fragment N on Campaign { nextChange { at } }`,
      ),
    ).toBe(1 + 2 * (1 + 1 + 3 * (1 + 3)));
  });

  it('counts a mutation’s answer by its heavy fields only: 10,000 spends answered in full fit, with pacing they do not', () => {
    const inputs = Array.from({ length: 10_000 }, () => ({ campaignId: '00000000-0000-4000-8000-000000000000', amount: '1.00' }));
    const answer = `index duplicate spend { amount campaign { name brand { name } } } error { code field message }`;
    expect(cost(`mutation ($i: [SpendInput!]!) { recordSpends(inputs: $i) { ${answer} } }`, { i: inputs })).toBe(0);
    expect(
      cost(`mutation ($i: [SpendInput!]!) { recordSpends(inputs: $i) { spend { campaign { pacing { method } } } } }`, { i: inputs }),
    ).toBe(100_000);
  });
});

describe('a running service', () => {
  let t: TestDb;
  let service: ServiceProcess;
  let from = 0;
  const TIMEOUT_MS = 6_000;
  /** requests answered TIMEOUT so far: each is one line of the log */
  let timedOut = 0;
  let small: { brandId: string; campaignId: string };
  let crowded: { brandId: string; campaignIds: string[] };

  beforeAll(async () => {
    t = await freshDatabase();
    const at = new Date();
    const brand = await make.brand({ name: 'Small', dailyBudget: '1000.00' }, at);
    const [c] = await make.campaigns(brand.id, 50, at);
    await make.windows(c!.id, [{ dayOfWeek: 'MONDAY', startTime: '09:00', endTime: '17:00' }], at);
    await make.spend(c!.id, '10.00', at);
    small = { brandId: brand.id, campaignId: c!.id };
    // A brand whose campaigns have 84 windows each, end to end around the week, a minute apart
    // from one campaign to the next: nothing changes within 8 days, so nextChange tries each of
    // them at every one of the page's boundaries, ~190 a campaign (measured, one statement on a
    // loaded 2-core machine: 20 campaigns 5 s, 60 campaigns 30 s; a loop over the boundaries took
    // 10 s for 10, 98 s for 30).
    const crowdedBrand = await make.brand({ name: 'Crowded' }, at);
    const campaigns = await db().$transaction((tx) =>
      createCampaigns(
        tx,
        Array.from({ length: 60 }, (_, i) => ({ brandId: crowdedBrand.id, name: `Crowded ${i}` })),
        SYSTEM,
        at,
      ),
    );
    const hm = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    await db().$transaction((tx) =>
      setSchedulesOf(
        tx,
        campaigns.map((c, k) => ({
          campaignId: c.id,
          windows: DAYS.flatMap((d) =>
            Array.from({ length: 12 }, (_, i) => ({ dayOfWeek: d, startTime: hm(i * 120 + k), endTime: hm((i + 1) * 120 + k) })),
          ),
        })),
        SYSTEM,
        at,
      ),
    );
    crowded = { brandId: crowdedBrand.id, campaignIds: campaigns.map((c) => c.id) };
    service = await startProcess(t.url, ['--server-only'], await freePort(), {
      BUDGET_HEAVY_READ_CONNECTIONS: '2',
      BUDGET_HEAVY_READ_TIMEOUT_MS: String(TIMEOUT_MS),
    });
    from = service.output().length;
  });
  afterAll(async () => {
    await service?.stop();
    await t?.drop();
  });

  const post = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const res = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...asAdmin, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    return { status: res.status, text, body: text.startsWith('{') ? JSON.parse(text) : null };
  };

  const pacing = `pacing { daily { spent projected status } monthly { spent } }`;
  // window i of campaign k: on the hour, or `minute` past it (k: each campaign's windows its own)
  const window = (i: number, minute = 0) => ({
    dayOfWeek: DAYS[i % 7],
    startTime: `${String(i % 24).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
    endTime: `${String((i + 1) % 24).padStart(2, '0')}:30`,
  });
  const proposed = (campaigns: string[], windows: number, distinct = false) =>
    campaigns.map((campaignId, k) => ({ campaignId, windows: Array.from({ length: windows }, (_, i) => window(i, distinct ? k : 0)) }));
  const BACKTEST = `query ($b: ID!, $from: DateTime!, $to: DateTime!, $w: [ProposedWindows!]) {
    backtest(brandId: $b, from: $from, to: $to, windows: $w) { paused resumed } }`;
  const range = (days: number, now = Date.now()) => ({
    from: new Date(now - days * 86_400_000).toISOString(),
    to: new Date(now).toISOString(),
  });

  it.each<[string, () => [string, Record<string, unknown>?]]>([
    ['pacing of 100 brands', () => [`{ brands(first: 100) { edges { node { ${pacing} } } } }`]],
    [
      'pacing under brands → campaigns',
      () => [`{ brands(first: 20) { edges { node { campaigns(first: 100) { edges { node { ${pacing} } } } } } } }`],
    ],
    [
      'nextChange under brands → campaigns, through a fragment',
      () => [
        `{ brands(first: 50) { edges { node { campaigns(first: 500) { edges { node { ...C } } } } } } } fragment C on Campaign { nextChange { at } }`,
      ],
    ],
    [
      'aliases multiplying pacing',
      () => [`{ ${Array.from({ length: 10 }, (_, i) => `a${i}: campaigns(first: 200) { edges { node { ${pacing} } } }`).join(' ')} }`],
    ],
    [
      'aliases multiplying previewEnforcement',
      () => [
        `{ ${Array.from({ length: 5 }, (_, i) => `p${i}: previewEnforcement(task: ALL, at: "2026-12-01T00:00:00Z") { checked }`).join(' ')} }`,
      ],
    ],
    [
      'aliases multiplying backtest',
      () => [
        `{ ${Array.from({ length: 5 }, (_, i) => `b${i}: backtest(brandId: "${small.brandId}", from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z") { paused }`).join(' ')} }`,
      ],
    ],
    [
      '`first` from a variable',
      () => [
        `query ($n: Int) { brands(first: $n) { edges { node { campaigns(first: 100) { edges { node { ${pacing} } } } } } } }`,
        { n: 20 },
      ],
    ],
    [
      'rows: 500 brands × 500 campaigns',
      () => [`{ brands(first: 500) { edges { node { campaigns(first: 500) { edges { node { id } } } } } } }`],
    ],
    [
      'rows: 500 campaigns × 50 spends',
      () => [`{ campaigns(first: 500) { edges { node { spends(first: 50) { edges { node { id } } } } } } }`],
    ],
    [
      'a mutation’s answer asking pacing of its brand’s 500 campaigns and, for each, of their brand',
      () => [
        `mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "1.00" }) { brand { campaigns(first: 500) { edges { node { ${pacing} brand { ${pacing} } } } } } } }`,
        { c: small.campaignId },
      ],
    ],
  ])('refuses before running: %s (COST_LIMIT, HTTP 400, the cost and the limit named)', async (_name, request) => {
    const spends = await t.sql<{ n: string }>(`select count(*) as n from spends`);
    const [query, variables] = request();
    const { status, body } = await post(query, variables);
    expect(status, JSON.stringify(body)).toBe(400);
    expect(body.data ?? null).toBeNull();
    const [error] = body.errors;
    expect(error.extensions).toMatchObject({ code: 'COST_LIMIT', cost: { limit: COST_LIMIT, requested: expect.any(Number) } });
    expect(error.extensions.cost.requested).toBeGreaterThan(COST_LIMIT);
    expect(error.message).toMatch(/would cost [0-9,]+ points, over the limit of 20,000 \(most of it: /);
    expect(await t.sql<{ n: string }>(`select count(*) as n from spends`)).toEqual(spends); // nothing ran
  });

  it('refuses a subscription over the limit before it starts', async () => {
    const { status, text } = await post(
      `subscription { campaignStatusChanged { campaign { brand { campaigns(first: 500) { edges { node { ${pacing} brand { ${pacing} } } } } } } } }`,
      {},
      { accept: 'text/event-stream' },
    );
    expect(status).toBe(400);
    expect(text).toContain('"code":"COST_LIMIT"');
  });

  const campaignsOf = async (brandId: string, n: number) =>
    (await t.sql<{ id: string }>(`select id::text from campaigns where brand_id = $1 order by name limit $2`, [brandId, n])).map(
      (r) => r.id,
    );

  it.each<[number, number, number]>([
    // campaigns given windows × windows each × days (the brand has 50 campaigns), each campaign's
    // windows its own: the clock is read at every edge of every window (50 × 100: 84 s before issue 27)
    [50, 100, 93],
    [20, 100, 93],
    [30, 50, 93],
    [50, 30, 93],
  ])(
    'refuses a backtest too big for its size, at its field, before the work: %i campaigns × %i windows of their own × %i days',
    async (campaigns, windows, days) => {
      const started = performance.now();
      const { status, body } = await post(BACKTEST, {
        b: small.brandId,
        ...range(days),
        w: proposed(await campaignsOf(small.brandId, campaigns), windows, true),
      });
      expect(status).toBe(200);
      expect(body.data).toEqual({ backtest: null });
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]).toMatchObject({ path: ['backtest'], extensions: { code: 'COST_LIMIT' } });
      expect(body.errors[0].message).toMatch(/^this backtest would read the clock at [0-9,]+ instants .* over the limit of 20,000$/);
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS); // refused, not run to its timeout
    },
  );

  it.each<[number, number, number, boolean]>([
    [1, 10, 31, false],
    [50, 10, 93, false],
    [2, 100, 93, true],
    [10, 100, 31, true],
    // the same 100 windows for each: their edges are read once for all (the issue's, 15.5 s before issue 27)
    [20, 100, 93, false],
    [50, 100, 93, false],
  ])(
    'runs a backtest within its bound: %i campaigns × %i windows × %i days (each its own: %s)',
    async (campaigns, windows, days, distinct) => {
      const { status, body } = await post(BACKTEST, {
        b: small.brandId,
        ...range(days),
        w: proposed(await campaignsOf(small.brandId, campaigns), windows, distinct),
      });
      expect(status).toBe(200);
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      expect(body.data.backtest).toMatchObject({ paused: expect.any(Number) });
    },
  );

  it('counts a brand’s own windows in a backtest’s size, not only those proposed', async () => {
    const { body } = await post(BACKTEST, { b: crowded.brandId, ...range(93) });
    expect(body.errors[0]).toMatchObject({ path: ['backtest'], extensions: { code: 'COST_LIMIT' } });
  });

  it.each<[string, () => [string, Record<string, unknown>?]]>([
    [
      'the issue’s: 500 campaigns with nextChange, pauseReasons and pacing (of a brand without windows by the hundred)',
      () => [
        `query ($b: ID!) { campaigns(brandId: $b, first: 500) { edges { node { nextChange { at } pauseReasons ${pacing} } } } }`,
        { b: small.brandId },
      ],
    ],
    [
      'pacing of 50 campaigns, pauseReasons and nextChange',
      () => [
        `query ($b: ID!) { campaigns(brandId: $b, first: 50) { edges { node { nextChange { at } pauseReasons ${pacing} } } } }`,
        { b: small.brandId },
      ],
    ],
    [
      'a brand’s pacing and its 500 campaigns’ windows (the dashboard’s brand page)',
      () => [String(dashboard.BrandPageDocument), { id: small.brandId }],
    ],
    ['previewEnforcement', () => [`{ previewEnforcement(task: ALL, at: "2026-12-01T00:00:00Z") { checked } }`]],
  ])('answers what is within the bounds: %s', async (_name, request) => {
    const [query, variables] = request();
    const { status, body } = await post(query, variables);
    expect(status).toBe(200);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  });

  const NEXT = `query ($b: ID!) { campaigns(brandId: $b, first: 60) { edges { node { name nextChange { at } } } } }`;

  it('answers a heavy read that runs past its bound TIMEOUT (the statement cut), the rest of the answer standing', async () => {
    const started = performance.now();
    const { status, body } = await post(NEXT, { b: crowded.brandId });
    expect(status).toBe(200);
    expect(body.data.campaigns.edges).toHaveLength(60);
    expect(
      body.data.campaigns.edges.every((e: { node: { name: string; nextChange: unknown } }) => e.node.name && e.node.nextChange === null),
    ).toBe(true);
    expect(new Set(body.errors.map((e: { extensions: { code: string } }) => e.extensions.code))).toEqual(new Set(['TIMEOUT']));
    expect(body.errors[0].message).toMatch(/ran past the 6 s a heavy read may take/);
    timedOut += 1;
    expect(performance.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
  });

  const metric = async (sample: string) => {
    const text = await (await fetch(`${service.url}/metrics`, { headers: asAdmin })).text();
    return Number(
      text
        .split('\n')
        .find((l) => l.startsWith(`${sample} `))
        ?.split(' ')[1] ?? 0,
    );
  };

  it('keeps the connections of writes and enforcement: while heavy reads fill their pool and queue, a spend and an enforcement run succeed', async () => {
    const SPEND = `mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "0.01" }) { duplicate spend { amount } } }`;
    const ENFORCE = `mutation { runEnforcement(task: ALL) { checked } }`;
    // more than the writes' own pool (10): before, the twelfth heavy read took the last connection
    const heavy = Array.from({ length: 12 }, () => post(NEXT, { b: crowded.brandId }));
    await waitFor(
      async () =>
        (await metric('budget_heavy_reads{state="running"}')) === 2 && (await metric('budget_heavy_reads{state="waiting"}')) === 10,
      {
        what: 'the heavy reads to fill their pool and queue',
      },
    );
    const started = performance.now();
    const spend = await post(SPEND, { c: small.campaignId });
    const enforcement = await post(ENFORCE);
    const took = performance.now() - started;
    expect(spend.body.errors, JSON.stringify(spend.body)).toBeUndefined();
    expect(spend.body.data.recordSpend.spend.amount).toBe('0.01');
    expect(enforcement.body.errors, JSON.stringify(enforcement.body)).toBeUndefined();
    expect(enforcement.body.data.runEnforcement.checked).toBeGreaterThan(20);
    // neither waited for a heavy read's turn (each holds its connection for the whole bound)
    expect(took).toBeLessThan(TIMEOUT_MS);
    const answers = await Promise.all(heavy);
    // each answered, or ran past its bound (TIMEOUT, the rest of its answer standing): how many of
    // each depends on the machine's speed
    for (const a of answers) {
      expect(a.status).toBe(200);
      const codes = new Set((a.body.errors ?? []).map((e: { extensions: { code: string } }) => e.extensions.code));
      expect([[], ['TIMEOUT']]).toContainEqual([...codes]);
    }
    timedOut += answers.filter((a) => a.body.errors).length;
    // twelve reads of ~6 s or more on two connections: the last ones wait past the bound for their turn, and say so
    expect(answers.some((a) => /waited 6 s for its turn/.test(a.text))).toBe(true);
  });

  it('logged every refusal as one info line, and nothing at error level', async () => {
    const logged = () =>
      service
        .output()
        .slice(from)
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: number; msg: string; code?: string; requestId?: string });
    // the child's log reaches us through a pipe: wait for the last line rather than read it at once
    const expected = 16 + timedOut;
    const lines = await waitFor(() => (logged().filter((l) => l.msg === 'request refused').length >= expected ? logged() : null), {
      what: () => `${expected} refusals logged (${logged().filter((l) => l.msg === 'request refused').length} so far)`,
    });
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(service.output()).not.toContain('INTERNAL_SERVER_ERROR');
    const refused = lines.filter((l) => l.msg === 'request refused');
    // 10 + 1 subscription + 5 backtests refused before running; the heavy reads past their bound
    expect(refused.filter((l) => l.code === 'COST_LIMIT')).toHaveLength(16);
    expect(refused.filter((l) => l.code === 'TIMEOUT')).toHaveLength(timedOut);
    expect(refused).toHaveLength(expected);
    // one line per request, however many fields one failure failed (60 nextChanges per page)
    const perRequest = new Map<string, number>();
    for (const l of refused) perRequest.set(l.requestId!, (perRequest.get(l.requestId!) ?? 0) + 1);
    expect(Math.max(...perRequest.values())).toBe(1);
  });
});
