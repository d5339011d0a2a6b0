// Where the database is: DATABASE_URL, or the embedded cluster under DATA_DIR. A command run
// while the service is up joins the cluster that is already running instead of starting one.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Settings } from '../config.ts';
import { startEmbedded } from './embedded.ts';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  /** stops the embedded cluster if this process started it */
  stop(): Promise<void>;
}

export async function connectDatabase(settings: Settings): Promise<DatabaseHandle> {
  if (settings.databaseUrl) return { url: settings.databaseUrl, embedded: false, stop: async () => {} };
  const running = runningEmbeddedUrl(settings.dataDir);
  if (running) return { url: running, embedded: true, stop: async () => {} };
  const started = await startEmbedded({ dataDir: settings.dataDir });
  return { url: started.url, embedded: true, stop: started.stop };
}

/** postmaster.pid: pid, data dir, start time, port, socket dir, listen address, …, status */
function runningEmbeddedUrl(dataDir: string): string | null {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  const passwordFile = path.join(dataDir, 'pg-password');
  if (!existsSync(pidFile) || !existsSync(passwordFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || lines[7]?.trim() !== 'ready') return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/budget`;
}
