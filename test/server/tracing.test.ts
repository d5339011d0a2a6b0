// Traces, with OTEL_EXPORTER_OTLP_ENDPOINT set: a GraphQL operation's span has its engine
// transaction and the SQL function it calls as children, in one trace, sent over OTLP/HTTP to the
// endpoint (here a receiver in this test); the request id is on the operation's span.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { startProcess, type ServiceProcess } from '../helpers/processes.ts';
import { asAdmin } from '../helpers/server.ts';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: { stringValue?: string } }[];
}
let t: TestDb;
let receiver: Server;
let service: ServiceProcess;
const spans: OtlpSpan[] = [];

beforeAll(async () => {
  t = await freshDatabase();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const sent = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const r of sent.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => receiver.listen(port, '127.0.0.1', r));
  service = await startProcess(t.url, ['--server-only'], await freePort(), {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });
}, 60_000);
afterAll(async () => {
  await service?.stop();
  receiver?.close();
  await t.drop();
});

describe('traces', () => {
  it('an operation, its engine transaction and its SQL, in one trace', { timeout: 30_000 }, async () => {
    const post = (query: string, variables = {}) =>
      fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { ...asAdmin, 'content-type': 'application/json', 'x-request-id': 'trace-me-1' },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.json() as Promise<{ data: any }>);
    const brand = (await post(`mutation { createBrand(input: { name: "Traced" }) { id } }`)).data.createBrand.id;
    await post(`mutation NewCampaign($b: ID!) { createCampaign(input: { brandId: $b, name: "Traced" }) { id } }`, { b: brand });
    await expect.poll(() => spans.some((s) => s.name === 'graphql.mutation NewCampaign'), { timeout: 10_000 }).toBe(true);
    const operation = spans.find((s) => s.name === 'graphql.mutation NewCampaign')!;
    const transaction = spans.find((s) => s.name === 'engine transaction' && s.parentSpanId === operation.spanId);
    expect(transaction, JSON.stringify(spans.map((s) => s.name))).toBeDefined();
    const sql = spans.find((s) => s.name === 'SELECT reconcile_campaigns' && s.parentSpanId === transaction!.spanId);
    expect(sql).toBeDefined();
    expect(new Set([operation.traceId, transaction!.traceId, sql!.traceId]).size).toBe(1);
    expect(operation.attributes?.find((a) => a.key === 'request.id')?.value.stringValue).toBe('trace-me-1');
    // queries too (they run compiled by graphql-jit: the span wraps whatever executes them)
    await post(`query Overview { brands { totalCount } }`);
    await expect.poll(() => spans.some((s) => s.name === 'graphql.query Overview'), { timeout: 10_000 }).toBe(true);
  });
});
