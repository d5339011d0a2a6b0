// Google Ads over REST, the endpoints the connectors use, as Google answers them (the OAuth token
// endpoint and each call's credentials: googleAuth.ts; error bodies: googleErrors.ts):
// - POST /v{N}/customers/{id}/googleAds:searchStream → a JSON array of batches
//   ({ results, fieldMask, requestId }), and :search → one page ({ results, nextPageToken, … });
// - POST /v{N}/customers/{id}/campaigns:mutate → status changes (partialFailure, validateOnly,
//   responseContentType), made as "the API" in the change history.

import { parseQuery, QueryFailure } from './gaql.ts';
import { GOOGLE_API_USER, runReport } from './googleReport.ts';
import type { Fault } from './faults.ts';
import { GoogleOAuth, type GoogleSettings } from './googleAuth.ts';
import { googleFailure, type GoogleError } from './googleErrors.ts';
import { bodyFields, requestId, type Answer, type Call } from './wire.ts';
import type { Account, Campaign } from './model.ts';
import type { World } from './world.ts';

/** searchStream's batches and search's pages hold up to this many rows (Google's fixed size). */
const PAGE_ROWS = 10_000;
const MAX_OPERATIONS = 10_000;

export class GoogleAds {
  readonly oauth: GoogleOAuth;

  constructor(
    private readonly world: World,
    settings: GoogleSettings,
  ) {
    this.oauth = new GoogleOAuth(world, settings);
  }

  searchStream(call: Call, version: string, customerId: string): Answer {
    const account = this.oauth.authorize(call, version, customerId);
    if (!('platform' in account)) return account;
    const report = this.report(call, version, account);
    if ('status' in report) return report;
    const id = requestId();
    const batches: Record<string, unknown>[] = [];
    for (let at = 0; at < report.rows.length || batches.length === 0; at += PAGE_ROWS) {
      const rows = report.rows.slice(at, at + PAGE_ROWS);
      // proto3 JSON leaves out an empty repeated field: a stream with no rows is one batch without results
      batches.push({ ...(rows.length ? { results: rows } : {}), fieldMask: report.fieldMask, requestId: id });
    }
    return { status: 200, headers: { 'request-id': id }, body: batches };
  }

  search(call: Call, version: string, customerId: string): Answer {
    const account = this.oauth.authorize(call, version, customerId);
    if (!('platform' in account)) return account;
    const report = this.report(call, version, account);
    if ('status' in report) return report;
    const body = bodyFields(call) ?? {};
    let offset = 0;
    if (body.pageToken !== undefined) {
      offset = Number(Buffer.from(String(body.pageToken), 'base64url').toString());
      if (!Number.isInteger(offset) || offset < 0) {
        return googleFailure(version, 400, [{ errorCode: { requestError: 'INVALID_PAGE_TOKEN' }, message: 'Page token is invalid.' }]);
      }
    }
    const id = requestId();
    const rows = report.rows.slice(offset, offset + PAGE_ROWS);
    const next = offset + PAGE_ROWS < report.rows.length ? Buffer.from(String(offset + PAGE_ROWS)).toString('base64url') : undefined;
    return {
      status: 200,
      headers: { 'request-id': id },
      body: {
        ...(rows.length ? { results: rows } : {}),
        fieldMask: report.fieldMask,
        ...(next ? { nextPageToken: next } : {}),
        ...(body.returnTotalResultsCount === true ? { totalResultsCount: String(report.rows.length) } : {}),
        requestId: id,
      },
    };
  }

