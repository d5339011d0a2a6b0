import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readSettings, SettingError } from '../src/config.ts';

const run = promisify(execFile);

describe('settings', () => {
  it("defaults as README's Settings say", () => {
    const s = readSettings({});
    expect(s).toMatchObject({ databaseUrl: null, port: 4000, host: '127.0.0.1', logLevel: 'info', adminKey: null });
    expect(s.dataDir).toMatch(/\.data$/);
    expect(s.corsOrigins).toEqual([]);
    expect(s).toMatchObject({
      webhookRetryMs: 5_000,
      webhookMaxFailures: 10,
      webhookTimeoutMs: 10_000,
      deliveryConcurrency: 8,
      refusalLogMs: 10_000,
    });
    expect(readSettings({ BUDGET_WEBHOOK_TIMEOUT_MS: '3000', BUDGET_DELIVERY_CONCURRENCY: '20' })).toMatchObject({
      webhookTimeoutMs: 3_000,
      deliveryConcurrency: 20,
    });
    expect(s).toMatchObject({ maxSubscriptionsPerKey: 500, maxConnectionsPerKey: 100 });
    expect(readSettings({ BUDGET_MAX_SUBSCRIPTIONS_PER_KEY: '20', BUDGET_MAX_CONNECTIONS_PER_KEY: '5' })).toMatchObject({
      maxSubscriptionsPerKey: 20,
      maxConnectionsPerKey: 5,
    });
    expect(readSettings({ BUDGET_REFUSAL_LOG_MS: '200' }).refusalLogMs).toBe(200);
    expect(s).toMatchObject({ heavyReadConnections: 2, heavyReadTimeoutMs: 20_000 });
    expect(readSettings({ BUDGET_HEAVY_READ_CONNECTIONS: '4', BUDGET_HEAVY_READ_TIMEOUT_MS: '5000' })).toMatchObject({
      heavyReadConnections: 4,
      heavyReadTimeoutMs: 5_000,
    });
    expect(readSettings({ BUDGET_WEBHOOK_RETRY_MS: '50', BUDGET_WEBHOOK_MAX_FAILURES: '3' })).toMatchObject({
      webhookRetryMs: 50,
      webhookMaxFailures: 3,
    });
    expect(readSettings({ BUDGET_CORS_ORIGINS: 'https://dash.example.com, http://localhost:5173' }).corsOrigins).toEqual([
      'https://dash.example.com',
      'http://localhost:5173',
    ]);
    expect(s).toMatchObject({
      secretKey: null,
      googleAdsApiUrl: 'https://googleads.googleapis.com',
      googleAdsApiVersion: 'v26',
      googleOauthTokenUrl: 'https://oauth2.googleapis.com/token',
      googleAdsClientId: null,
      googleAdsClientSecret: null,
      metaGraphApiUrl: 'https://graph.facebook.com',
      metaGraphApiVersion: 'v26.0',
      platformPollSeconds: 300,
    });
    expect(
      readSettings({ BUDGET_SECRET_KEY: 'k'.repeat(32), GOOGLE_ADS_API_URL: 'http://127.0.0.1:4100/', BUDGET_PLATFORM_POLL_SECONDS: '60' }),
    ).toMatchObject({ secretKey: 'k'.repeat(32), googleAdsApiUrl: 'http://127.0.0.1:4100', platformPollSeconds: 60 });
    expect(s.outboundAllowHosts).toEqual([]);
    // written as a URL's hostname, the form the guard compares (src/delivery/outbound.ts)
    expect(
      readSettings({ OUTBOUND_ALLOW_HOSTS: ' Hooks.Internal:443, 127.1 ,[0:0::1]:8080,10.0.0.5:080, bücher.example' }).outboundAllowHosts,
    ).toEqual(['hooks.internal:443', '127.0.0.1', '[::1]:8080', '10.0.0.5:80', 'xn--bcher-kva.example']);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://root@localhost/db' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ HOST: '  ' }, 'HOST'],
    [{ BUDGET_ADMIN_KEY: 'short' }, 'BUDGET_ADMIN_KEY'],
    [{ BUDGET_SECRET_KEY: 'x'.repeat(31) }, 'BUDGET_SECRET_KEY'],
    [{ GOOGLE_ADS_API_URL: 'googleads.googleapis.com' }, 'GOOGLE_ADS_API_URL'],
    [{ GOOGLE_OAUTH_TOKEN_URL: 'https://oauth2.googleapis.com/token?x=1' }, 'GOOGLE_OAUTH_TOKEN_URL'],
    [{ META_GRAPH_API_URL: 'ftp://graph.facebook.com' }, 'META_GRAPH_API_URL'],
    [{ GOOGLE_ADS_API_VERSION: '26' }, 'GOOGLE_ADS_API_VERSION'],
    [{ META_GRAPH_API_VERSION: 'v26' }, 'META_GRAPH_API_VERSION'],
    [{ GOOGLE_ADS_CLIENT_ID: ' ' }, 'GOOGLE_ADS_CLIENT_ID'],
    [{ BUDGET_PLATFORM_POLL_SECONDS: '10' }, 'BUDGET_PLATFORM_POLL_SECONDS'],
    [{ BUDGET_CORS_ORIGINS: 'https://dash.example.com/path' }, 'BUDGET_CORS_ORIGINS'],
    [{ BUDGET_CORS_ORIGINS: 'dash.example.com' }, 'BUDGET_CORS_ORIGINS'],
    [{ BUDGET_WEBHOOK_RETRY_MS: '5s' }, 'BUDGET_WEBHOOK_RETRY_MS'],
    [{ OUTBOUND_ALLOW_HOSTS: 'https://hooks.internal' }, 'OUTBOUND_ALLOW_HOSTS'],
    [{ OUTBOUND_ALLOW_HOSTS: 'hooks.internal/path' }, 'OUTBOUND_ALLOW_HOSTS'],
    [{ OUTBOUND_ALLOW_HOSTS: 'hooks.internal:0' }, 'OUTBOUND_ALLOW_HOSTS'],
    [{ OUTBOUND_ALLOW_HOSTS: 'hooks.internal:70000' }, 'OUTBOUND_ALLOW_HOSTS'],
    [{ OUTBOUND_ALLOW_HOSTS: 'a,,b' }, 'OUTBOUND_ALLOW_HOSTS'],
    [{ OUTBOUND_ALLOW_HOSTS: 'user@hooks.internal' }, 'OUTBOUND_ALLOW_HOSTS'],
    [{ OUTBOUND_ALLOW_HOSTS: '::1' }, 'OUTBOUND_ALLOW_HOSTS'],
    [{ OUTBOUND_ALLOW_HOSTS: '[zz::1]' }, 'OUTBOUND_ALLOW_HOSTS'],
    [{ BUDGET_REFUSAL_LOG_MS: '0' }, 'BUDGET_REFUSAL_LOG_MS'],
    [{ BUDGET_WEBHOOK_RETRY_MS: '0' }, 'BUDGET_WEBHOOK_RETRY_MS'],
    [{ BUDGET_WEBHOOK_MAX_FAILURES: '-2' }, 'BUDGET_WEBHOOK_MAX_FAILURES'],
    [{ BUDGET_WEBHOOK_TIMEOUT_MS: '500' }, 'BUDGET_WEBHOOK_TIMEOUT_MS'],
    [{ BUDGET_WEBHOOK_TIMEOUT_MS: '120000' }, 'BUDGET_WEBHOOK_TIMEOUT_MS'],
    [{ BUDGET_DELIVERY_CONCURRENCY: '0' }, 'BUDGET_DELIVERY_CONCURRENCY'],
    [{ BUDGET_DELIVERY_CONCURRENCY: 'many' }, 'BUDGET_DELIVERY_CONCURRENCY'],
    [{ BUDGET_MAX_SUBSCRIPTIONS_PER_KEY: '0' }, 'BUDGET_MAX_SUBSCRIPTIONS_PER_KEY'],
    [{ BUDGET_MAX_CONNECTIONS_PER_KEY: 'many' }, 'BUDGET_MAX_CONNECTIONS_PER_KEY'],
    [{ BUDGET_HEAVY_READ_CONNECTIONS: '0' }, 'BUDGET_HEAVY_READ_CONNECTIONS'],
    [{ BUDGET_HEAVY_READ_TIMEOUT_MS: '20s' }, 'BUDGET_HEAVY_READ_TIMEOUT_MS'],
  ])('refuses %j naming %s', (env, name) => {
    try {
      readSettings(env);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SettingError);
      expect((error as SettingError).setting).toBe(name);
    }
  });

  it('a bad setting stops the start with one clear line', async () => {
    const result = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start'], {
      env: { ...process.env, PORT: 'eighty', LOG_LEVEL: 'info' },
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect('code' in result ? result.code : 0).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'budget: invalid setting PORT: must be a whole number from 0 to 65535 (got "eighty")',
    ]);
  });
});
