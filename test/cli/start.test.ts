// `budget start` as a newcomer runs it: embedded PostgreSQL, /ready, data kept across a restart,
// and Ctrl-C (SIGINT to the whole process group) leaves no postgres behind.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { asAdmin, TEST_ADMIN_KEY } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

let dataDir: string;
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) process.kill(-c.pid!, 'SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function startService(port: number) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'info',
    BUDGET_ADMIN_KEY: TEST_ADMIN_KEY,
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start'], {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`start exited early:\n${output}`);
      // ready, and done printing (the first start's key comes before this line)
      return /Press Ctrl-C to stop/.test(output) && (await fetch(`http://127.0.0.1:${port}/ready`).catch(() => null))?.status === 200;
    },
    { timeout: 90_000, interval: 100, what: () => `/ready to answer 200:\n${output}` },
  );
  return {
    output: () => output,
    gql: async (query: string, headers: Record<string, string> = asAdmin) =>
      (await (
        await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        })
      ).json()) as any,
    /** Ctrl-C in a terminal: SIGINT to every process of the group */
    interrupt: async () => {
      process.kill(-child.pid!, 'SIGINT');
      return { code: await exited, output: () => output };
    },
  };
}

function postgresFor(dir: string): string[] {
  try {
    return execFileSync('pgrep', ['-a', '-x', 'postgres'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes(dir));
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

describe('budget start on the embedded database', () => {
  it('serves, keeps data across a restart, and stops clean on Ctrl-C', { timeout: 180_000 }, async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'budget-start-'));
    const port = await freePort();

    const first = await startService(port);
    expect(postgresFor(dataDir)).toHaveLength(1);
    // the first start on an empty database makes an admin key and prints it once
    const adminKey = /(bk_[0-9a-f]{32}_[A-Za-z0-9_-]{43})/.exec(first.output())?.[1];
    expect(adminKey, first.output()).toBeDefined();
    const asPrinted = await first.gql(`{ brands { totalCount } }`, { authorization: `Bearer ${adminKey}` });
    expect(asPrinted.data).toEqual({ brands: { totalCount: 0 } });
    const created = await first.gql(`mutation { createBrand(input: { name: "Persisted", dailyBudget: "12.34" }) { id } }`);
    expect(created.errors).toBeUndefined();
    const stopped = await first.interrupt();
    expect(stopped.code, stopped.output()).toBe(0);
    expect(stopped.output()).toMatch(/embedded PostgreSQL stopped/);
    expect(postgresFor(dataDir)).toEqual([]);

    const second = await startService(port);
    expect(second.output()).not.toMatch(/bk_[0-9a-f]{32}_/);
    const read = await second.gql(`{ brands { edges { node { name dailyBudget } } } }`);
    expect(read.data.brands.edges).toEqual([{ node: { name: 'Persisted', dailyBudget: '12.34' } }]);
    const again = await second.interrupt();
    expect(again.code, again.output()).toBe(0);
    expect(postgresFor(dataDir)).toEqual([]);
  });
});
