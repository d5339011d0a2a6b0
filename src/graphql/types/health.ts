import { db } from '../../db/index.ts';
import { checkHealth, processState, type Health } from '../../health.ts';
import { builder } from '../builder.ts';

const HealthCheck = builder.objectRef<{ name: string; status: string; detail: unknown }>('HealthCheck').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    status: t.exposeString('status'),
    detail: t.string({ description: 'the check as JSON', resolve: (c) => JSON.stringify(c.detail) }),
  }),
});

const HealthRef = builder.objectRef<Health>('Health').implement({
  description: 'Is the service able to work: database, migrations, worker.',
  fields: (t) => ({
    status: t.exposeString('status'),
    timestamp: t.field({ type: 'DateTime', resolve: (h) => new Date(h.timestamp) }),
    activeCampaigns: t.int({ resolve: (h) => h.checks.campaigns.active }),
    pausedCampaigns: t.int({ resolve: (h) => h.checks.campaigns.paused }),
    checks: t.field({
      type: [HealthCheck],
      resolve: (h) => Object.entries(h.checks).map(([name, detail]) => ({ name, status: detail.status, detail })),
    }),
  }),
});

builder.queryField('health', (t) =>
  t.field({
    type: HealthRef,
    description: 'Open to everyone, like GET /ready.',
    skipTypeScopes: true,
    resolve: () => checkHealth(db(), processState.worker),
  }),
);
