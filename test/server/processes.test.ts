// Two server processes and a separate worker process on one database: events made by any of them
// reach subscribers of every server process, in id order.
import { quickAddJob } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { startProcess, type ServiceProcess } from '../helpers/processes.ts';
import { asAdmin } from '../helpers/server.ts';
import { wsSubscribe } from '../helpers/ws.ts';

let t: TestDb;
const children: ServiceProcess[] = [];
let a: string;
let b: string;

async function service(args: string[], port?: number): Promise<string> {
  const started = await startProcess(t.url, args, port);
  children.push(started);
  return started.url;
}

async function gql(url: string, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { ...asAdmin, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as any;
}

beforeAll(async () => {
  t = await freshDatabase();
  [a, b] = await Promise.all([service(['--server-only'], await freePort()), service(['--server-only'], await freePort())]);
  await service(['--worker-only']);
}, 120_000);
afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  await t.drop();
});

describe('across processes', () => {
  it('a spend through process A that uses up the budget reaches a subscriber of process B', async () => {
    const brand = await gql(a, `mutation { createBrand(input: { name: "Cross", dailyBudget: "50.00" }) { id } }`);
    const brandId = brand.data.createBrand.id;
    const campaign = await gql(a, `mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Display" }) { id } }`, { b: brandId });
    const sub = await wsSubscribe(b, `subscription ($b: ID) { campaignStatusChanged(brandId: $b) { id trigger toReason campaignName } }`, {
      b: brandId,
    });
    const sent = performance.now();
    await gql(a, `mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "50.00" }) { duplicate } }`, {
      c: campaign.data.createCampaign.id,
    });
    const [event] = await sub.until(1, 5_000);
    const latency = performance.now() - sent;
    expect(event.campaignStatusChanged).toMatchObject({ trigger: 'SPEND', toReason: 'DAILY_BUDGET', campaignName: 'Display' });
    // The mutation's own round trip is inside this figure; asserted loosely, reported in the notes.
    console.log(`cross-process delivery: ${latency.toFixed(1)} ms from sending the mutation to A until B's subscriber had the event`);
    expect(latency).toBeLessThan(1_000);
    await sub.close();
  });

  it('events made by the worker process reach subscribers of both servers, in id order', async () => {
    const brand = await gql(a, `mutation { createBrand(input: { name: "Worker made", dailyBudget: "5.00" }) { id } }`);
    const brandId = brand.data.createBrand.id;
    const ids: string[] = [];
    for (const name of ['One', 'Two', 'Three']) {
      const c = await gql(b, `mutation ($b: ID!, $n: String!) { createCampaign(input: { brandId: $b, name: $n }) { id } }`, {
        b: brandId,
        n: name,
      });
      ids.push(c.data.createCampaign.id);
    }
    const query = `subscription ($b: ID) { campaignStatusChanged(brandId: $b) { id trigger actor } }`;
    const onA = await wsSubscribe(a, query, { b: brandId });
    const onB = await wsSubscribe(b, query, { b: brandId });
    // spends that reached the database around the API; the worker's enforce_budgets finds them
    await t.sql(`insert into spends (brand_id, campaign_id, amount, occurred_at) values ($1, $2, 5000, now())`, [brandId, ids[0]]); // 5.00, in thousandths
    await quickAddJob({ connectionString: t.url }, 'enforce_budgets', {});
    const [fromA, fromB] = await Promise.all([onA.until(3, 15_000), onB.until(3, 15_000)]);
    expect(fromA.map((e) => e.campaignStatusChanged)).toEqual(fromB.map((e) => e.campaignStatusChanged));
    expect(fromA.every((e) => e.campaignStatusChanged.trigger === 'ENFORCE_BUDGETS' && e.campaignStatusChanged.actor === 'system')).toBe(
      true,
    );
    const order = fromA.map((e) => Number(e.campaignStatusChanged.id));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    await Promise.all([onA.close(), onB.close()]);
  });
});
