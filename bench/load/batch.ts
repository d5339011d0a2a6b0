// Load generator for `ingest-batch`, in its own process: recordSpends with `size` items per
// request, `requests` requests one after another, spread over every campaign.
const input = JSON.parse(
  await new Promise<string>((r) => {
    let s = '';
    process.stdin.on('data', (c) => (s += c)).on('end', () => r(s));
  }),
) as { url: string; key: string; campaigns: string[]; size: number; requests: number };

const QUERY = 'mutation ($i: [SpendInput!]!) { recordSpends(inputs: $i) { index error { code } } }';
let written = 0;
let n = 0;
const started = performance.now();
for (let r = 0; r < input.requests; r++) {
  const items = Array.from({ length: input.size }, () => ({
    campaignId: input.campaigns[n % input.campaigns.length],
    amount: '0.01',
    source: 'bench-batch',
    externalId: `${process.pid}-${++n}`,
  }));
  const res = await fetch(`${input.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${input.key}` },
    body: JSON.stringify({ query: QUERY, variables: { i: items } }),
  });
  const body = (await res.json()) as { data?: { recordSpends: { error: unknown }[] }; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors).slice(0, 500));
  written += body.data.recordSpends.filter((i) => !i.error).length;
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ written, perSecond: Math.round(written / seconds), msPerRequest: Math.round((seconds * 1000) / input.requests) })}\n`,
);
