// `npm run bench -- verify`: `budget verify` over a million spends (1,000 brands × 10 campaigns ×
// 100 spends, from `budget seed`), as an operator runs it, against a bare scan of the same ledger
// (`select count(*), sum(amount) from spends` through psql) in the same run. Median of 3.
import { execFileSync } from 'node:child_process';
import { benchDatabase, cli, median, report, table } from './lib.ts';

const RUNS = 3;
const timed = (fn: () => unknown) => {
  const t = performance.now();
  fn();
  return Math.round(performance.now() - t);
};

const db = await benchDatabase();
try {
  cli(db.url, 'seed', '--brands', '1000', '--campaigns-per-brand', '10', '--spends-per-campaign', '100');
  const verify: number[] = [];
  const scan: number[] = [];
  let inner = 0;
  for (let run = 0; run < RUNS; run++) {
    verify.push(
      timed(() => {
        const out = JSON.parse(cli(db.url, 'verify', '--json')) as { ok: boolean; ms: number };
        if (!out.ok) throw new Error('verify found a problem on seeded data');
        inner = out.ms;
      }),
    );
    scan.push(timed(() => execFileSync('psql', ['-Atc', 'select count(*), sum(amount) from spends'], { env: db.pgEnv })));
  }
  const [count] = execFileSync('psql', ['-Atc', 'select count(*) from spends'], { env: db.pgEnv, encoding: 'utf8' }).trim().split('\n');
  await report(
    'verify',
    'npm run bench -- verify',
    db.version,
    table([
      ['what', 'result', 'reference (same run)', 'ratio'],
      [
        `budget verify, ${Number(count).toLocaleString('en')} spends, 10,000 campaigns (median of ${RUNS}, the whole command)`,
        `${median(verify)} ms (the checks alone: ${inner} ms)`,
        `psql scanning the ledger once: ${median(scan)} ms`,
        `${(median(verify) / median(scan)).toFixed(1)}×`,
      ],
    ]),
  );
} finally {
  await db.drop();
}
