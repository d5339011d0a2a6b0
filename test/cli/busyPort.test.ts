// `budget start` on a port another program holds: it stops with one sentence naming the setting to
// change (PORT, HOST) and exit code 2, before the first start's admin key is made or printed, so
// the next start (on a free port) makes and prints it.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { startProcess } from '../helpers/processes.ts';
import { waitFor } from '../helpers/wait.ts';

let t: TestDb;
let holder: Server;
let port: number;
beforeAll(async () => {
  t = await freshDatabase();
  port = await freePort();
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => holder.close(resolve));
  await t.drop();
});

function start(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start', '--server-only'], {
    env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'warn', BUDGET_ADMIN_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('budget start on a busy port', { timeout: 120_000 }, () => {
  it('names PORT (and HOST) in one line, exits 2, and makes no key', async () => {
    const busy = await start({ PORT: String(port) });
    expect(busy.code, busy.output).toBe(2);
    expect(busy.output).toContain(
      `budget: PORT: port ${port} on 127.0.0.1 is already in use (another \`budget start\`, or another program): stop it, or set PORT to a free port (and HOST to listen on another address)`,
    );
    expect(busy.output).not.toMatch(/bk_[0-9a-f]{32}_|at .*\.ts:\d+/);
    expect(await t.sql(`select count(*)::int as n from api_keys`)).toEqual([{ n: 0 }]);

    const host = await start({ PORT: '0', HOST: '203.0.113.7' });
    expect(host.code, host.output).toBe(2);
    expect(host.output).toContain('budget: HOST: 203.0.113.7 is not an address of this machine: set HOST');

    // on a free port the first start makes the key, and prints it before it says it is running
    const ok = await startProcess(t.url, ['--server-only'], await freePort(), { BUDGET_ADMIN_KEY: '' });
    try {
      await waitFor(() => /Press Ctrl-C to stop/.test(ok.output()), { what: 'the start to finish printing' });
      expect(ok.output()).toMatch(/bk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}[\s\S]*Budget control is running/);
    } finally {
      await ok.stop();
    }
  });
});
