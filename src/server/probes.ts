// The operators' paths, routed like every other path (a Yoga plugin, before the API keys'):
// /health (liveness: the process answers), /ready (readiness: the database answers and the
// worker, where this process runs one, is running; 503 otherwise) and /metrics (Prometheus text,
// for BUDGET_METRICS_KEY or an admin key). /health and /ready need no key.
import type { Plugin } from 'graphql-yoga';
import { unavailable } from '../db/errors.ts';
import { db } from '../db/index.ts';
import { DomainError } from '../domain/errors.ts';
import { checkHealth, processState } from '../health.ts';
import { registry } from '../metrics.ts';
import { bearer, sameText, type Auth } from './auth.ts';
import { refusal } from './refusal.ts';

const NEEDS = 'metrics need an admin key or BUDGET_METRICS_KEY as the Bearer token';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

function refused(error: DomainError): Response {
  const { body, ...init } = refusal(error);
  return new Response(body, init);
}

async function ready(): Promise<Response> {
  try {
    const health = await checkHealth(db(), processState.worker);
    return json(health.status === 'healthy' ? 200 : 503, health);
  } catch (error) {
    return json(503, { status: 'unhealthy', error: (error as Error).message });
  }
}

/** GET /metrics. Never throws: a failure is a refusal with its status. */
async function metrics(request: Request, auth: Auth, metricsKey: string | null): Promise<Response> {
  try {
    const token = bearer(request.headers.get('authorization'));
    if (!(metricsKey && token && sameText(token, metricsKey))) {
      const principal = await auth.authenticate(token);
      if (principal?.role !== 'admin') return refused(new DomainError(principal ? 'FORBIDDEN' : 'UNAUTHENTICATED', NEEDS));
    }
  } catch (error) {
    return refused(error instanceof DomainError ? error : (unavailable(error) ?? new DomainError('UNAUTHENTICATED', NEEDS)));
  }
  try {
    return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
  } catch (error) {
    return refused(unavailable(error) ?? new DomainError('DATABASE_UNAVAILABLE', `a metric could not be read: ${(error as Error).message}`));
  }
}

export function useProbes({ auth, metricsKey }: { auth: Auth; metricsKey: string | null }): Plugin {
  const routes: Record<string, (request: Request) => Response | Promise<Response>> = {
    '/health': () => json(200, { status: 'ok', timestamp: new Date().toISOString() }),
    '/ready': ready,
    '/metrics': (request) => metrics(request, auth, metricsKey),
  };
  return {
    async onRequest({ request, url, endResponse }) {
      // HEAD too: load balancers' checks (HAProxy's `option httpchk HEAD /health`) ask that way
      const route = request.method === 'GET' || request.method === 'HEAD' ? routes[url.pathname] : undefined;
      if (route) endResponse(await route(request));
    },
  };
}
