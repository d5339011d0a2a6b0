// The dashboard's "next changes" instants: brand-local midnights and window edges, across DST.
import { describe, expect, it } from 'vitest';
import { edges } from '../../web/src/nextChanges.ts';

const iso = (ts: number[]) => ts.map((t) => new Date(t).toISOString());

describe('edges', () => {
  it('the next local midnight, in the brand’s timezone', () => {
    expect(iso(edges('Europe/Paris', [], Date.parse('2026-11-26T12:00:00Z')))).toEqual(['2026-11-26T23:00:00.000Z']);
    expect(iso(edges('America/New_York', [], Date.parse('2026-11-26T12:00:00Z')))).toEqual(['2026-11-27T05:00:00.000Z']);
  });

  it('window starts and ends, an overnight one ending on the next day, within 24 hours and in order', () => {
    // Thursday 2026-11-26, 12:00 UTC = 13:00 in Paris
    const at = edges('Europe/Paris', [{ dayOfWeek: 'THURSDAY', startTime: '22:00', endTime: '02:00' }], Date.parse('2026-11-26T12:00:00Z'));
    expect(iso(at)).toEqual(['2026-11-26T21:00:00.000Z', '2026-11-26T23:00:00.000Z', '2026-11-27T01:00:00.000Z']);
  });

  it('a midnight after the spring-forward change is still local midnight', () => {
    // Paris moves to UTC+2 at 2026-03-29 02:00; the next midnight after that Sunday is 22:00 UTC
    expect(iso(edges('Europe/Paris', [], Date.parse('2026-03-29T12:00:00Z')))).toEqual(['2026-03-29T22:00:00.000Z']);
  });
});
