// What a handler sees of a request and gives back, shared by both platforms and the control API.

import type { Endpoint, Fault } from './faults.ts';
import type { Platform } from './model.ts';

export interface Call {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  /** the raw body ('' when none) */
  body: string;
  /** http://host:port as the client addressed us (for Meta's absolute paging links) */
  origin: string;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** sent as JSON */
  body: unknown;
  /** sent as is instead (a proxy's HTML error page), with headers naming its type */
  text?: string;
}

/** The body as JSON (an object), form fields, or nothing; a malformed JSON body gives null. */
export function bodyFields(call: Call): Record<string, unknown> | null {
  if (call.body === '') return {};
  const type = String(call.headers['content-type'] ?? '');
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(call.body));
  try {
    const parsed: unknown = JSON.parse(call.body);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function header(call: Call, name: string): string | undefined {
  const value = call.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A request id, as both platforms put in their answers. */
export function requestId(): string {
  return Math.random().toString(36).slice(2, 12) + Math.random().toString(36).slice(2, 12);
}

export interface RequestRecord {
  seq: number;
  /** real instant */
  at: string;
  /** the simulated instant */
  simAt: string;
  platform: Platform;
  endpoint: Endpoint;
  account: string | null;
  method: string;
  /** path and query, access_token left out */
  path: string;
  status: number | null;
  ms: number | null;
  /** the fault that answered it, if one did */
  fault: Fault['kind'] | null;
}
