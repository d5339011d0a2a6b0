// Logs an operator can live with: a client's mistakes at info, one short line without the query;
// a flood of wrong keys as a count, not a line per request; error level only for server faults.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { asAdmin, TEST_ADMIN_KEY } from '../helpers/server.ts';

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.drop());

it(
  'client errors log at info without the query; a flood of wrong keys is counted; nothing at error level',
  { timeout: 120_000 },
  async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start', '--server-only'], {
      env: { ...process.env, DATABASE_URL: t.url, PORT: String(port), LOG_LEVEL: 'info', BUDGET_ADMIN_KEY: TEST_ADMIN_KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const deadline = Date.now() + 60_000;
      while ((await fetch(`http://127.0.0.1:${port}/ready`).catch(() => null))?.status !== 200) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`not ready:\n${output}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      const post = (query: string, headers: Record<string, string>) =>
        fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query }),
        });
      const started = output.length;
      const flood = await Promise.all(
        Array.from({ length: 300 }, () => post('{ brands { totalCount } }', { authorization: 'Bearer bk_0_wrong' })),
      );
      expect(flood.every((r) => r.status === 401)).toBe(true);
      const MARKER = 'QUERY_TEXT_THAT_MUST_NOT_BE_LOGGED';
      const bad = await post(`mutation { createBrand(input: { name: "${MARKER}", dailyBudget: "1.234" }) { id } }`, asAdmin);
      expect((await bad.json()).errors[0].extensions.code).toBe('INVALID_MONEY');
      await new Promise((r) => setTimeout(r, 10_500)); // the refusal counts are written every ten seconds
      const lines = output
        .slice(started)
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { level: number; msg: string; code?: string; refused?: Record<string, number> });
      expect(lines.filter((l) => l.level >= 50)).toEqual([]);
      expect(lines.length).toBeLessThan(10);
      expect(lines.find((l) => l.code === 'INVALID_MONEY')).toMatchObject({ level: 30, msg: 'request refused' });
      expect(output).not.toContain(MARKER);
      expect(lines.find((l) => l.refused)?.refused).toEqual({ UNAUTHENTICATED: 300 });
    } finally {
      child.kill('SIGINT');
      await exited;
    }
  },
);
