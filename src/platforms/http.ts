// The ad-platform clients' one HTTP call: GET or POST (a form or JSON body), no redirect followed,
// at most timeoutMs for the whole exchange (the answer's body included, capped), through the
// outbound guard (src/delivery/outbound.ts): only public addresses unless the host is allowed. It
// answers the status, headers and body text whatever the status; the caller reads the platform's
// error. A call that gets no answer is a PlatformError in coarse words (TRANSIENT: "could not
// connect", "no answer within N ms"; INVALID: "address not allowed"), the low-level reason going
// to the server's log with the URL's origin and path only (a query may carry a token).
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { log } from '../log.ts';
import { AddressRefused, guardedLookup, whyRefused, type AllowHosts } from '../delivery/outbound.ts';
import { PlatformError } from './types.ts';

const logger = log.child({ module: 'platforms' });

/** The most an answer's body may hold (a searchStream of many campaign-days is large). */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

export interface CallRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** a form (application/x-www-form-urlencoded) or a JSON body; POST only */
  body?: { form: Record<string, string> } | { json: unknown };
  timeoutMs: number;
  /** OUTBOUND_ALLOW_HOSTS: reached whatever their address */
  allowHosts: AllowHosts;
  /** what the messages call the other side ("Google Ads", "Meta") */
  service: string;
  /** resolves names (default: the system's, dns.lookup) */
  lookup?: LookupFunction;
  maxBytes?: number;
}

export interface CallAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

// Connections are kept for the next call; each was opened through the guard's lookup.
const agents = {
  'http:': new http.Agent({ keepAlive: true, timeout: 30_000 }),
  'https:': new https.Agent({ keepAlive: true, timeout: 30_000 }),
};

export async function call(r: CallRequest): Promise<CallAnswer> {
  const signal = AbortSignal.timeout(r.timeoutMs);
  const max = r.maxBytes ?? MAX_ANSWER_BYTES;
  try {
    return await exchange(r, signal, max);
  } catch (error) {
    if (error instanceof PlatformError) throw error;
    const e = error as Error & { code?: string };
    const refused = e instanceof AddressRefused;
    const text = refused
      ? 'address not allowed (OUTBOUND_ALLOW_HOSTS)'
      : signal.aborted
        ? `no answer within ${r.timeoutMs} ms`
        : 'could not connect';
    logger.warn({ origin: r.url.origin, path: r.url.pathname, reason: e.message, code: e.code }, `${r.service} call failed: ${text}`);
    throw new PlatformError(refused ? 'INVALID' : 'TRANSIENT', `${r.service}: ${text}`);
  }
}

function exchange(r: CallRequest, signal: AbortSignal, max: number): Promise<CallAnswer> {
  return new Promise((resolve, reject) => {
    const why = whyRefused(r.url, r.allowHosts);
    if (why) return reject(new AddressRefused(why));
    const [type, payload] =
      r.body === undefined
        ? [null, '']
        : 'form' in r.body
          ? ['application/x-www-form-urlencoded', new URLSearchParams(r.body.form).toString()]
          : ['application/json', JSON.stringify(r.body.json)];
    const headers: Record<string, string | number> = { accept: 'application/json', ...r.headers };
    if (type) headers['content-type'] = type;
    if (r.method === 'POST') headers['content-length'] = Buffer.byteLength(payload);
    const client = r.url.protocol === 'https:' ? https : http;
    const req = client.request(
      r.url,
      {
        method: r.method,
        headers,
        agent: agents[r.url.protocol as keyof typeof agents],
        lookup: guardedLookup(r.url, r.allowHosts, r.lookup),
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > max) {
            res.destroy();
            reject(new PlatformError('INVALID', `${r.service}: answer over ${max / 1024 / 1024} MB`));
          } else chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('answer cut')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(r.method === 'POST' ? payload : undefined);
  });
}

/** The body as JSON, or null when it is not (an HTML error page, an empty answer). */
export function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A header's value (the first, when repeated). */
export function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A platform's message as it may go into ours: one line, cut short. */
export function shortMessage(text: unknown, max = 200): string {
  const line = String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length <= max ? line : `${line.slice(0, max)}…`;
}
