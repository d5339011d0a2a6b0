// Once per `npm test`: a PostgreSQL (TEST_DATABASE_URL, or an embedded one in a temp dir) with a
// migrated template database. Each test file clones the template (fast) and drops its clone.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { startEmbedded } from '../../src/db/embedded.ts';
import { migrate } from '../../src/db/migrate.ts';
import { databaseUrlFor } from './urls.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    template: string;
  }
}

export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL || '';
  let stopEmbedded = async () => {};
  let dataDir: string | null = null;
  if (!adminUrl) {
    dataDir = await mkdtemp(path.join(tmpdir(), 'budget-test-'));
    const embedded = await startEmbedded({ dataDir, database: 'postgres' });
    adminUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const template = `budget_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  await migrate(databaseUrlFor(adminUrl, template));
  // A template must have no connections when cloned.
  await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [template]);
  project.provide('adminUrl', adminUrl);
  project.provide('template', template);

  return async () => {
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.end();
    await stopEmbedded();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
