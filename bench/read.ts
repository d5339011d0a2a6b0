// `npm run bench -- read`: the dashboard's overview query (50 brands with their figures and 10
// campaigns each) through the service at 32 connections, against a bare node:http handler
// answering the same JSON from one hand-written SQL query, in the same run on the same database.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { freePort } from '../src/db/embedded.ts';
import { benchDatabase, cli, graphql, report, runLoad, startService, table } from './lib.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const OVERVIEW = `{ brands(first: 50) { edges { node { id name dailyBudget dailySpend dailyRemaining monthlySpend
  campaigns(first: 10) { edges { node { id name status pauseReason dailySpend } } } } } } }`;

type Load = { perSecond: number; p50: number; p99: number; non2xx: number };
const db = await benchDatabase();
try {
  cli(db.url, 'seed', '--brands', '200', '--campaigns-per-brand', '10', '--spends-per-campaign', '20');
  const service = await startService(db.url);
  const key = (await graphql(service.url, 'mutation { createApiKey(name: "bench-dashboard", role: viewer) { key } }')).createApiKey
    .key as string;
  const viaService = await runLoad<Load>('http.ts', {
    url: `${service.url}/graphql`,
    body: JSON.stringify({ query: OVERVIEW }),
    headers: { authorization: `Bearer ${key}` },
    connections: 32,
    seconds: SECONDS,
  });
  const rss = service.rss();
  await service.stop();
  const port = await freePort();
  const bare = spawn(process.execPath, ['--import', 'tsx', 'bench/load/bareRead.ts', db.url, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((r) => createInterface({ input: bare.stdout! }).once('line', r));
  const reference = await runLoad<Load>('http.ts', {
    url: `http://127.0.0.1:${port}/`,
    body: '{}',
    headers: {},
    connections: 32,
    seconds: SECONDS,
  });
  bare.kill();
  await report(
    'read',
    'npm run bench -- read',
    db.version,
    table([
      ['what', 'result', 'reference (same run)', 'ratio'],
      [
        `overview (50 brands × 10 campaigns, figures), 32 connections, ${SECONDS} s`,
        `${viaService.perSecond} req/s, p50 ${viaService.p50} ms, p99 ${viaService.p99} ms${viaService.non2xx ? `, ${viaService.non2xx} non-2xx` : ''}`,
        `bare node:http + one SQL query: ${reference.perSecond} req/s, p50 ${reference.p50} ms`,
        `${(viaService.perSecond / reference.perSecond).toFixed(2)}×`,
      ],
      ['server RSS after', `${rss} MiB`, '', ''],
    ]),
  );
} finally {
  await db.drop();
}
