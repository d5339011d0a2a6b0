// `budget simulate`: the local ad-platform simulator (src/simulator/) on a port, printing its URLs,
// the settings that point the service at it, and the accounts to connect with their credentials.
// Runs until Ctrl-C. It needs no database: it stands in for Google and Meta.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { log } from '../log.ts';
import { demoSeed } from '../simulator/demo.ts';
import { SimError } from '../simulator/errors.ts';
import { GOOGLE_ADS_API_VERSION, META_GRAPH_API_VERSION, startSimulator, type Seed } from '../simulator/server.ts';

export const SIMULATE_USAGE = `  simulate [--port N] [--host H] [--speed X] [--seed FILE]
                                          the local Google Ads and Meta simulator (default port 4100,
                                          speed 1 = real time; a demo world unless --seed); prints the
                                          settings that point the service at it; Ctrl-C stops it`;

const logger = log.child({ module: 'simulate' });

export class SimulateUsageError extends Error {}

export async function simulateCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '4100' },
      host: { type: 'string', default: '127.0.0.1' },
      speed: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!/^[0-9]+$/.test(values.port!) || port > 65_535) throw new SimulateUsageError('--port must be a port number (0–65535)');
  const speed = values.speed === undefined ? undefined : Number(values.speed);
  if (speed !== undefined && !(speed >= 0 && Number.isFinite(speed)))
    throw new SimulateUsageError('--speed must be a number ≥ 0 (1 = real time, 60 = an hour a minute)');
  let seed: Seed;
  if (values.seed) {
    try {
      seed = JSON.parse(await readFile(values.seed, 'utf8')) as Seed;
    } catch (error) {
      throw new SimulateUsageError(`--seed ${values.seed}: ${(error as Error).message}`);
    }
  } else seed = demoSeed(Date.now());
  if (speed !== undefined) seed = { ...seed, clock: { ...seed.clock, speed } };

  let sim;
  try {
    sim = await startSimulator({
      port,
      host: values.host,
      seed,
      onRequest: (r) =>
        logger.debug(
          { platform: r.platform, endpoint: r.endpoint, account: r.account, status: r.status, ms: r.ms, fault: r.fault },
          `${r.method} ${r.path}`,
        ),
    });
  } catch (error) {
    if (error instanceof SimError) throw new SimulateUsageError(`${values.seed ? `--seed ${values.seed}` : 'seed'}: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new SimulateUsageError(`port ${port} on ${values.host} is busy (--port chooses another)`);
    throw error;
  }

  const { url } = sim;
  const lines = [
    `Ad platform simulator on ${url} (clock ${new Date(sim.world.now()).toISOString()}, speed ×${sim.world.clock.speed})`,
    `  Google Ads  POST ${url}/token (OAuth), ${url}/${GOOGLE_ADS_API_VERSION}/customers/{id}/googleAds:searchStream, …/campaigns:mutate`,
    `  Meta        GET  ${url}/${META_GRAPH_API_VERSION}/act_{id}, …/campaigns, …/insights, …/activities; POST ${url}/${META_GRAPH_API_VERSION}/{campaign_id}`,
    `  Control     ${url}/_sim (docs/simulator.md)`,
    '',
    'Point the service at it (environment or .env):',
    ...Object.entries(sim.settings()).map(([k, v]) => `  ${k}=${v}`),
    '',
    'Accounts (connectAdAccount with these credentials):',
    ...[...sim.world.accounts.values()].map(
      (a) =>
        `  ${a.platform.padEnd(10)} ${a.id.padEnd(20)} ${a.currency} ${a.timeZone.padEnd(20)} ${a.platform === 'GOOGLE_ADS' ? 'refreshToken' : 'accessToken'} ${[...a.credentials][0] ?? '(none)'}${a.managerId ? ` loginCustomerId ${a.managerId}` : ''}  ${a.campaigns.size} campaigns  "${a.name}"`,
    ),
    '',
    'Ctrl-C stops it.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  const stop = (signal: string) => {
    logger.info({ signal }, 'simulator stopping');
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1; // keeps running until a signal
}
