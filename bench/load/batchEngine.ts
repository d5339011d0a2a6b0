// The reference for `ingest-batch`, in its own process: the same batches as batch.ts written by
// the engine's recordSpends straight to the database (its validation, the driver, record_spends):
// what the service adds on top is HTTP, GraphQL and the answer.
import { closeDb, db, openDb } from '../../src/db/index.ts';
import { recordSpends } from '../../src/engine/ledger.ts';

const input = JSON.parse(
  await new Promise<string>((r) => {
    let s = '';
    process.stdin.on('data', (c) => (s += c)).on('end', () => r(s));
  }),
) as { url: string; campaigns: string[]; size: number; requests: number };

openDb(input.url);
const scope = { actor: 'bench-engine', role: 'ingest', brandIds: null } as const;
let n = 0;
const write = async () => {
  const items = Array.from({ length: input.size }, () => ({
    campaignId: input.campaigns[n % input.campaigns.length],
    amount: '0.01',
    source: 'bench-engine',
    externalId: `${process.pid}-${++n}`,
  }));
  return (await recordSpends(db(), items, scope, new Date())).items.filter((i) => !i.error).length;
};
// untimed, as the service is warm from the load before its batches: this process's code compiled,
// its connection's plans made
let written = await write();
const started = performance.now();
for (let r = 0; r < input.requests; r++) written += await write();
const seconds = (performance.now() - started) / 1000;
await closeDb();
process.stdout.write(
  `${JSON.stringify({ written, perSecond: Math.round((written - input.size) / seconds), msPerRequest: Math.round((seconds * 1000) / input.requests) })}\n`,
);