  mutate(call: Call, version: string, customerId: string): Answer {
    const account = this.oauth.authorize(call, version, customerId);
    if (!('platform' in account)) return account;
    const body = bodyFields(call);
    if (body === null)
      return googleFailure(version, 400, [{ errorCode: { requestError: 'BAD_REQUEST' }, message: 'Invalid JSON payload received.' }]);
    const operations = body.operations;
    if (!Array.isArray(operations) || operations.length === 0) {
      return googleFailure(version, 400, [
        { errorCode: { requestError: 'OPERATIONS_REQUIRED' }, message: 'At least one operation is required.' },
      ]);
    }
    if (operations.length > MAX_OPERATIONS) {
      return googleFailure(version, 400, [
        {
          errorCode: { requestError: 'TOO_MANY_MUTATE_OPERATIONS' },
          message: `Too many operations: at most ${MAX_OPERATIONS} in one request.`,
        },
      ]);
    }
    const partial = body.partialFailure === true;
    const planned: ({ campaign: Campaign; status?: string; name?: string } | null)[] = [];
    const errors: GoogleError[] = [];
    const seen = new Set<string>();
    operations.forEach((op: unknown, index) => {
      const outcome = this.operation(account, op, index);
      if ('errorCode' in outcome) {
        errors.push(outcome);
        planned.push(null);
      } else if (seen.has(outcome.campaign.id)) {
        errors.push(
          opError(
            index,
            'update',
            { mutateError: 'ID_EXISTS_IN_MULTIPLE_MUTATES' },
            'Cannot mutate the same resource twice in one request.',
          ),
        );
        planned.push(null);
      } else {
        seen.add(outcome.campaign.id);
        planned.push(outcome);
      }
    });
    if (errors.length && !partial) return googleFailure(version, 400, errors);
    if (body.validateOnly === true) return { status: 200, body: {} };
    const full = body.responseContentType === 'MUTABLE_RESOURCE';
    const results = planned.map((p) => {
      if (!p) return {};
      if (p.name !== undefined) p.campaign.name = p.name;
      if (p.status !== undefined) this.world.setStatus(p.campaign, p.status, 'API', GOOGLE_API_USER);
      const resourceName = `customers/${account.id}/campaigns/${p.campaign.id}`;
      return full
        ? { resourceName, campaign: { resourceName, id: p.campaign.id, name: p.campaign.name, status: p.campaign.status } }
        : { resourceName };
    });
    if (!errors.length) return { status: 200, body: { results } };
    const failure = googleFailure(version, 400, errors).body as { error: { details: unknown[] } };
    return {
      status: 200,
      body: {
        partialFailureError: {
          code: 3,
          message: `Multiple errors in 'details'. First error: ${errors[0]!.message}`,
          details: failure.error.details,
        },
        results,
      },
    };
  }

