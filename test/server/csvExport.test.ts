// The spends list searched across brands (GraphQL's spends filters and the REST list's), and every
// REST list as CSV (Accept: text/csv): RFC 4180 quoting, exact money in 0-, 2- and 3-decimal
// currencies, the brand's dates and clock, the same filters and keys' brands as the JSON list, and
// thousands of rows streamed from GraphQL's pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '../helpers/db.ts';
import { asAdmin, closeServer, okData, serverForFile, type TestServer } from '../helpers/server.ts';

let t: TestDb;
let s: TestServer;
const gql = <T = any>(query: string, variables?: Record<string, unknown>) => okData<T>(s, query, variables);

/** RFC 4180, strictly: CRLF between records, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('an unclosed quote');
        cell += text.slice(i, q);
        i = q + 1;
        if (text[i] !== '"') break;
        cell += '"';
        i++;
      }
    } else {
      const m = /^[^,\r\n"]*/.exec(text.slice(i))![0];
      cell = m;
      i += m.length;
    }
    row.push(cell);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`unexpected ${JSON.stringify(text.slice(i, i + 10))} at ${i}`);
  }
  if (row.length) throw new Error('the last record has no CRLF');
  return rows;
}

async function get(path: string, headers: Record<string, string> = asAdmin, accept = 'text/csv') {
  const res = await fetch(`${s.url}${path}`, { headers: { ...headers, accept } });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** A CSV list that must answer 200, as objects by its header's names (cells as strings). */
async function csvOf(path: string, headers?: Record<string, string>) {
  const res = await get(path, headers);
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
  const [header, ...rows] = parseCsv(res.text);
  return { header: header!, rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]]))), res };
}

/** The JSON list's rows as the CSV writes them: null empty, a list or object as its JSON. */
const asCells = (rows: Record<string, unknown>[]) =>
  rows.map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)])),
  );

async function jsonOf(path: string, headers: Record<string, string> = asAdmin) {
  const res = await get(path, headers, 'application/json');
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  return JSON.parse(res.text) as Record<string, unknown>[];
}

let brands: Record<'usd' | 'jpy' | 'kwd', { id: string; campaign: string }>;
let ingestKey: string;

beforeAll(async () => {
  ({ t, s } = await serverForFile());
  const make = async (name: string, currency: string, timezone: string, campaign: string) => {
    const { createBrand } = await gql(`mutation ($i: CreateBrandInput!) { createBrand(input: $i) { id } }`, {
      i: { name, currency, timezone },
    });
    const { createCampaign } = await gql(`mutation ($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }`, {
      i: { brandId: createBrand.id, name: campaign },
    });
    return { id: createBrand.id as string, campaign: createCampaign.id as string };
  };
  brands = {
    usd: await make('Acme Shoes', 'USD', 'America/New_York', 'Winter Boots, Search'),
    jpy: await make('Tokyo Noodles', 'JPY', 'Asia/Tokyo', 'Ramen Week'),
    kwd: await make('Gulf Motors', 'KWD', 'Asia/Kuwait', 'Spring "Drive" Event'),
  };
  ingestKey = (await gql(`mutation { createApiKey(name: "meta-importer", role: ingest) { key } }`)).createApiKey.key as string;
  const record = async (inputs: Record<string, unknown>[], key?: string) => {
    const res = await s.gql(
      `mutation ($i: [SpendInput!]!) { recordSpends(inputs: $i) { error { field message } } }`,
      { i: inputs },
      key ? { authorization: `Bearer ${key}` } : undefined,
    );
    expect(res.errors).toBeUndefined();
    expect(
      res.data.recordSpends.every((r: any) => r.error === null),
      JSON.stringify(res.data),
    ).toBe(true);
  };
  await record([
    { campaignId: brands.usd.campaign, amount: '1234.5', occurredAt: '2026-12-01T03:30:00Z', description: 'boots, "winter" line' },
    { campaignId: brands.usd.campaign, amount: '-0.05', occurredAt: '2026-12-01T04:00:00Z', description: 'refund\nsecond line' },
    { campaignId: brands.jpy.campaign, amount: '2550', occurredAt: '2026-12-01T16:00:00Z', description: 'late night' },
  ]);
  await record(
    [{ campaignId: brands.kwd.campaign, amount: '25.5', occurredAt: '2026-12-02T10:00:00Z', source: 'meta-sync', description: 'sync' }],
    ingestKey,
  );
}, 60_000);
afterAll(() => closeServer(t, s));

