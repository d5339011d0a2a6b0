// `npm run bench` runs every benchmark; `npm run bench -- <name>` one of them. Each starts its own
// database (and service, where it measures one), measures its reference in the same run, prints a
// table and appends it to BENCHMARKS.md.
import { spawnSync } from 'node:child_process';

const BENCHES = [
  'reconcile',
  'ingest',
  'alerts',
  'pause',
  'read',
  'pages',
  'memory',
  'dashboard',
  'verify',
  'startup',
  'abuse',
  'platforms',
  'backtest',
];
const asked = process.argv.slice(2);
const unknown = asked.filter((n) => !BENCHES.includes(n));
if (unknown.length) {
  process.stderr.write(`unknown benchmark ${unknown.join(', ')}; choose from ${BENCHES.join(', ')}\n`);
  process.exit(2);
}
for (const name of asked.length ? asked : BENCHES) {
  process.stdout.write(`== ${name} ==\n`);
  const { status } = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