  /** The answer an injected fault gives in Google's shape (timeouts and slowness are the server's). */
  fault(fault: Fault, version: string, endpoint: string): Answer {
    const delay = fault.retryDelaySeconds;
    if (endpoint === 'token') {
      if (fault.kind === 'expiredToken')
        return { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
      if (fault.kind === 'rateLimit')
        return {
          status: 429,
          headers: { 'retry-after': String(delay) },
          body: { error: 'rate_limit_exceeded', error_description: 'Rate Limit Exceeded' },
        };
      return { status: fault.status ?? 500, body: { error: 'internal_failure', error_description: 'Backend Error' } };
    }
    if (fault.kind === 'expiredToken') {
      return googleFailure(version, 401, [
        { errorCode: { authenticationError: 'OAUTH_TOKEN_EXPIRED' }, message: 'OAuth token in the header has expired.' },
      ]);
    }
    if (fault.kind === 'rateLimit') {
      return googleFailure(version, 429, [
        {
          errorCode: { quotaError: 'RESOURCE_TEMPORARILY_EXHAUSTED' },
          message: `Too many requests. Retry in ${delay} seconds.`,
          details: { quotaErrorDetails: { rateScope: 'ACCOUNT', rateName: 'Requests per account', retryDelay: `${delay}s` } },
        },
      ]);
    }
    const status = fault.status ?? 500;
    if (status === 502) {
      // what a front end says when the backend is gone: HTML, not JSON
      return {
        status,
        headers: { 'content-type': 'text/html; charset=UTF-8' },
        body: null,
        text: '<!DOCTYPE html><html><title>Error 502 (Server Error)!!1</title><p><b>502.</b> That’s an error.</p></html>',
      };
    }
    return googleFailure(version, status, [
      status === 503
        ? { errorCode: { internalError: 'TRANSIENT_ERROR' }, message: 'The service is currently unavailable. Please retry.' }
        : { errorCode: { internalError: 'INTERNAL_ERROR' }, message: 'An internal error has occurred.' },
    ]);
  }

  private report(call: Call, version: string, account: Account): ReturnType<typeof runReport> | Answer {
    const body = bodyFields(call);
    if (body === null)
      return googleFailure(version, 400, [{ errorCode: { requestError: 'BAD_REQUEST' }, message: 'Invalid JSON payload received.' }]);
    try {
      return runReport(this.world, account, parseQuery(body.query));
    } catch (error) {
      if (error instanceof QueryFailure) return googleFailure(version, 400, [{ errorCode: error.errorCode, message: error.message }]);
      throw error;
    }
  }

  /** One mutate operation resolved against the account, or its error. */
  private operation(account: Account, op: unknown, index: number): { campaign: Campaign; status?: string; name?: string } | GoogleError {
    const o = (op ?? {}) as Record<string, unknown>;
    const kind = 'update' in o ? 'update' : 'remove' in o ? 'remove' : 'create' in o ? 'create' : null;
    if (kind === null)
      return opError(index, null, { requestError: 'REQUIRED_FIELD_MISSING' }, 'An operation needs update, remove or create.');
    if (kind === 'create')
      return opError(
        index,
        'create',
        { mutateError: 'MUTATE_NOT_ALLOWED' },
        'The simulator does not create campaigns (use its control API).',
      );
    const update = (kind === 'update' ? o.update : null) as Record<string, unknown> | null;
    const resourceName = String(kind === 'remove' ? o.remove : update?.resourceName);
    const match = /^customers\/([0-9]+)\/campaigns\/([0-9]+)$/.exec(resourceName);
    if (!match || match[1] !== account.id) {
      return opError(
        index,
        kind,
        { requestError: 'INVALID_RESOURCE_NAME' },
        `Resource name '${resourceName}' is malformed or not in customer ${account.id}.`,
      );
    }
    const campaign = account.campaigns.get(match[2]!);
    if (!campaign) return opError(index, kind, { mutateError: 'RESOURCE_NOT_FOUND' }, 'Resource was not found.');
    if (campaign.status === 'REMOVED') {
      return opError(
        index,
        kind,
        { operationAccessDeniedError: 'OPERATION_NOT_PERMITTED_FOR_REMOVED_RESOURCE' },
        'Operation is not permitted for removed resource.',
      );
    }
    if (kind === 'remove') return { campaign, status: 'REMOVED' };
    if (typeof o.updateMask !== 'string' || o.updateMask === '')
      return opError(index, 'update_mask', { fieldMaskError: 'FIELD_MASK_MISSING' }, 'The field mask must be present for an update.');
    const out: { campaign: Campaign; status?: string; name?: string } = { campaign };
    for (const path of o.updateMask.split(',').map((p) => p.trim())) {
      if (path === 'status') {
        if (!['ENABLED', 'PAUSED', 'REMOVED'].includes(String(update!.status))) {
          return opError(index, 'update', { fieldError: 'INVALID_VALUE' }, `Invalid campaign status ${JSON.stringify(update!.status)}.`);
        }
        out.status = String(update!.status);
      } else if (path === 'name') out.name = String(update!.name ?? '');
      else
        return opError(
          index,
          'update_mask',
          { fieldMaskError: 'FIELD_NOT_FOUND' },
          `The field mask names '${path}', which the simulator does not change.`,
        );
    }
    return out;
  }
}

function opError(index: number, field: string | null, errorCode: Record<string, string>, message: string): GoogleError {
  return {
    errorCode,
    message,
    location: { fieldPathElements: [{ fieldName: 'operations', index }, ...(field ? [{ fieldName: field }] : [])] },
  };
}
