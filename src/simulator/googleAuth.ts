// Google's OAuth as the connectors meet it: POST /token exchanges a refresh token (with the OAuth
// client's id and secret) for a Bearer access token that lives accessTokenSeconds; each API call
// then passes the token, the optional developer-token, the customer's access and, for a managed
// account, login-customer-id, in that order, each refused the way Google refuses it.

import { googleFailure } from './googleErrors.ts';
import type { Account } from './model.ts';
import { bodyFields, header, requestId, type Answer, type Call } from './wire.ts';
import type { World } from './world.ts';

export interface GoogleSettings {
  clientId: string;
  clientSecret: string;
  /** when set, a developer-token header that differs is refused (an absent one is accepted) */
  developerToken: string | null;
  /** lifetime of the access tokens /token issues (real seconds; Google's is 3599) */
  accessTokenSeconds: number;
}

export const GOOGLE_DEFAULTS: GoogleSettings = {
  clientId: 'sim-client-id.apps.googleusercontent.com',
  clientSecret: 'sim-client-secret',
  developerToken: null,
  accessTokenSeconds: 3599,
};

interface AccessToken {
  refreshToken: string;
  /** real ms */
  expiresAt: number;
}

export class GoogleOAuth {
  private access = new Map<string, AccessToken>();
  private issued = 0;

  constructor(
    private readonly world: World,
    readonly settings: GoogleSettings,
  ) {}

  /** POST /token (application/x-www-form-urlencoded, or JSON; client credentials in the body or Basic). */
  token(call: Call): Answer {
    const body = bodyFields(call) ?? {};
    const basic = /^Basic (.+)$/i.exec(header(call, 'authorization') ?? '');
    const [basicId, basicSecret] = basic ? Buffer.from(basic[1]!, 'base64').toString().split(':') : [];
    const clientId = String(body.client_id ?? basicId ?? '');
    const clientSecret = String(body.client_secret ?? basicSecret ?? '');
    if (body.grant_type !== 'refresh_token') {
      return {
        status: 400,
        body: { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${String(body.grant_type ?? '')}` },
      };
    }
    if (clientId !== this.settings.clientId || clientSecret !== this.settings.clientSecret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'Unauthorized' } };
    }
    const refreshToken = String(body.refresh_token ?? '');
    if (!this.grants(refreshToken))
      return { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
    const token = `ya29.sim-${++this.issued}-${requestId()}`;
    this.access.set(token, { refreshToken, expiresAt: Date.now() + this.settings.accessTokenSeconds * 1000 });
    return {
      status: 200,
      headers: { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate' },
      body: {
        access_token: token,
        expires_in: this.settings.accessTokenSeconds,
        scope: 'https://www.googleapis.com/auth/adwords',
        token_type: 'Bearer',
      },
    };
  }

  /** Access tokens issued from the account's refresh tokens expire now (a refresh gets new ones). */
  expireAccessTokens(account: Account): number {
    let n = 0;
    for (const token of this.access.values()) {
      if (account.credentials.has(token.refreshToken)) {
        token.expiresAt = 0;
        n++;
      }
    }
    return n;
  }

  private grants(refreshToken: string): boolean {
    for (const account of this.world.accounts.values())
      if (account.platform === 'GOOGLE_ADS' && account.credentials.has(refreshToken)) return true;
    return false;
  }

  /** The account a call may use, or the answer refusing it. */
  authorize(call: Call, version: string, customerId: string): Account | Answer {
    const bearer = /^Bearer (.+)$/i.exec(header(call, 'authorization') ?? '')?.[1];
    if (!bearer) {
      return googleFailure(version, 401, [
        { errorCode: { authenticationError: 'OAUTH_TOKEN_HEADER_INVALID' }, message: 'Oauth token HTTP header is malformed.' },
      ]);
    }
    const token = this.access.get(bearer);
    if (!token)
      return googleFailure(version, 401, [
        { errorCode: { authenticationError: 'OAUTH_TOKEN_INVALID' }, message: 'OAuth token in the header is not valid.' },
      ]);
    if (!this.grants(token.refreshToken)) {
      return googleFailure(version, 401, [
        { errorCode: { authenticationError: 'OAUTH_TOKEN_REVOKED' }, message: 'OAuth token in the header has been revoked.' },
      ]);
    }
    if (token.expiresAt <= Date.now()) {
      return googleFailure(version, 401, [
        { errorCode: { authenticationError: 'OAUTH_TOKEN_EXPIRED' }, message: 'OAuth token in the header has expired.' },
      ]);
    }
    const developerToken = header(call, 'developer-token');
    if (developerToken !== undefined && this.settings.developerToken !== null && developerToken !== this.settings.developerToken) {
      return googleFailure(version, 401, [
        { errorCode: { authenticationError: 'DEVELOPER_TOKEN_INVALID' }, message: 'The developer token is not valid.' },
      ]);
    }
    if (!/^[0-9]{10}$/.test(customerId)) {
      return googleFailure(version, 400, [
        { errorCode: { authenticationError: 'CLIENT_CUSTOMER_ID_INVALID' }, message: 'Client customer ID is not a number.' },
      ]);
    }
    const account = this.world.accounts.get(customerId);
    const login = header(call, 'login-customer-id');
    const denied = (message: string) =>
      googleFailure(version, 403, [{ errorCode: { authorizationError: 'USER_PERMISSION_DENIED' }, message }]);
    if (!account || account.platform !== 'GOOGLE_ADS' || !account.credentials.has(token.refreshToken)) {
      return denied(
        "User doesn't have permission to access customer. Note: If you're accessing a client customer, the manager's customer id must be set in the 'login-customer-id' header. See https://developers.google.com/google-ads/api/docs/concepts/call-structure#cid",
      );
    }
    if (account.managerId !== null ? login !== account.managerId : login !== undefined && login !== account.id) {
      return denied(
        account.managerId !== null
          ? `User doesn't have permission to access customer. Note: If you're accessing a client customer, the manager's customer id must be set in the 'login-customer-id' header.`
          : `The login-customer-id ${login} does not manage customer ${account.id}.`,
      );
    }
    return account;
  }
}
