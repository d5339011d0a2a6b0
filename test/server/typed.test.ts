// The operations a typed client writes (test/helpers/operations.ts, types from npm run codegen),
// end to end: a brand, a campaign, the spend that uses up its budget.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestDb } from '../helpers/db.ts';
import { BrandOverview, CreateBrand, CreateCampaign, RecordSpend } from '../helpers/operations.ts';
import { closeServer, serverForFile, type TestServer } from '../helpers/server.ts';

let t: TestDb;
let s: TestServer;
beforeAll(async () => ({ t, s } = await serverForFile()));
afterAll(() => closeServer(t, s));

it('a typed client creates a brand and a campaign, and sees the spend that uses up the budget pause it', async () => {
  const brand = await s.typed(CreateBrand, { input: { name: 'Typed', dailyBudget: '20', timezone: 'Europe/Berlin' } });
  const brandId = brand.data!.createBrand.id;
  expect(brand.data!.createBrand).toMatchObject({ dailyBudget: '20.00', monthlyBudget: null, timezone: 'Europe/Berlin' });
  const campaign = await s.typed(CreateCampaign, { input: { brandId, name: 'Always On' } });
  expect(campaign.data!.createCampaign).toMatchObject({ status: 'ACTIVE', pauseReason: null });
  const spend = await s.typed(RecordSpend, { input: { campaignId: campaign.data!.createCampaign.id, amount: '20.00' } });
  expect(spend.data!.recordSpend).toMatchObject({
    duplicate: false,
    brand: { dailySpend: '20.00', dailyRemaining: '0.00' },
    statusChanges: [{ campaignName: 'Always On', toStatus: 'PAUSED', toReason: 'DAILY_BUDGET' }],
  });
  const overview = await s.typed(BrandOverview, { id: brandId });
  expect(overview.data!.brand).toEqual({
    name: 'Typed',
    dailySpend: '20.00',
    monthlySpend: '20.00',
    campaigns: { totalCount: 1, edges: [{ node: { name: 'Always On', status: 'PAUSED', pauseReason: 'DAILY_BUDGET' } }] },
  });
});
