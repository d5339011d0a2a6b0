// The REST bridge (SOFA) with plain HTTP, as the seed's clients call it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_STATUS, type ErrorCode } from '../../src/domain/errors.ts';
import type { TestDb } from '../helpers/db.ts';
import { asAdmin, closeServer, serverForFile, type TestServer } from '../helpers/server.ts';

let t: TestDb;
let s: TestServer;
beforeAll(async () => ({ t, s } = await serverForFile()));
afterAll(() => closeServer(t, s));

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${s.url}/api${path}`, {
    method,
    headers: { ...asAdmin, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('REST bridge at /api', () => {
  it('brands: POST, GET list, GET by id, PUT, DELETE', async () => {
    const created = await call('POST', '/brands', { input: { name: 'Acme Corporation', dailyBudget: '100.00', monthlyBudget: '2000.00' } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'Acme Corporation', dailyBudget: '100.00', monthlyBudget: '2000.00', dailySpend: '0.00' });
    const id = created.body.id;
    expect((await call('GET', '/brands')).body.edges.map((e: any) => e.node.name)).toEqual(['Acme Corporation']);
    expect((await call('GET', `/brands/${id}`)).body).toMatchObject({ id, name: 'Acme Corporation' });
    expect((await call('PUT', `/brands/${id}`, { input: { name: 'Acme Corp Updated', dailyBudget: '150.00' } })).body).toMatchObject({
      name: 'Acme Corp Updated',
      dailyBudget: '150.00',
    });
    expect((await call('DELETE', `/brands/${id}`)).body).toBe(id);
  });

  it('campaigns, spends with date filters, schedules, pause', async () => {
    const brand = (await call('POST', '/brands', { input: { name: 'Rest Brand', dailyBudget: '10.00' } })).body;
    const campaign = (await call('POST', '/campaigns', { input: { brandId: brand.id, name: 'Summer Sale Campaign' } })).body;
    expect(campaign).toMatchObject({ name: 'Summer Sale Campaign', status: 'ACTIVE' });
    const spend = (
      await call('POST', '/spends', {
        input: { campaignId: campaign.id, amount: '25.50', occurredAt: '2026-06-26T12:00:00Z', description: 'Facebook ad spend' },
      })
    ).body;
    expect(spend.spend).toMatchObject({ amount: '25.50', spendDate: '2026-06-26' });
    const inJune = (await call('GET', `/spends?brandId=${brand.id}&from=2026-06-01&to=2026-06-30`)).body;
    expect(inJune.totalCount).toBe(1);
    // flat, like the seed's API: relations as ids
    expect(inJune.edges[0].node).toMatchObject({
      amount: '25.50',
      brandId: brand.id,
      campaignId: campaign.id,
      description: 'Facebook ad spend',
    });
    expect(inJune.edges[0].node).not.toHaveProperty('brand');
    expect((await call('GET', `/spends?brandId=${brand.id}&from=2026-07-01`)).body.totalCount).toBe(0);
    const window = (
      await call('POST', '/schedules', {
        input: { campaignId: campaign.id, dayOfWeek: 'MONDAY', startTime: '09:00:00', endTime: '18:00:00' },
      })
    ).body;
    expect(window).toMatchObject({ dayOfWeek: 'MONDAY', startTime: '09:00', endTime: '18:00', isActive: true });
    expect((await call('GET', `/schedules?campaignId=${campaign.id}`)).body).toHaveLength(1);
    expect((await call('POST', `/campaigns/${campaign.id}/pause`)).body).toMatchObject({ status: 'PAUSED', pauseReason: 'MANUAL' });
    expect((await call('GET', `/campaigns?brandId=${brand.id}`)).body.totalCount).toBe(1);
  });

  it('an error answers the status of its code, from the one table', async () => {
    await call('POST', '/brands', { input: { name: 'Twice' } });
    const answers = [
      await call('POST', '/brands', { input: { name: 'Bad', dailyBudget: '1.234' } }),
      await call('POST', '/brands', { input: { name: 'Twice' } }),
      await call('PUT', '/brands/00000000-0000-4000-8000-000000000000', { input: { name: 'Nobody' } }),
      await call('PUT', '/brands/nope', { input: { name: 'Nobody' } }),
    ];
    const codes = answers.map((a) => a.body.errors[0].extensions.code as ErrorCode);
    expect(codes).toEqual(['INVALID_MONEY', 'DUPLICATE_NAME', 'NOT_FOUND', 'INVALID_ID']);
    expect(answers.map((a) => a.status)).toEqual(codes.map((c) => HTTP_STATUS[c]));
  });

  it('errors keep their code and field; OpenAPI (bearer key) with Swagger UI at /api/docs', async () => {
    const bad = await call('POST', '/brands', { input: { name: 'Bad', dailyBudget: '1.234' } });
    expect(bad.status).toBeLessThan(500);
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'INVALID_MONEY', field: 'dailyBudget' });
    const docs = await fetch(`${s.url}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger/i);
    const spec = (await (await fetch(`${s.url}/api/openapi.json`)).json()) as any;
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/brands', '/brands/{id}', '/campaigns', '/spends', '/schedules']));
    expect(spec.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(spec.security).toEqual([{ apiKey: [] }]);
  });
});
