// Logs an operator can live with: a client's mistakes at info, one short line without the query;
// a flood of wrong keys as a count, not a line per request; error level only for server faults.
import { spawn } from 'node:child_process';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { MAX_BODY_BYTES } from '../../src/server/limits.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { asAdmin, TEST_ADMIN_KEY } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

/** BUDGET_REFUSAL_LOG_MS for this server: the counts are logged every 2 s, not every 10 */
const REFUSAL_LOG_MS = 2_000;

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
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        PORT: String(port),
        LOG_LEVEL: 'info',
        BUDGET_ADMIN_KEY: TEST_ADMIN_KEY,
        BUDGET_REFUSAL_LOG_MS: String(REFUSAL_LOG_MS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`exited:\n${output}`);
          return (await fetch(`http://127.0.0.1:${port}/ready`).catch(() => null))?.status === 200;
        },
        { timeout: 60_000, interval: 100, what: 'the server to be ready' },
      );
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
      // GraphQL's own refusals are the client's mistakes too: 400 with a code, one info line each
      const costly = `{ ${Array.from({ length: 25 }, (_, i) => `a${i}: brands(first: 500) { edges { node { campaigns(first: 500) { edges { node { id } } } } } }`).join(' ')} }`;
      const mistakes: unknown[] = [
        { query: 'query ($n: Int) { brands(first: $n) { totalCount } }', variables: { n: 'abc' } },
        { query: 'query ($n: Int) { brands(first: $n) { totalCount } }', variables: { n: 1.5 } },
        { query: 'query ($id: ID!) { brand(id: $id) { id } }', variables: { id: { a: 1 } } },
        { query: 'mutation ($id: ID!) { pauseCampaign(id: $id) { id } }', variables: { id: [1] } },
        { query: 'query ($n: Int) { brands(first: $n) { totalCount } }', variables: 'abc' },
        { query: 'query ($at: DateTime!) { previewEnforcement(task: ALL, at: $at) { checked } }', variables: { at: 'yesterday' } },
        { query: costly },
      ];
      for (const body of mistakes) {
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...asAdmin },
          body: JSON.stringify(body),
        });
        const answer = await res.json();
        expect(res.status, JSON.stringify(answer)).toBe(400);
        expect(answer.errors[0].extensions.code, JSON.stringify(answer)).toMatch(
          /^(INVALID_ARGUMENT|BAD_REQUEST|GRAPHQL_VALIDATION_FAILED|COST_LIMIT)$/,
        );
      }
      // the REST API's: its own refusals (a missing field, an unknown object or route, a method, a
      // body that is not JSON) and GraphQL's (a bad amount, a malformed id) alike, one line each
      const restMistakes: [string, string, string?][] = [
        ['POST', '/api/brands/', JSON.stringify({ name: MARKER, daily_budget: '1.234' })],
        ['POST', '/api/brands/', '{}'],
        ['POST', '/api/brands/', '{"name": '],
        ['GET', '/api/brands/00000000-0000-4000-8000-000000000000/'],
        ['PUT', '/api/brands/nope/', JSON.stringify({ name: 'x' })],
        ['GET', '/api/nothing/'],
        ['PATCH', '/api/spends/', '{}'],
      ];
      for (const [method, path, body] of restMistakes) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, {
          method,
          headers: { 'content-type': 'application/json', ...asAdmin },
          body,
        });
        expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${method} ${path}`).toBeLessThan(500);
        expect((await res.json()).code).toMatch(/^[A-Z_]+$/);
      }
      // WebSocket frames past 4 MB: closed with 1009 and counted, never a stack on stderr
      for (let i = 0; i < 3; i++) {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws');
        await new Promise((resolve) => ws.once('open', resolve));
        const closed = new Promise<number>((resolve) => ws.once('close', resolve));
        ws.send(Buffer.alloc(MAX_BODY_BYTES + 1, 'x'));
        expect(await closed).toBe(1009);
      }
      const logged = () =>
        output
          .slice(started)
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as { level: number; msg: string; code?: string; refused?: Record<string, number> });
      // the counts are written once per interval: every refusal of the flood is in them
      const counted = (code = 'UNAUTHENTICATED') => logged().reduce((n, l) => n + (l.refused?.[code] ?? 0), 0);
      await waitFor(() => counted() >= 300 && counted('PAYLOAD_TOO_LARGE') >= 3, {
        timeout: 30_000,
        what: () => `300 + 3 refusals counted (${counted()} + ${counted('PAYLOAD_TOO_LARGE')} so far)`,
      });
      const lines = logged();
      expect(lines.filter((l) => l.level >= 50)).toEqual([]);
      expect(lines.filter((l) => l.msg === 'request refused')).toHaveLength(1 + mistakes.length + restMistakes.length);
      expect(lines.length).toBeLessThan(22);
      expect(lines.find((l) => l.code === 'INVALID_MONEY')).toMatchObject({ level: 30, msg: 'request refused' });
      expect(output).not.toContain(MARKER);
      expect(output).not.toMatch(/Internal error|\n\s+at /); // graphql-ws's message, or any stack
      const counts = lines.filter((l) => l.refused);
      expect(new Set(counts.flatMap((l) => Object.keys(l.refused!)))).toEqual(new Set(['UNAUTHENTICATED', 'PAYLOAD_TOO_LARGE']));
      expect(counted()).toBe(300);
      expect(counted('PAYLOAD_TOO_LARGE')).toBe(3);
      expect(counts.length).toBeLessThan(5); // a line per interval, not per request
    } finally {
      child.kill('SIGINT');
      await exited;
    }
  },
);
