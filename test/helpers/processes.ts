// The service as separate processes (`budget start --server-only | --worker-only`) over a test's
// database, for the tests that kill, restart or multiply them.
import { spawn, type ChildProcess } from 'node:child_process';
import { TEST_ADMIN_KEY } from './server.ts';
import { waitFor } from './wait.ts';

export interface ServiceProcess {
  /** http://127.0.0.1:<port> for a server; '' for a worker */
  url: string;
  child: ChildProcess;
  /** what it printed so far (stdout and stderr) */
  output(): string;
  /** sends the signal and waits for the exit */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * A server (`port` given) or a worker (`--worker-only`, no port): resolves once it serves. `entry`:
 * the TypeScript sources (default) or the compiled build, dist/main.js.
 */
export async function startProcess(
  databaseUrl: string,
  args: string[],
  port?: number,
  env: NodeJS.ProcessEnv = {},
  entry = 'src/main.ts',
): Promise<ServiceProcess> {
  const node = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry];
  const child = spawn(process.execPath, [...node, 'start', ...args], {
    env: {
      BUDGET_ADMIN_KEY: TEST_ADMIN_KEY,
      BUDGET_RATE_LIMIT: '1000000',
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port ?? 0),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-200_000)));
  child.stderr!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-200_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const service: ServiceProcess = {
    url: port === undefined ? '' : `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  const serving = async () => {
    if (child.exitCode !== null) return 'exited';
    if (port === undefined) return /Worker connected/.test(output) && 'serving';
    return (await fetch(`${service.url}/ready`).catch(() => null))?.status === 200 && 'serving';
  };
  const state = await waitFor(serving, { timeout: 60_000, interval: 100, what: 'the service to serve' }).catch(() => 'not serving');
  if (state === 'serving') return service;
  await service.stop('SIGKILL');
  throw new Error(`the service did not start (${state}):\n${output.slice(-3_000)}`);
}
