// brandPage (the overview's one statement) against what it replaces: Prisma's nested include for
// the campaigns (the same rows, every column, in the same order, so a column added to the model
// fails here until the statement reads it) and spendFigures for every figure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/index.ts';
import { SYSTEM } from '../../src/domain/scope.ts';
import { archiveCampaign, pauseCampaign } from '../../src/engine/campaigns.ts';
import { brandPage, type FirstCampaigns } from '../../src/reads/brandPage.ts';
import { spendFigures } from '../../src/reads/figures.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';

let t: TestDb;
beforeAll(async () => void (t = await freshDatabase()));
afterAll(() => t.drop());

const AT = new Date('2026-11-20T12:00:00Z');

describe('brandPage', () => {
  it('answers the rows and figures Prisma and spendFigures answer', async () => {
    const brands = [
      await make.brand({ timezone: 'Europe/Paris', dailyBudget: '50.00' }, AT),
      await make.brand({ timezone: 'Asia/Tokyo', currency: 'JPY' }, AT),
      await make.brand({}, AT), // no campaigns
    ];
    for (const [i, b] of brands.slice(0, 2).entries()) {
      // names out of creation order and case, and one of each state
      for (const name of ['Zeta', 'alpha', 'Beta', 'beta', 'Gamma', 'Delta']) await make.campaign(b.id, { name: `${name} ${i}` }, AT);
    }
    const [first, second] = await db().campaign.findMany({ where: { brandId: brands[0]!.id }, orderBy: { id: 'asc' }, take: 2 });
    await db().$transaction((tx) => pauseCampaign(tx, first!.id, SYSTEM, AT));
    await db().$transaction((tx) => archiveCampaign(tx, second!.id, SYSTEM, AT));
    const some = await db().campaign.findMany({ where: { brandId: { in: brands.map((b) => b.id) } }, take: 6 });
    for (const [i, c] of some.entries()) await make.spend(c.id, `${i + 1}`, new Date(AT.getTime() - i * 36 * 3_600_000));
    const ids = brands.map((b) => b.id);

    for (const first of [
      { take: 4, includeArchived: false },
      { take: 11, includeArchived: true },
      { take: 3, includeArchived: true, status: 'PAUSED' },
      { take: 2, includeArchived: false, status: 'ACTIVE' },
    ] satisfies FirstCampaigns[]) {
      const page = await brandPage(db(), ids, first, AT);
      const prisma = await db().brand.findMany({
        where: { id: { in: ids } },
        include: {
          campaigns: {
            where: { ...(first.status ? { status: first.status } : {}), ...(first.includeArchived ? {} : { archivedAt: null }) },
            orderBy: [{ name: 'asc' }, { id: 'asc' }],
            take: first.take,
          },
        },
      });
      const figures = await spendFigures(
        db(),
        ids,
        prisma.flatMap((b) => b.campaigns.map((c) => c.id)),
        AT,
      );
      for (const b of prisma) {
        const mine = page.get(b.id)!;
        expect(
          mine.campaigns.map((c) => c.campaign),
          JSON.stringify(first),
        ).toEqual(b.campaigns);
        expect(mine.figures).toEqual(figures.brands.get(b.id));
        for (const c of mine.campaigns) expect(c.figures).toEqual(figures.campaigns.get(c.campaign.id));
      }
    }
  });
});
