// OpenTelemetry traces: off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (then the SDK is loaded, and
// spans go over OTLP/HTTP to that endpoint's /v1/traces; OTEL_SERVICE_NAME names the service,
// default budget-control). Spans: one per GraphQL operation (src/server/observe.ts), its engine
// transaction and the SQL functions it calls as children, one per worker job. Off, inSpan only
// runs its function (@opentelemetry/api's tracer would make no-op spans).
import { context, ROOT_CONTEXT, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { outsideRequest } from './log.ts';

const tracer = trace.getTracer('budget-control');
/** set by startTracing: until then a span would be a no-op, and inSpan skips it */
let tracing = false;

/** Starts exporting when OTEL_EXPORTER_OTLP_ENDPOINT is set; answers a function that flushes and stops it. */
export async function startTracing(env = process.env): Promise<(() => Promise<void>) | null> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  const [{ TracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }, { AsyncLocalStorageContextManager }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/context-async-hooks'),
    ]);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || 'budget-control' }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter(),
        ...(Number(env.OTEL_BSP_SCHEDULE_DELAY) > 0 ? { scheduledDelayMillis: Number(env.OTEL_BSP_SCHEDULE_DELAY) } : {}),
      }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  tracing = true;
  return () => provider.shutdown();
}

/**
 * Runs `fn` as work of no one request: without a request id in its logs, its spans in a trace of
 * their own. For timers started while a request is handled, and writes that serve several.
 */
export function detached<T>(fn: () => T): T {
  return context.with(ROOT_CONTEXT, () => outsideRequest(fn));
}

/** Runs `fn` inside a span, a child of the span active here; an error marks it and passes on. */
export function inSpan<T>(name: string, attributes: Attributes, fn: () => Promise<T>): Promise<T> {
  if (!tracing) {
    try {
      return fn();
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The SQL statement's span: the function called, as OpenTelemetry's database conventions name it. */
export const sqlSpan = <T>(fn: string, run: () => Promise<T>): Promise<T> =>
  inSpan(`SELECT ${fn}`, { 'db.system.name': 'postgresql', 'db.operation.name': 'SELECT', 'db.query.summary': `SELECT ${fn}` }, run);
