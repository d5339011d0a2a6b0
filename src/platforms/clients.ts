// Which client speaks to an account's platform, and what an operator's input must be before one
// is made: the account's id in its platform's form (Google's 10 digits, Meta's act_<digits>) and
// credentials that can work (refused as INVALID_ARGUMENT naming the field, never quoting a secret).
import { DomainError, quote } from '../domain/errors.ts';
import { GoogleAdsClient, type ClientOptions } from './google.ts';
import { MetaClient } from './meta.ts';
import type { AdPlatform, Credentials, PlatformClient, PlatformSettings } from './types.ts';

export type { ClientOptions };

export function clientFor(
  platform: AdPlatform,
  externalAccountId: string,
  credentials: Credentials,
  settings: PlatformSettings,
  options: ClientOptions = {},
): PlatformClient {
  return platform === 'GOOGLE_ADS'
    ? new GoogleAdsClient(externalAccountId, credentials, settings, options)
    : new MetaClient(externalAccountId, credentials, settings);
}

/** Refuses credentials that cannot work on the platform (what is missing or malformed, by field). */
export function checkCredentials(platform: AdPlatform, credentials: Credentials, field = 'credentials'): void {
  const given = (value: string | null | undefined) => typeof value === 'string' && value.trim() !== '';
  if (platform === 'GOOGLE_ADS') {
    if (!given(credentials.refreshToken) && !given(credentials.accessToken))
      throw new DomainError(
        'INVALID_ARGUMENT',
        `${field}.refreshToken is required for Google Ads (or an accessToken, used as it is until it expires)`,
        `${field}.refreshToken`,
      );
    const login = credentials.loginCustomerId;
    if (login !== null && login !== undefined && !/^[0-9]{10}$/.test(login))
      throw new DomainError(
        'INVALID_ARGUMENT',
        `${field}.loginCustomerId must be the manager account's 10-digit customer id; got ${quote(login)}`,
        `${field}.loginCustomerId`,
      );
  } else {
    if (!given(credentials.accessToken))
      throw new DomainError(
        'INVALID_ARGUMENT',
        `${field}.accessToken is required for Meta (a system user's token)`,
        `${field}.accessToken`,
      );
    if (given(credentials.refreshToken) || given(credentials.loginCustomerId))
      throw new DomainError(
        'INVALID_ARGUMENT',
        `${field}: Meta takes an accessToken only (refreshToken and loginCustomerId are Google's)`,
        given(credentials.refreshToken) ? `${field}.refreshToken` : `${field}.loginCustomerId`,
      );
  }
}

/** Google: "123-456-7890" or "1234567890" → "1234567890"; Meta: "act_123" or "123" → "act_123". */
export function parseExternalAccountId(platform: AdPlatform, text: string, field = 'externalAccountId'): string {
  const value = text.trim();
  if (platform === 'GOOGLE_ADS') {
    if (/^[0-9]{3}-?[0-9]{3}-?[0-9]{4}$/.test(value)) return value.replace(/-/g, '');
    throw new DomainError(
      'INVALID_ARGUMENT',
      `${field} must be a Google Ads customer id (10 digits, like 123-456-7890); got ${quote(text)}`,
      field,
    );
  }
  const m = /^(?:act_)?([0-9]{1,20})$/.exec(value);
  if (m) return `act_${m[1]}`;
  throw new DomainError(
    'INVALID_ARGUMENT',
    `${field} must be a Meta ad account id (act_ and digits, like act_1234567890); got ${quote(text)}`,
    field,
  );
}