describe('spends across brands (GraphQL)', () => {
  const Q = `query ($search: String, $source: String, $recordedBy: String, $from: Date, $to: Date) {
    spends(search: $search, source: $source, recordedBy: $recordedBy, from: $from, to: $to, first: 50) {
      totalCount edges { node { amount description brand { name } campaign { name } occurredAtLocal } }
    }
  }`;
  const search = async (v: Record<string, unknown>) => (await gql(Q, v)).spends;

  it('search matches a campaign or a brand name in any case; source and recordedBy exactly; with the dates', async () => {
    expect((await search({})).totalCount).toBe(4);
    const byCampaign = await search({ search: 'WINTER boots' });
    expect(byCampaign.totalCount).toBe(2);
    expect(byCampaign.edges.map((e: any) => e.node.amount)).toEqual(['-0.05', '1234.50']);
    expect((await search({ search: 'tokyo' })).edges.map((e: any) => e.node.campaign.name)).toEqual(['Ramen Week']);
    expect((await search({ search: 'no such thing' })).totalCount).toBe(0);
    const synced = await search({ source: 'meta-sync' });
    expect(synced.edges.map((e: any) => e.node.brand.name)).toEqual(['Gulf Motors']);
    expect((await search({ recordedBy: 'meta-importer' })).totalCount).toBe(1);
    expect((await search({ source: 'api', from: '2026-12-02', to: '2026-12-02' })).edges.map((e: any) => e.node.brand.name)).toEqual([
      'Tokyo Noodles', // 16:00 UTC on the 1st is the 2nd in Tokyo
    ]);
  });

  it("occurredAtLocal is the brand's clock with its offset", async () => {
    const tokyo = await search({ search: 'Ramen' });
    expect(tokyo.edges[0].node.occurredAtLocal).toBe('2026-12-02T01:00:00+09:00');
    const ny = await search({ search: 'acme', from: '2026-11-30', to: '2026-11-30' });
    expect(ny.edges.map((e: any) => e.node.occurredAtLocal)).toEqual(['2026-11-30T23:00:00-05:00', '2026-11-30T22:30:00-05:00']);
  });

  it('a filter longer than what it matches can be is refused, naming it; a name of 200 characters is searched', async () => {
    for (const [field, max] of [
      ['search', 200],
      ['source', 100],
      ['recordedBy', 200],
    ] as const) {
      const res = await s.gql(Q, { [field]: 'x'.repeat(max + 1) });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field });
      expect(res.errors?.[0]?.message).toContain(`${field} must be at most ${max} characters`);
    }
    expect((await s.gql(Q, { search: 'x'.repeat(200), recordedBy: 'y'.repeat(200) })).errors).toBeUndefined();
  });
});

