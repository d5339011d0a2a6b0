// What every benchmark shares: a database of its own (an embedded PostgreSQL in a temp dir, or a
// new database on DATABASE_URL's server), the service started as a separate process, and the
// results table appended to BENCHMARKS.md with the machine and the commit.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, startEmbedded } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';

export const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

export interface BenchDatabase {
  url: string;
  /** psql-style connection parameters for pgbench */
  pgEnv: NodeJS.ProcessEnv;
  version: string;
  drop(): Promise<void>;
}

export async function benchDatabase(): Promise<BenchDatabase> {
  let adminUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  let dir: string | null = null;
  if (!adminUrl) {
    dir = await mkdtemp(path.join(tmpdir(), 'budget-bench-'));
    const embedded = await startEmbedded({ dataDir: dir, database: 'postgres' });
    adminUrl = embedded.url;
    stop = embedded.stop;
  }
  const name = `bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  await migrate(url);
  const version = (await admin.query<{ v: string }>('select version() as v')).rows[0]!.v.split(' ').slice(0, 2).join(' ');
  const u = new URL(url);
  return {
    url,
    version,
    pgEnv: {
      ...process.env,
      PGHOST: u.hostname,
      PGPORT: u.port || '5432',
      PGUSER: decodeURIComponent(u.username),
      PGPASSWORD: decodeURIComponent(u.password),
      PGDATABASE: name,
    },
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      await stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** `budget <args>` against the bench database, as a user runs it. */
export function cli(url: string, ...args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
}

export interface Service {
  url: string;
  pid: number;
  /** resident memory of the server process, MiB */
  rss(): number;
  stop(): Promise<void>;
}

/**
 * The service in its own process: server only by default (the worker's jobs would add noise).
 * `entry`: the TypeScript sources through tsx (default) or the compiled build, dist/main.js. The
 * rate limit and the per-key caps are lifted (the loads use one key for thousands of requests and
 * subscribers) unless `env` sets them; '' is a setting's default.
 */
export async function startService(
  databaseUrl: string,
  startArgs: string[] = ['--server-only'],
  entry = 'src/main.ts',
  env: NodeJS.ProcessEnv = {},
): Promise<Service> {
  const port = await freePort();
  // BENCH_CPU_PROF=dir: the service writes a CPU profile there when it stops (open it in Chrome's DevTools)
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const node = [...profile, ...(entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry])];
  const child: ChildProcess = spawn(process.execPath, [...node, 'start', ...startArgs], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      BUDGET_ADMIN_KEY: ADMIN_KEY,
      BUDGET_RATE_LIMIT: '1000000',
      BUDGET_MAX_SUBSCRIPTIONS_PER_KEY: '1000000',
      BUDGET_MAX_CONNECTIONS_PER_KEY: '1000000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while ((await fetch(`${url}/ready`).catch(() => null))?.status !== 200) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the service did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    rss: () => Math.round(Number(execFileSync('ps', ['-o', 'rss=', '-p', String(child.pid)], { encoding: 'utf8' }).trim()) / 1024),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

export async function graphql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, key = ADMIN_KEY): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** Runs a load generator (a file in bench/load/) in its own process; it prints one JSON line. */
export function runLoad<T>(file: string, input: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench/load', file)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as T) : reject(new Error(`${file} exited ${code}`)),
    );
    child.stdin.end(JSON.stringify(input));
  });
}

/** The middle value (rounded), for repeated runs on a noisy machine. */
export function median(xs: number[]): number {
  return Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
}

export function table(rows: (string | number)[][]): string {
  const [head, ...body] = rows;
  return [`| ${head!.join(' | ')} |`, `|${head!.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Prints the section and appends it to BENCHMARKS.md with the machine and the commit. */
export async function report(title: string, command: string, version: string, body: string): Promise<void> {
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!BENCHMARKS.md'], {
    encoding: 'utf8',
  }).trim()
    ? ' (with uncommitted changes)'
    : '';
  const section =
    `\n### ${title}: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}${dirty}\n\n` +
    `\`${command}\` on ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${version}\n\n${body}\n`;
  process.stdout.write(section);
  await appendFile('BENCHMARKS.md', section);
}

/** TPC-B-like: one aggregate row updated and one ledger row inserted per transaction. */
export function tpcb(env: NodeJS.ProcessEnv, clients: number, seconds: number): number {
  execFileSync(
    'psql',
    [
      '-q',
      '-c',
      `create table bench_accounts (id int primary key, balance bigint not null default 0);
    insert into bench_accounts select g from generate_series(1, 1000) g;
    create table bench_history (id bigserial primary key, account int not null, delta bigint not null, at timestamptz not null default now());`,
    ],
    { env },
  );
  const script = path.join(tmpdir(), `tpcb-${process.pid}.sql`);
  writeFileSync(
    script,
    `\\set aid random(1, 1000)\n\\set delta random(1, 99)\nbegin;\nupdate bench_accounts set balance = balance + :delta where id = :aid;\ninsert into bench_history (account, delta) values (:aid, :delta);\ncommit;\n`,
  );
  const out = execFileSync('pgbench', ['-n', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', script], {
    env,
    encoding: 'utf8',
  });
  return Math.round(Number(/tps = ([0-9.]+)/.exec(out)![1]));
}
