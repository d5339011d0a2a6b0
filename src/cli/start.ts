// `budget start`: migrate, then the GraphQL server and the worker in one process (or one of
// them with --server-only / --worker-only). Ctrl-C or SIGTERM drains and stops everything,
// the embedded PostgreSQL last. The first start's admin key is made (and printed) only once the
// server listens: a busy port stops the start with a sentence naming PORT and HOST, and no key
// is made that nobody saw.
import { SettingError, type Settings } from '../config.ts';
import { connectDatabase } from '../db/connect.ts';
import { closeDb, db, openDb } from '../db/index.ts';
import { ensureAdminKey } from '../engine/keys.ts';
import { migrate } from '../db/migrate.ts';
import { processState } from '../health.ts';
import { log } from '../log.ts';
import { startServer, type RunningServer } from '../server/app.ts';
import { logRefusalsEvery } from '../server/refusal.ts';
import { startHeartbeat, type Heartbeat } from '../worker/heartbeat.ts';
import { startWorker, type Worker } from '../worker/runner.ts';
import { workerSetup } from '../../tasks/index.ts';
import { startTracing } from '../trace.ts';
import { keepFootprint } from './footprint.ts';
import { credentialsKeyOf, platformSettings, platformTasks } from '../platforms/settings.ts';

const logger = log.child({ module: 'start' });
/** the whole shutdown, after which the process exits regardless */
const SHUTDOWN_LIMIT_MS = 25_000;

export interface StartOptions {
  server: boolean;
  worker: boolean;
  /** run first when stopping, while the server and the database still run (`budget demo` stops its part) */
  beforeStop?: () => Promise<void>;
}

export interface Started {
  /** the server's address; null with --worker-only */
  url: string | null;
  /** what Ctrl-C does: drains and stops everything, the embedded PostgreSQL last */
  stop: () => Promise<void>;
}

export async function start(settings: Settings, options: StartOptions): Promise<Started> {
  const stopFootprint = keepFootprint();
  const stopTracing = await startTracing(); // null unless OTEL_EXPORTER_OTLP_ENDPOINT is set
  const database = await connectDatabase(settings);
  let server: RunningServer | undefined;
  let worker: Worker | undefined;
  let heartbeat: Heartbeat | undefined;
  let stopping: Promise<void> | undefined;

  const shutdown = (signal: string) => {
    // The terminal's Ctrl-C reaches npm and us alike: repeats are the same request.
    if (stopping) return stopping;
    logger.info({ signal }, 'shutting down: draining requests and jobs');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    force.unref();
    stopping = (async () => {
      await options.beforeStop?.().catch((error: unknown) => logger.warn({ err: error }, 'before stop'));
      await server?.close().catch((error: unknown) => logger.warn({ err: error }, 'server close'));
      processState.worker.running = false;
      await heartbeat?.stop();
      await worker?.stop().catch((error: unknown) => logger.warn({ err: error }, 'worker stop'));
      await closeDb().catch((error: unknown) => logger.warn({ err: error }, 'pool close'));
      await database.stop().catch((error: unknown) => logger.warn({ err: error }, 'embedded PostgreSQL stop'));
      await stopTracing?.().catch((error: unknown) => logger.warn({ err: error }, 'trace export'));
      stopFootprint();
      logger.info('stopped');
    })();
    return stopping;
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const result = await migrate(database.url);
    logger.info({ applied: result.applied.length, alreadyApplied: result.alreadyApplied }, 'database schema up to date');
    openDb(database.url, { heavy: { connections: settings.heavyReadConnections, timeoutMs: settings.heavyReadTimeoutMs } });
    // /ready answers 503 from the first request until the worker this process runs is up
    if (options.worker) processState.worker = { enabled: true, running: false };
    if (options.server) {
      logRefusalsEvery(settings.refusalLogMs);
      server = await startServer({
        host: settings.host,
        port: settings.port,
        databaseUrl: database.url,
        adminKey: settings.adminKey,
        rateLimit: settings.rateLimit,
        corsOrigins: settings.corsOrigins,
        metricsKey: settings.metricsKey,
        outboundAllowHosts: settings.outboundAllowHosts,
        platforms: platformSettings(settings),
        credentialsKey: credentialsKeyOf(settings),
        maxSubscriptionsPerKey: settings.maxSubscriptionsPerKey,
        maxConnectionsPerKey: settings.maxConnectionsPerKey,
      }).catch((error: unknown) => {
        throw listenError(error, settings) ?? error;
      });
      logger.info({ graphql: `${server.url}/graphql`, ready: `${server.url}/ready` }, `listening on ${server.url}`);
    }
    if (options.worker) {
      worker = await startWorker(
        database.url,
        workerSetup(database.url, {
          webhooks: {
            retryMs: settings.webhookRetryMs,
            maxFailures: settings.webhookMaxFailures,
            timeoutMs: settings.webhookTimeoutMs,
            allowHosts: settings.outboundAllowHosts,
          },
          deliveryConcurrency: settings.deliveryConcurrency,
          platforms: platformTasks(settings),
        }),
      );
      processState.worker.running = true;
      heartbeat = await startHeartbeat(database.url);
      const stopped = () => {
        processState.worker.running = false;
        void heartbeat?.stop();
      };
      worker.promise.then(stopped, (error: unknown) => {
        stopped();
        logger.error({ err: error }, 'worker stopped with an error');
      });
    }
    const adminKey = await ensureAdminKey(db(), new Date());
    if (adminKey) {
      process.stdout.write(
        `\nThe first start made an admin API key. It is shown this once and stored only as a hash:\n\n  ${adminKey}\n\n` +
          `Send it as "Authorization: Bearer <key>". Make narrower keys with \`npm run cli -- keys create --role operator --name …\`.\n`,
      );
    }
    if (server) {
      process.stdout.write(
        `\nBudget control is running.\n  Dashboard:          ${server.url}/\n  GraphQL + GraphiQL: ${server.url}/graphql\n  Readiness:          ${server.url}/ready\n` +
          `  Database:           ${database.embedded ? `embedded PostgreSQL in ${settings.dataDir}` : 'DATABASE_URL'}\n` +
          `Press Ctrl-C to stop.\n\n`,
      );
    }
  } catch (error) {
    await shutdown('startup failure');
    throw error;
  }
  return { url: server?.url ?? null, stop: () => shutdown('stop') };
}

/** A listen failure the operator fixes with a setting, as one sentence naming it; null for any other error. */
function listenError(error: unknown, { host, port }: Settings): SettingError | null {
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'EADDRINUSE':
      return new SettingError(
        'PORT',
        `port ${port} on ${host} is already in use (another \`budget start\`, or another program): stop it, or set PORT to a free port (and HOST to listen on another address)`,
      );
    case 'EACCES':
      return new SettingError('PORT', `listening on port ${port} needs privileges this process does not have: set PORT to 1024 or above`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new SettingError(
        'HOST',
        `${host} is not an address of this machine: set HOST to one of its addresses (0.0.0.0 for all of them)`,
      );
    default:
      return null;
  }
}
