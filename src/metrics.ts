// The service's Prometheus metrics, in one registry, served at /metrics (src/server/app.ts).
// Modules record into the metrics defined here; what is read at scrape time (pools, feed lag,
// open subscriptions) registers a source. Labels are bounded sets (routes, operation names up to
// a cap, reasons, triggers, tasks): never brand or campaign ids, whose number has no bound.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry }); // process and Node: CPU, memory, GC, event-loop lag, handles

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequests = new Counter({
  name: 'budget_http_requests_total',
  help: 'HTTP requests by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});
export const httpDuration = new Histogram({
  name: 'budget_http_request_duration_seconds',
  help: 'HTTP request duration by route',
  labelNames: ['route'] as const,
  buckets: SECONDS,
  registers: [registry],
});
export const graphqlOperations = new Histogram({
  name: 'budget_graphql_operation_duration_seconds',
  help: 'GraphQL queries and mutations by operation name (the first 100 names seen; then "other"), type and outcome (ok or the first error code); its _count is the number of operations',
  labelNames: ['operation', 'type', 'outcome'] as const,
  buckets: SECONDS,
  registers: [registry],
});
export const spends = new Counter({
  name: 'budget_spends_total',
  help: 'spends sent to recordSpend(s), by outcome: recorded, duplicate (an externalId already recorded), refused',
  labelNames: ['outcome'] as const,
  registers: [registry],
});
export const statusChanges = new Counter({
  name: 'budget_status_changes_total',
  help: 'campaign status changes written (one event each), by new status, new reason and trigger',
  labelNames: ['status', 'reason', 'trigger'] as const,
  registers: [registry],
});
export const reconcileDuration = new Histogram({
  name: 'budget_reconcile_duration_seconds',
  help: 'enforcement runs (crontab tasks and runEnforcement), by task',
  labelNames: ['task'] as const,
  buckets: SECONDS,
  registers: [registry],
});
export const reconcileChanged = new Counter({
  name: 'budget_reconcile_campaigns_changed_total',
  help: 'campaigns changed by enforcement runs, by task',
  labelNames: ['task'] as const,
  registers: [registry],
});
export const workerJobs = new Counter({
  name: 'budget_worker_jobs_total',
  help: 'graphile-worker jobs run by this process, by task and outcome (success, error: will be retried, failed: out of attempts)',
  labelNames: ['task', 'outcome'] as const,
  registers: [registry],
});

export const subscriptionsStarted = new Counter({
  name: 'budget_subscriptions_started_total',
  help: 'subscriptions started in this process: registered with the live feed (everything committed afterwards reaches them), or joining a shared WebSocket execution of one',
  registers: [registry],
});

/** Values read when scraped: the database pools, open subscriptions, the feed's lag. */
export function gauge(
  name: string,
  help: string,
  labelNames: string[],
  read: () => Promise<[Record<string, string>, number][]> | [Record<string, string>, number][],
): void {
  if (registry.getSingleMetric(name)) registry.removeSingleMetric(name); // a test server started again in one process
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [labels, value] of await read()) this.set(labels, value);
    },
  });
}

const OPERATION_NAMES = 100;
const seen = new Set<string>();
/** An operation's name as a label: the first 100 distinct names keep theirs; anonymous ones are "anonymous". */
export function operationLabel(name: string | undefined | null): string {
  if (!name) return 'anonymous';
  // a client's name becomes a label only if it reads like one: 64 characters at most
  if (name.length > 64) return 'other';
  if (seen.has(name)) return name;
  if (seen.size >= OPERATION_NAMES) return 'other';
  seen.add(name);
  return name;
}

/** One count per written status change. */
export function countChanges(changes: readonly { toStatus: string; toReason: string | null; eventId?: bigint }[], trigger: string): void {
  for (const c of changes) statusChanges.inc({ status: c.toStatus, reason: c.toReason ?? 'NONE', trigger });
}

// The ad platforms' connectors (src/platforms/): how late spend is read, how fast decisions reach
// the platforms, what goes wrong there, how much of their quotas is used.
export const platformSyncDuration = new Histogram({
  name: 'budget_platform_sync_duration_seconds',
  help: 'ad account syncs (pull, drift check, push), by platform and outcome (ok, error)',
  labelNames: ['platform', 'outcome'] as const,
  buckets: SECONDS,
  registers: [registry],
});
export const platformPushLatency = new Histogram({
  name: 'budget_platform_push_latency_seconds',
  help: 'from a campaign status event to the platform taking the status, by platform',
  labelNames: ['platform'] as const,
  buckets: [...SECONDS, 30, 60, 300],
  registers: [registry],
});
export const platformErrors = new Counter({
  name: 'budget_platform_errors_total',
  help: 'calls to the ad platforms that failed, by platform and kind (RATE_LIMIT, QUOTA, AUTH, PERMISSION, TRANSIENT, INVALID)',
  labelNames: ['platform', 'kind'] as const,
  registers: [registry],
});
export const platformWrites = new Counter({
  name: 'budget_platform_status_writes_total',
  help: 'campaign statuses set on the ad platforms, by platform, status and outcome (ok, refused)',
  labelNames: ['platform', 'status', 'outcome'] as const,
  registers: [registry],
});
export const platformQuota = new Gauge({
  name: 'budget_platform_quota_used_percent',
  help: 'the quota use the platform reported on its last answer to this process (Meta usage headers, in percent), by platform',
  labelNames: ['platform'] as const,
  registers: [registry],
});
