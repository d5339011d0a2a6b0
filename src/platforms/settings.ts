// The ad platforms' part of the settings (config.ts), in the shape the clients and the sync engine
// take (types.ts): built once at start and passed in, never read from a module's state.
import type { Settings } from '../config.ts';
import { secretKeyOf } from './secrets.ts';
import type { SyncOptions } from './sync.ts';
import { PLATFORM_DEFAULTS, type PlatformSettings } from './types.ts';

export function platformSettings(settings: Settings): PlatformSettings {
  return Object.freeze({
    google: {
      apiUrl: settings.googleAdsApiUrl,
      apiVersion: settings.googleAdsApiVersion,
      tokenUrl: settings.googleOauthTokenUrl,
      clientId: settings.googleAdsClientId,
      clientSecret: settings.googleAdsClientSecret,
    },
    meta: { apiUrl: settings.metaGraphApiUrl, apiVersion: settings.metaGraphApiVersion },
    allowHosts: settings.outboundAllowHosts,
    timeoutMs: PLATFORM_DEFAULTS.timeoutMs,
  });
}

/** BUDGET_SECRET_KEY's AES key, or null when it is unset (credentials are then refused). */
export function credentialsKeyOf(settings: Settings): Buffer | null {
  return settings.secretKey === null ? null : secretKeyOf(settings.secretKey);
}

/** The worker's ad-platform tasks' settings; null without BUDGET_SECRET_KEY (no account's credentials can be opened). */
export function platformTasks(settings: Settings): { sync: SyncOptions; pollSeconds: number } | null {
  const secretKey = credentialsKeyOf(settings);
  return secretKey && { sync: { platforms: platformSettings(settings), secretKey }, pollSeconds: settings.platformPollSeconds };
}
