// `npm run bench -- pages`: a dashboard's heavy page, `campaigns(first: 500)` with nextChange,
// pauseReasons and pacing, through the service: alone (median of several) and 10 at once (every
// one answered, and the slowest), against the same page without the three fields measured in the
// same run on the same database, and each field alone (where the time goes). The data: brands of
// 100 campaigns with windows (`budget seed`: business hours or evenings for 4 in 10) and a month
// of spends.
import { benchDatabase, cli, graphql, median, report, startService, table } from './lib.ts';

const BRANDS = Number(process.env.BENCH_BRANDS ?? 10);
const CAMPAIGNS = Number(process.env.BENCH_CAMPAIGNS ?? 100);
const SPENDS = Number(process.env.BENCH_SPENDS ?? 120);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PARALLEL = 10;
const TARGET = { alone: 250 };

const PACING = `pacing { method daily { spent projected elapsedShare paceRatio band status runsOutAt } monthly { spent projected elapsedShare band } }`;
const FIELDS = {
  'the three': `nextChange { at reason toStatus toReason } pauseReasons ${PACING}`,
  nextChange: `nextChange { at reason toStatus toReason }`,
  pauseReasons: `pauseReasons`,
  pacing: PACING,
  'none (reference)': ``,
};
const page = (fields: string) => `{ campaigns(first: 500) { totalCount edges { node { id name status pauseReason ${fields} } } } }`;

interface Answer {
  ms: number;
  ok: boolean;
  /** the first error's code, or the HTTP status */
  error?: string;
}

const db = await benchDatabase();
try {
  cli(db.url, 'seed', '--brands', String(BRANDS), '--campaigns-per-brand', String(CAMPAIGNS), '--spends-per-campaign', String(SPENDS));
  const service = await startService(db.url);
  const key = (await graphql(service.url, 'mutation { createApiKey(name: "bench-pages", role: viewer) { key } }')).createApiKey
    .key as string;
  const ask = async (query: string): Promise<Answer> => {
    const started = performance.now();
    const res = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as { data?: { campaigns?: { edges: unknown[] } }; errors?: { extensions?: { code?: string } }[] };
    const ms = performance.now() - started;
    const ok = res.status === 200 && !body.errors && body.data?.campaigns?.edges.length === 500;
    return { ms, ok, ...(ok ? {} : { error: body.errors?.[0]?.extensions?.code ?? `HTTP ${res.status}` }) };
  };
  // warm: the first request of each shape plans and compiles its query
  for (const fields of Object.values(FIELDS)) await ask(page(fields));
  // alone, the shapes taking turns so that the machine's load falls on all of them alike
  const alone = new Map<string, Answer[]>(Object.keys(FIELDS).map((k) => [k, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const [name, fields] of Object.entries(FIELDS)) alone.get(name)!.push(await ask(page(fields)));
  }
  const parallel = async (fields: string) => {
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => ask(page(fields))));
    return { answers, wall: performance.now() - started };
  };
  const heavy = await parallel(FIELDS['the three']);
  const light = await parallel(FIELDS['none (reference)']);
  await service.stop();

  const ms = (answers: Answer[]) => median(answers.map((a) => a.ms));
  const failed = (answers: Answer[]) => answers.filter((a) => !a.ok);
  const failures = (answers: Answer[]) =>
    failed(answers).length ? `, ${failed(answers).length} failed (${[...new Set(failed(answers).map((a) => a.error))].join(', ')})` : '';
  const reference = ms(alone.get('none (reference)')!);
  const three = alone.get('the three')!;
  const slowest = (p: { answers: Answer[] }) => Math.round(Math.max(...p.answers.map((a) => a.ms)));
  const holds = (yes: boolean) => (yes ? 'holds' : 'off');
  await report(
    'pages',
    'npm run bench -- pages',
    db.version,
    `${BRANDS} brands × ${CAMPAIGNS} campaigns (4 in 10 with windows), ${SPENDS} spends each over the month; ` +
      `\`campaigns(first: 500)\`, a viewer key, median of ${RUNS}\n\n` +
      table([
        ['what', 'result', 'reference (same run)', 'ratio', 'target'],
        [
          'page of 500 with nextChange, pauseReasons, pacing, alone',
          `${ms(three)} ms${failures(three)}`,
          `the page without them: ${reference} ms`,
          `${(ms(three) / reference).toFixed(1)}×`,
          `≤ ${TARGET.alone} ms: ${holds(ms(three) <= TARGET.alone && !failed(three).length)}`,
        ],
        ...(['nextChange', 'pauseReasons', 'pacing'] as const).map((name) => [
          `… ${name} alone`,
          `${ms(alone.get(name)!)} ms${failures(alone.get(name)!)}`,
          '',
          `${(ms(alone.get(name)!) / reference).toFixed(1)}×`,
          '',
        ]),
        [
          `${PARALLEL} such pages at once`,
          `${PARALLEL - failed(heavy.answers).length} of ${PARALLEL} answered${failures(heavy.answers)}; slowest ${slowest(heavy)} ms`,
          `${PARALLEL} pages without them: slowest ${slowest(light)} ms`,
          `${(slowest(heavy) / slowest(light)).toFixed(1)}×`,
          `all answered: ${holds(!failed(heavy.answers).length)}`,
        ],
      ]),
  );
} finally {
  await db.drop();
}
