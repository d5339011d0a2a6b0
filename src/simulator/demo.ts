// The world `budget simulate` starts with when no --seed file is given: one Google Ads and one Meta
// account of a brand in New York, their campaigns running since the day before yesterday (so
// yesterday has a full day of spend), one paused.

import type { Seed } from './server.ts';

export function demoSeed(now: number): Seed {
  const since = new Date(now - 2 * 86_400_000).toISOString();
  const campaign = (id: string, name: string, hourlyRate: string, dailyBudget: string, status: string) => ({
    id,
    name,
    hourlyRate,
    dailyBudget,
    status,
    since,
  });
  return {
    accounts: [
      {
        platform: 'GOOGLE_ADS',
        id: '1234567890',
        name: 'Acme Search (demo)',
        currency: 'USD',
        timeZone: 'America/New_York',
        credentials: ['1//sim-refresh-demo'],
        lagSeconds: 900,
        campaigns: [
          campaign('21000000001', 'Brand search', '4.00', '120.00', 'ENABLED'),
          campaign('21000000002', 'Generic search', '9.50', '250.00', 'ENABLED'),
          campaign('21000000003', 'Shopping', '6.25', '180.00', 'ENABLED'),
          campaign('21000000004', 'Display retargeting', '3.00', '60.00', 'PAUSED'),
        ],
      },
      {
        platform: 'META',
        id: 'act_100000000000001',
        name: 'Acme Social (demo)',
        currency: 'USD',
        timeZone: 'America/New_York',
        credentials: ['EAASIM-demo-token'],
        lagSeconds: 900,
        campaigns: [
          campaign('23850000000000001', 'Prospecting', '7.00', '200.00', 'ACTIVE'),
          campaign('23850000000000002', 'Retargeting', '3.50', '90.00', 'ACTIVE'),
          campaign('23850000000000003', 'Catalog sales', '5.00', '150.00', 'ACTIVE'),
        ],
      },
    ],
  };
}
