// Load generator for `ingest`, run in its own process: recordSpend over HTTP with an ingest key,
// each request a new spend (a unique externalId) on a random campaign. Counts the spends the
// service acknowledged (an answer with no error), so the ledger can be checked against it.
import autocannon from 'autocannon';

const input = JSON.parse(
  await new Promise<string>((r) => {
    let s = '';
    process.stdin.on('data', (c) => (s += c)).on('end', () => r(s));
  }),
) as { url: string; key: string; campaigns: string[]; connections: number; seconds: number };

const QUERY = 'mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate spend { id } } }';
let acknowledged = 0;
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
      setupRequest: (req) => ({
        ...req,
        body: JSON.stringify({
          query: QUERY,
          variables: {
            i: {
              campaignId: input.campaigns[Math.floor(Math.random() * input.campaigns.length)],
              amount: `0.${String(1 + Math.floor(Math.random() * 98)).padStart(2, '0')}`,
              source: 'bench',
              externalId: `${process.pid}-${++n}`,
            },
          },
        }),
      }),
      onResponse: (status, body) => {
        if (status === 200 && body.includes('"duplicate":false') && !body.includes('"errors"')) acknowledged++;
        else refused++;
      },
    },
  ],
});
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