describe('REST lists as CSV', () => {
  it('spends: a header of the JSON names, RFC 4180 quoting, exact money in 0/2/3 decimals, UTC and brand-local times', async () => {
    const { header, rows, res } = await csvOf('/api/spends/');
    const json = await jsonOf('/api/spends/');
    expect(header).toEqual(Object.keys(json[0]!));
    expect(header).toContain('occurred_at_local');
    expect(rows).toEqual(asCells(json));
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="spends.csv"');
    expect(res.headers.get('x-total-count')).toBe('4');
    const by = (d: string) => rows.find((r) => r.description === d)!;
    expect(by('boots, "winter" line')).toMatchObject({
      amount: '1234.50',
      spend_date: '2026-11-30',
      occurred_at: '2026-12-01T03:30:00.000Z',
    });
    expect(by('refund\nsecond line').amount).toBe('-0.05');
    expect(by('late night')).toMatchObject({ amount: '2550', spend_date: '2026-12-02', occurred_at_local: '2026-12-02T01:00:00+09:00' });
    expect(by('sync')).toMatchObject({ amount: '25.500', source: 'meta-sync', recorded_by: 'meta-importer' });
    // the quoting itself, as written
    expect(res.text).toContain(',"boots, ""winter"" line",');
    expect(res.text).toContain(',"refund\nsecond line",');
    expect(res.text.split('\r\n')[0]).toBe(header.join(','));
  });

  it('the filters are the JSON list’s: search, source, recorded_by, brand, dates; a bad one is 400 naming it', async () => {
    const descriptions = async (q: string) => (await csvOf(`/api/spends/?${q}`)).rows.map((r) => r.description);
    expect(await descriptions('search=GULF')).toEqual(['sync']);
    expect(await descriptions('source=meta-sync')).toEqual(['sync']);
    expect(await descriptions('recorded_by=meta-importer')).toEqual(['sync']);
    expect(await descriptions(`brand=${brands.jpy.id}`)).toEqual(['late night']);
    expect(await descriptions('start_date=2026-12-02&search=ramen')).toEqual(['late night']);
    expect((await jsonOf('/api/spends/?search=acme&source=api')).map((r) => r.description)).toEqual([
      'refund\nsecond line',
      'boots, "winter" line',
    ]);
    const bad = await get('/api/spends/?start_date=2026-13-01');
    expect(bad.status).toBe(400);
    expect(Object.keys(JSON.parse(bad.text))).toContain('start_date');
    const long = await get(`/api/spends/?search=${'x'.repeat(201)}`);
    expect(long.status).toBe(400);
    expect(JSON.parse(long.text)).toMatchObject({ search: [expect.stringContaining('at most 200 characters')], code: 'INVALID_ARGUMENT' });
    // with limit and offset: that page
    const page = await csvOf('/api/spends/?limit=2&offset=1');
    expect(page.rows.map((r) => r.description)).toEqual(['late night', 'refund\nsecond line']);
    expect(page.res.headers.get('x-total-count')).toBe('4');
  });

  it('a key limited to a brand exports only its rows', async () => {
    const { createApiKey } = await gql(`mutation ($b: [ID!]) { createApiKey(name: "tokyo viewer", role: viewer, brandIds: $b) { key } }`, {
      b: [brands.jpy.id],
    });
    const viewer = { authorization: `Bearer ${createApiKey.key}` };
    expect((await csvOf('/api/spends/', viewer)).rows.map((r) => r.brand)).toEqual([brands.jpy.id]);
    expect((await csvOf('/api/brands/', viewer)).rows.map((r) => r.name)).toEqual(['Tokyo Noodles']);
    expect((await csvOf('/api/campaigns/', viewer)).rows.map((r) => r.name)).toEqual(['Ramen Week']);
    expect((await csvOf(`/api/spends/?brand=${brands.usd.id}`, viewer)).rows).toEqual([]);
  });

  it('brands, campaigns, schedules, audit entries and overrides: the JSON list’s rows, lists and objects as JSON', async () => {
    await gql(`mutation ($i: CreateScheduleInput!) { createSchedule(input: $i) { id } }`, {
      i: { campaignId: brands.usd.campaign, dayOfWeek: 'MONDAY', startTime: '09:00', endTime: '18:00' },
    });
    for (const name of ['brands', 'campaigns', 'schedules', 'audit-entries', 'overrides']) {
      const json = await jsonOf(`/api/${name}/`);
      const { header, rows, res } = await csvOf(`/api/${name}/`);
      expect(rows, name).toEqual(asCells(json));
      if (json[0]) expect(header, name).toEqual(Object.keys(json[0]));
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${name}.csv"`);
    }
    const brandsCsv = await csvOf('/api/brands/');
    expect(brandsCsv.rows.find((r) => r.name === 'Gulf Motors')).toMatchObject({ currency: 'KWD', monthly_spend: expect.any(String) });
    const audit = await csvOf('/api/audit-entries/');
    expect(audit.rows.some((r) => r.after!.startsWith('{'))).toBe(true);
  });

  it('thousands of rows: every one, newest first, streamed from pages of 500', async () => {
    await t.sql(
      `insert into spends (brand_id, campaign_id, amount, occurred_at, source, description)
       select brand_id, id, 1230 + g, timestamptz '2026-11-20T00:00:00Z' + g * interval '1 minute', 'bulk', 'row ' || g
       from campaigns, generate_series(1, 3200) g where id = $1`,
      [brands.usd.campaign],
    );
    const res = await fetch(`${s.url}/api/spends/?source=bulk`, { headers: { ...asAdmin, accept: 'text/csv' } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let chunks = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      text += decoder.decode(value, { stream: true });
    }
    expect(chunks).toBeGreaterThan(1);
    const [header, ...rows] = parseCsv(text);
    const description = header!.indexOf('description');
    expect(rows).toHaveLength(3200);
    expect(rows.map((r) => r[description])).toEqual(Array.from({ length: 3200 }, (_, i) => `row ${3200 - i}`));
    expect(new Set(rows.map((r) => r[0])).size).toBe(3200);
    expect(rows[0]![header!.indexOf('amount')]).toBe('4.43'); // 4,430 thousandths of a dollar
    expect((await csvOf('/api/spends/?search=acme')).rows).toHaveLength(3202);
  }, 60_000);

  it('a text a spreadsheet would run as a formula is written as text; money, even negative, stays exact', async () => {
    await gql(`mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate } }`, {
      i: {
        campaignId: brands.usd.campaign,
        amount: '-2.50',
        occurredAt: '2026-11-02T10:00:00Z',
        source: 'formula',
        description: '=HYPERLINK("http://x")',
      },
    });
    const { rows } = await csvOf('/api/spends/?source=formula');
    expect(rows.map((r) => [r.amount, r.description])).toEqual([['-2.50', `'=HYPERLINK("http://x")`]]);
  });

  it('a key revoked during a long export stops it at its next page: the answer ends unfinished, never looking whole', async () => {
    const key = (await gql(`mutation { createApiKey(name: "exporter", role: viewer) { key } }`)).createApiKey;
    await t.sql(
      `insert into spends (brand_id, campaign_id, amount, occurred_at, source, description)
       select brand_id, id, 1000 + g, timestamptz '2026-10-01T00:00:00Z' + g * interval '1 second', 'long', repeat('x', 200)
       from campaigns, generate_series(1, 20000) g where id = $1`,
      [brands.usd.campaign],
    );
    const { request } = await import('node:http');
    const outcome = await new Promise<{ complete: boolean; bytes: number }>((resolve, reject) => {
      const req = request(
        `${s.url}/api/spends/?source=long`,
        { headers: { authorization: `Bearer ${key.key}`, accept: 'text/csv' } },
        (res) => {
          expect(res.statusCode).toBe(200);
          let bytes = 0;
          let revoking: Promise<unknown> | null = null;
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            if (revoking) return;
            // the first bytes: hold the answer (the server stops at the socket's buffer), revoke, read on
            res.pause();
            revoking = gql(`mutation ($id: String!) { revokeApiKey(id: $id) { id } }`, { id: 'exporter' }).then(() => res.resume(), reject);
          });
          res.on('close', () => resolve({ complete: res.complete, bytes }));
        },
      );
      req.on('error', () => undefined); // the connection cut is the outcome, seen at 'close'
      req.end();
    });
    expect(outcome.complete).toBe(false);
    expect(outcome.bytes).toBeLessThan(20_000 * 200);
  }, 60_000);
});
