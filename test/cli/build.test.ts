// The compiled build, as production runs it: `npm run build`'s server part makes dist/main.js, and
// that file alone (no tsx) migrates, serves GraphQL, the dashboard and /ready, and stops on SIGTERM.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { startProcess } from '../helpers/processes.ts';
import { asAdmin } from '../helpers/server.ts';

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.drop());

describe('the compiled build', () => {
  it('dist/main.js serves without a TypeScript runner', { timeout: 120_000 }, async () => {
    execFileSync(process.execPath, ['scripts/buildServer.mjs'], { stdio: 'pipe' });
    const service = await startProcess(t.url, ['--server-only'], await freePort(), {}, 'dist/main.js');
    try {
      expect(service.child.spawnargs.join(' ')).not.toContain('tsx');
      const res = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { ...asAdmin, 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation { createBrand(input: { name: "Compiled", dailyBudget: "5" }) { name dailyBudget dailySpend } }',
        }),
      });
      expect(await res.json()).toEqual({ data: { createBrand: { name: 'Compiled', dailyBudget: '5.00', dailySpend: '0.00' } } });
      expect((await fetch(`${service.url}/`)).status).toBe(200);
    } finally {
      await service.stop();
    }
    expect(service.child.exitCode).toBe(0);
  });
});
