import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processState } from '../../src/health.ts';
import type { TestDb } from '../helpers/db.ts';
import { asAdmin, closeServer, serverForFile, type TestServer } from '../helpers/server.ts';

let t: TestDb;
let s: TestServer;
beforeAll(async () => ({ t, s } = await serverForFile()));
afterAll(() => closeServer(t, s));

describe('health endpoints', () => {
  it('GET /health answers 200 without touching the database', async () => {
    const res = await fetch(`${s.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('HEAD /health and HEAD /ready answer as GET does, without a body (load balancers check that way)', async () => {
    for (const path of ['/health', '/ready']) {
      const res = await fetch(`${s.url}${path}`, { method: 'HEAD' });
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toBe('');
    }
  });

  it('GET /api/health is not Yoga’s empty health answer (any URL ending in /health once was): the REST API has no such route', async () => {
    const res = await fetch(`${s.url}/api/health`, { headers: asAdmin });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ detail: 'Not found.', code: 'NOT_FOUND' });
  });

  it('GET /ready answers 200 with the seed-shaped checks when the database is migrated', async () => {
    const res = await fetch(`${s.url}/ready`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      status: 'healthy',
      checks: {
        database: { status: 'healthy', connection: 'ok' },
        migrations: { status: 'healthy', pending: [] },
        campaigns: { status: 'healthy', active: 0, paused: 0 },
        worker: { status: 'disabled' },
      },
    });
    expect(new Date(body.timestamp).getTime()).not.toBeNaN();
  });

  it('GET /ready answers 503 when the worker this process should run is down', async () => {
    processState.worker = { enabled: true, running: false };
    try {
      const res = await fetch(`${s.url}/ready`);
      expect(res.status).toBe(503);
      expect((await res.json()).checks.worker).toEqual({ status: 'unhealthy', running: false });
    } finally {
      processState.worker = { enabled: false, running: false };
    }
  });

  it('GET /ready answers 503 when a migration is pending', async () => {
    const [row] = await t.sql<{ id: string }>(`select id from _prisma_migrations order by migration_name desc limit 1`);
    await t.sql(`update _prisma_migrations set rolled_back_at = now() where id = $1`, [row!.id]);
    try {
      const res = await fetch(`${s.url}/ready`);
      expect(res.status).toBe(503);
      expect((await res.json()).checks.migrations.status).toBe('unhealthy');
    } finally {
      await t.sql(`update _prisma_migrations set rolled_back_at = null where id = $1`, [row!.id]);
    }
  });

  it('the health query is open and reports the same', async () => {
    const res = await s.gql(`{ health { status activeCampaigns pausedCampaigns checks { name status } } }`);
    expect(res.data.health).toMatchObject({ status: 'healthy', activeCampaigns: 0, pausedCampaigns: 0 });
    expect(res.data.health.checks.map((c: { name: string }) => c.name)).toEqual(['database', 'migrations', 'campaigns', 'worker']);
  });
});
