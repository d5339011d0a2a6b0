// The outbox's HTTP sender: what a server's Retry-After means.
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/delivery/http.ts';

describe('Retry-After', () => {
  const now = Date.parse('2026-12-06T10:00:00Z');
  it('reads delay-seconds and HTTP dates, and ignores what it does not understand', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Sun, 06 Dec 2026 10:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Sun, 06 Dec 2026 09:00:00 GMT', now)).toBe(0); // already past
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('1.5', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
