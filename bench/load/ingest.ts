// Load generator for `ingest`, run in its own process: recordSpend over HTTP with an ingest key,
// each request a new spend (a unique externalId) on a random campaign. Counts the spends the
// service acknowledged (an answer with no error) and writes their externalIds to ackFile, so the
// ledger can be checked against them.
import { writeFileSync } from 'node:fs';
import autocannon from 'autocannon';

const input = JSON.parse(
  await new Promise<string>((r) => {
    let s = '';
    process.stdin.on('data', (c) => (s += c)).on('end', () => r(s));
  }),
) as { url: string; key: string; campaigns: string[]; connections: number; seconds: number; ackFile: string };

const QUERY = 'mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate spend { id } } }';
const acked: string[] = [];
let refused = 0;
let n = 0;
const result = await autocannon({
  url: `${input.url}/graphql`,
  connections: input.connections,
  duration: input.seconds,
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${input.key}` },
  requests: [
    {
      setupRequest: (req, context: { externalId?: string }) => {
        context.externalId = `${process.pid}-${++n}`;
        return {
          ...req,
          body: JSON.stringify({
            query: QUERY,
            variables: {
              i: {
                campaignId: input.campaigns[Math.floor(Math.random() * input.campaigns.length)],
                amount: `0.${String(1 + Math.floor(Math.random() * 98)).padStart(2, '0')}`,
                source: 'bench',
                externalId: context.externalId,
              },
            },
          }),
        };
      },
      onResponse: (status, body, context: { externalId?: string }) => {
        if (status === 200 && body.includes('"duplicate":false') && !body.includes('"errors"')) acked.push(context.externalId as string);
        else refused++;
      },
    },
  ],
});
writeFileSync(input.ackFile, JSON.stringify(acked));
const acknowledged = acked.length;
process.stdout.write(
  `${JSON.stringify({
    acknowledged,
    refused,
    errors: result.errors + result.timeouts,
    perSecond: Math.round(acknowledged / input.seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
  })}\n`,
);
