// Injected faults: what a platform does on a bad day. Each fault names what it hits (a platform,
// an account, an endpoint: any of them, or all requests), what it answers, and for how long: a
// number of requests, a real duration, or until removed. The first live fault that matches a
// request answers it, in the platform's own shape (google.ts, meta.ts); faults run on real time,
// as the client waiting on them does.

import { SimError } from './errors.ts';
import { PLATFORMS, type Platform } from './model.ts';

export const ENDPOINTS = {
  GOOGLE_ADS: ['token', 'searchStream', 'search', 'mutate'],
  META: ['account', 'campaigns', 'insights', 'activities', 'campaign', 'campaignUpdate', 'objects'],
} as const;

export type Endpoint = (typeof ENDPOINTS)[Platform][number];

/**
 * rateLimit: Google 429 RESOURCE_TEMPORARILY_EXHAUSTED with retryDelay; Meta a throttling code
 *   (17, 4, 613, 80000, 80004) with its usage headers at 100 %.
 * serverError: a 5xx in the platform's shape. timeout: no answer at all (the connection stays
 * open until the client gives up). expiredToken: Google 401 OAUTH_TOKEN_EXPIRED, Meta 190/463.
 * slow: the normal answer, after delayMs.
 */
export const FAULT_KINDS = ['rateLimit', 'serverError', 'timeout', 'expiredToken', 'slow'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const META_THROTTLE_CODES = [4, 17, 613, 80000, 80004] as const;

export interface Fault {
  id: number;
  kind: FaultKind;
  platform: Platform | null;
  account: string | null;
  endpoint: Endpoint | null;
  /** answers left; null: no count (until `until`, or removed) */
  remaining: number | null;
  /** real ms after which it ends; null: no end */
  until: number | null;
  /** rateLimit, Google: the retryDelay it asks for */
  retryDelaySeconds: number;
  /** rateLimit, Meta: the error code; null: 80000 on insights, 80004 elsewhere */
  code: number | null;
  /** serverError: the status (500, 502, 503, …); rateLimit on Meta: 400 unless set */
  status: number | null;
  /** slow: ms before the answer */
  delayMs: number;
  /** requests it has answered */
  hits: number;
}

export interface FaultInput {
  kind?: unknown;
  platform?: unknown;
  account?: unknown;
  endpoint?: unknown;
  count?: unknown;
  forSeconds?: unknown;
  retryDelaySeconds?: unknown;
  code?: unknown;
  status?: unknown;
  delayMs?: unknown;
}

export interface Target {
  platform: Platform;
  account: string | null;
  endpoint: Endpoint;
}

export class Faults {
  private list: Fault[] = [];
  private seq = 0;

  add(input: FaultInput): Fault {
    const kind = input.kind as FaultKind;
    if (!FAULT_KINDS.includes(kind)) throw new SimError(`kind must be one of ${FAULT_KINDS.join(', ')}; got ${JSON.stringify(input.kind)}`);
    const platform = input.platform == null ? null : (input.platform as Platform);
    if (platform !== null && !PLATFORMS.includes(platform)) throw new SimError(`platform must be GOOGLE_ADS or META`);
    const endpoint = input.endpoint == null ? null : (input.endpoint as Endpoint);
    const known: readonly string[] = platform ? ENDPOINTS[platform] : [...ENDPOINTS.GOOGLE_ADS, ...ENDPOINTS.META];
    if (endpoint !== null && !known.includes(endpoint))
      throw new SimError(`endpoint must be one of ${known.join(', ')}; got ${JSON.stringify(endpoint)}`);
    const code = input.code == null ? null : Number(input.code);
    if (code !== null && !(META_THROTTLE_CODES as readonly number[]).includes(code))
      throw new SimError(`code must be one of ${META_THROTTLE_CODES.join(', ')}`);
    const status = input.status == null ? null : Number(input.status);
    if (status !== null && !(Number.isInteger(status) && status >= 400 && status <= 599))
      throw new SimError('status must be an HTTP error status (400–599)');
    const fault: Fault = {
      id: ++this.seq,
      kind,
      platform,
      account: input.account == null ? null : String(input.account),
      endpoint,
      remaining: input.count == null ? null : whole(input.count, 'count', 1),
      until: input.forSeconds == null ? null : Date.now() + whole(input.forSeconds, 'forSeconds', 0) * 1000,
      retryDelaySeconds: input.retryDelaySeconds == null ? 2 : whole(input.retryDelaySeconds, 'retryDelaySeconds', 0),
      code,
      status,
      delayMs: input.delayMs == null ? 1000 : whole(input.delayMs, 'delayMs', 0),
      hits: 0,
    };
    this.list.push(fault);
    return fault;
  }

  /** The fault that answers this request (counted as used), or null. */
  take(target: Target): Fault | null {
    const now = Date.now();
    this.list = this.list.filter((f) => (f.remaining === null || f.remaining > 0) && (f.until === null || f.until > now));
    const fault = this.list.find(
      (f) =>
        (f.platform === null || f.platform === target.platform) &&
        (f.account === null || f.account === target.account) &&
        (f.endpoint === null || f.endpoint === target.endpoint),
    );
    if (!fault) return null;
    fault.hits++;
    if (fault.remaining !== null) fault.remaining--;
    return fault;
  }

  all(): readonly Fault[] {
    const now = Date.now();
    return this.list.filter((f) => (f.remaining === null || f.remaining > 0) && (f.until === null || f.until > now));
  }

  remove(id: number): boolean {
    const before = this.list.length;
    this.list = this.list.filter((f) => f.id !== id);
    return this.list.length < before;
  }

  clear(): void {
    this.list = [];
  }
}

function whole(value: unknown, field: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new SimError(`${field} must be a whole number ≥ ${min}`);
  return n;
}
