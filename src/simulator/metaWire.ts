// Meta's wire habits shared by its endpoints: the error body ({ error: { message, type, code,
// error_subcode, fbtrace_id } }, HTTP 400 even for throttling), the usage headers every answer
// carries, the access token wherever it comes, and paging ({ data, paging: { cursors, next } },
// `next` an absolute URL to follow as given).

import { MetaParamError } from './metaViews.ts';
import { bodyFields, header, requestId, type Answer, type Call } from './wire.ts';

/** Meta's business use cases for the Marketing API, each with its own budget per ad account. */
export type UseCase = 'ads_insights' | 'ads_management';

const MAX_LIMIT = 5_000;

/** Meta's throttling errors: message and subcode by code. */
export const THROTTLES: Record<number, [string, number]> = {
  4: ['(#4) Application request limit reached', 1504022],
  17: ['(#17) User request limit reached', 2446079],
  613: ['(#613) Calls to this api have exceeded the rate limit.', 1487742],
  80000: [
    '(#80000) There have been too many calls from this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting#ads-insights.',
    2446079,
  ],
  80004: [
    '(#80004) There have been too many calls to this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting#ads-management.',
    2446079,
  ],
};

export function metaError(
  status: number,
  code: number,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Answer {
  return { status, headers, body: { error: { message, type: 'OAuthException', code, ...extra, fbtrace_id: requestId() } } };
}

export function expired(): Answer {
  return metaError(400, 190, 'Error validating access token: Session has expired.', { error_subcode: 463 });
}

export function unsupported(call: Call, id: string): Answer {
  const verb = call.method === 'POST' ? 'post' : 'get';
  return metaError(
    400,
    100,
    `Unsupported ${verb} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    { type: 'GraphMethodException', error_subcode: 33 },
  );
}

export function accessToken(call: Call): string | undefined {
  const auth = /^(?:Bearer|OAuth) (.+)$/i.exec(header(call, 'authorization') ?? '')?.[1];
  const body = call.method === 'POST' ? bodyFields(call) : null;
  return call.url.searchParams.get('access_token') ?? (body?.access_token as string | undefined) ?? auth;
}

export function usageHeaders(accountId: string, useCase: UseCase, pct: number, regainMinutes: number): Record<string, string> {
  const numeric = accountId.slice(4);
  return {
    'x-business-use-case-usage': JSON.stringify({
      [numeric]: [
        {
          type: useCase,
          call_count: pct,
          total_cputime: Math.floor(pct / 2),
          total_time: Math.floor(pct / 2),
          estimated_time_to_regain_access: regainMinutes,
          ads_api_access_tier: 'standard_access',
        },
      ],
    }),
    'x-ad-account-usage': JSON.stringify({
      acc_id_util_pct: pct,
      reset_time_duration: regainMinutes * 60,
      ads_api_access_tier: 'standard_access',
    }),
    ...(useCase === 'ads_insights'
      ? {
          'x-fb-ads-insights-throttle': JSON.stringify({
            app_id_util_pct: 0,
            acc_id_util_pct: pct,
            ads_api_access_tier: 'standard_access',
          }),
        }
      : {}),
  };
}

/** A page of a list: `limit` (default 25) items from the `after` (or up to the `before`) cursor, with Meta's paging. */
export function page(call: Call, list: Record<string, unknown>[]): Answer {
  const params = call.url.searchParams;
  const limit = Math.min(MAX_LIMIT, Math.max(1, Number(params.get('limit') ?? 25) || 25));
  const cursor = (i: number) => Buffer.from(String(i)).toString('base64url');
  const position = (name: string) => {
    const value = params.get(name);
    if (value === null) return null;
    const n = Number(Buffer.from(value, 'base64url').toString());
    if (!Number.isInteger(n) || n < 0) throw new MetaParamError(`(#100) Invalid ${name} cursor`);
    return n;
  };
  const after = position('after');
  const before = position('before');
  const start = after !== null ? after + 1 : before !== null ? Math.max(0, before - limit) : 0;
  const end = before !== null && after === null ? before : start + limit;
  const data = list.slice(start, end);
  if (!data.length) return { status: 200, body: { data: [] } };
  const link = (name: 'after' | 'before', value: string) => {
    const next = new URLSearchParams(params);
    next.delete('after');
    next.delete('before');
    next.set(name, value);
    return `${call.origin}${call.url.pathname}?${next}`;
  };
  const paging: Record<string, unknown> = { cursors: { before: cursor(start), after: cursor(start + data.length - 1) } };
  if (start > 0) paging.previous = link('before', cursor(start));
  if (start + data.length < list.length) paging.next = link('after', cursor(start + data.length - 1));
  return { status: 200, body: { data, paging } };
}
