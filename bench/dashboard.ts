// `npm run bench -- dashboard`: the dashboard's overview in headless Chromium (Debian's
// /usr/bin/chromium, or CHROMIUM_PATH) over 1,000 seeded brands with 10 campaigns each: from
// navigation to the first page drawn, and the 500-brand page drawn after choosing it, against the
// same page's Brands query alone (fetch, no drawing) from the same browser in the same run. Also
// the app's size, gzipped.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { benchDatabase, cli, graphql, median, report, startService, table } from './lib.ts';

const RUNS = 5;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const db = await benchDatabase();
try {
  cli(db.url, 'seed', '--brands', '1000', '--campaigns-per-brand', '10', '--spends-per-campaign', '2');
  const service = await startService(db.url);
  const key = (await graphql(service.url, 'mutation { createApiKey(name: "bench-dashboard", role: viewer) { key } }')).createApiKey
    .key as string;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const first: number[] = [];
  const big: number[] = [];
  const query: Record<number, number[]> = { 50: [], 500: [] };
  try {
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await context.addInitScript((k) => sessionStorage.setItem('budget-control-key', k), key);
      const page = await context.newPage();
      const started = Date.now();
      await page.goto(service.url);
      await page.locator('tr[data-brand]').nth(49).waitFor();
      first.push(Date.now() - started);
      const chosen = Date.now();
      await page.getByLabel('Per page').selectOption('500');
      await page.locator('tr[data-brand]').nth(499).waitFor();
      big.push(Date.now() - chosen);
      // the reference: the same query, fetched by the same page, not drawn
      for (const size of [50, 500])
        query[size]!.push(
          await page.evaluate(
            async ({ size, key }) => {
              const body = JSON.stringify({
                query: `query ($first: Int) { brands(first: $first) { totalCount edges { node { id name currency dailyBudget dailySpend monthlyBudget monthlySpend
                  active: campaigns(status: ACTIVE, first: 0) { totalCount } paused: campaigns(status: PAUSED, first: 0) { totalCount } } } } }`,
                variables: { first: size },
              });
              const t = performance.now();
              await (
                await fetch('/graphql', {
                  method: 'POST',
                  headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
                  body,
                })
              ).json();
              return Math.round(performance.now() - t);
            },
            { size, key },
          ),
        );
      await context.close();
    }
  } finally {
    await browser.close();
    await service.stop();
  }
  const assets = readdirSync('web/dist/assets').map((f) => readFileSync(`web/dist/assets/${f}`));
  const html = readFileSync('web/dist/index.html');
  const gzipped = [html, ...assets].reduce((sum, b) => sum + gzipSync(b).length, 0);
  await report(
    'dashboard',
    'npm run bench -- dashboard',
    db.version,
    table([
      ['what (1,000 brands × 10 campaigns, median of 5)', 'result', 'reference (same run)', 'ratio'],
      [
        'overview: navigation to the first 50 brands drawn',
        `${median(first)} ms`,
        `its Brands query alone (50): ${median(query[50]!)} ms`,
        `${(median(first) / median(query[50]!)).toFixed(1)}×`,
      ],
      [
        'overview: 500 per page chosen to 500 brands drawn',
        `${median(big)} ms`,
        `its Brands query alone (500): ${median(query[500]!)} ms`,
        `${(median(big) / median(query[500]!)).toFixed(1)}×`,
      ],
      ['the whole app (HTML, JS, CSS), gzipped', `${(gzipped / 1024).toFixed(1)} KiB`, 'target ≤ 150 KiB', ''],
    ]),
  );
} finally {
  await db.drop();
}
