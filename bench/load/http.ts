// A generic load generator, in its own process: one POST body to one URL, `connections` at once,
// for `seconds`; answers requests/s and latency. Used by `read` for the service and its reference.
import autocannon from 'autocannon';

const input = JSON.parse(
  await new Promise<string>((r) => {
    let s = '';
    process.stdin.on('data', (c) => (s += c)).on('end', () => r(s));
  }),
) as { url: string; body: string; headers: Record<string, string>; connections: number; seconds: number };
const result = await autocannon({
  url: input.url,
  method: 'POST',
  headers: { 'content-type': 'application/json', ...input.headers },
  body: input.body,
  connections: input.connections,
  duration: input.seconds,
});
process.stdout.write(
  `${JSON.stringify({ perSecond: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx })}\n`,
);
