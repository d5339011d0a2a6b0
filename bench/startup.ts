// `npm run bench -- startup`: the compiled build (dist/main.js, `npm run build`) beside the
// TypeScript sources run through tsx, in the same run on the same database: from spawning
// `start --server-only` to /ready answering 200, and the resident memory after 10 s idle
// (one GraphQL query made, so Prisma's query compiler is loaded in both). Median of 3, alternating.
import { execFileSync } from 'node:child_process';
import { benchDatabase, graphql, median, report, startService, table } from './lib.ts';

const RUNS = 3;
execFileSync(process.execPath, ['scripts/buildServer.mjs'], { stdio: 'inherit' });

const db = await benchDatabase();
try {
  const modes = { 'tsx (src/main.ts)': 'src/main.ts', 'compiled (dist/main.js)': 'dist/main.js' };
  const results: Record<string, { ready: number[]; rss: number[] }> = {};
  for (let run = 0; run < RUNS; run++) {
    for (const [name, entry] of Object.entries(modes)) {
      const started = performance.now();
      const service = await startService(db.url, ['--server-only'], entry);
      const ready = performance.now() - started;
      await graphql(service.url, '{ brands(first: 1) { totalCount } }');
      await new Promise((r) => setTimeout(r, 10_000));
      (results[name] ??= { ready: [], rss: [] }).ready.push(Math.round(ready));
      results[name]!.rss.push(service.rss());
      await service.stop();
    }
  }
  const [tsx, compiled] = Object.values(results) as [{ ready: number[]; rss: number[] }, { ready: number[]; rss: number[] }];
  await report(
    'startup',
    'npm run bench -- startup',
    db.version,
    table([
      ['what (median of 3)', 'compiled (dist/main.js)', 'tsx (src/main.ts), same run', 'ratio'],
      [
        'spawn to /ready 200',
        `${median(compiled.ready)} ms`,
        `${median(tsx.ready)} ms`,
        `${(median(compiled.ready) / median(tsx.ready)).toFixed(2)}×`,
      ],
      [
        'RSS after 10 s idle',
        `${median(compiled.rss)} MiB`,
        `${median(tsx.rss)} MiB`,
        `${(median(compiled.rss) / median(tsx.rss)).toFixed(2)}×`,
      ],
    ]),
  );
} finally {
  await db.drop();
}
