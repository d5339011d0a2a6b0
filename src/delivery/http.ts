// The outbox's HTTP sender: one request, no redirect followed (a 3xx is a failure), at most
// timeoutMs, the answer's body discarded. What it answers is what the outbox logs and acts on:
// a status or an error text, and how long the server asked us to wait (Retry-After, in seconds or
// as an HTTP date) when it said so.

export interface Attempt {
  status: number | null;
  error: string | null;
  ms: number;
  /** the server's Retry-After, in ms from now, when it sent one we understood */
  retryAfterMs?: number;
}

export interface Request {
  url: string;
  method?: 'POST' | 'PUT' | 'PATCH';
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export async function send(r: Request, now: () => number = Date.now): Promise<Attempt> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const res = await fetch(r.url, {
      method: r.method ?? 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(r.timeoutMs),
      headers: r.headers,
      body: r.body,
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { status: res.status, error: null, ms: ms() };
    const redirect = res.status >= 300 && res.status < 400 ? ' (redirects are not followed)' : '';
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now());
    return {
      status: res.status,
      error: `answered HTTP ${res.status}${redirect}`,
      ms: ms(),
      ...(retryAfterMs === null ? {} : { retryAfterMs }),
    };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const text = e.name === 'TimeoutError' ? `no answer within ${r.timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { status: null, error: String(text).slice(0, 500), ms: ms() };
  }
}

/** Retry-After (RFC 9110): delay-seconds or an HTTP-date; null when absent or not understood. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^[0-9]{1,9}$/.test(text)) return Number(text) * 1_000;
  const at = Date.parse(text);
  if (!/[a-z]/i.test(text) || Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}
