// The window rule (web/src/week.ts) and where the week grid draws a window, for the cases the
// engine treats specially: [start, end) on its day, end ≤ start into the next day, start = end 24 h.
import { describe, expect, it } from 'vitest';
import { endsNextDay, pieces, span } from '../../web/src/week.ts';

const w = (dayOfWeek: string, startTime: string, endTime: string) => ({ dayOfWeek, startTime, endTime });

describe('pieces', () => {
  it('a daytime window is one piece on its day', () => {
    expect(pieces(w('MONDAY', '08:00', '20:00'))).toEqual([{ day: 0, from: 480, to: 1200, tail: false }]);
  });
  it('an overnight window runs to midnight, its tail on the next day', () => {
    expect(pieces(w('FRIDAY', '22:00', '02:00'))).toEqual([
      { day: 4, from: 1320, to: 1440, tail: false },
      { day: 5, from: 0, to: 120, tail: true },
    ]);
  });
  it('Sunday night runs into Monday', () => {
    expect(pieces(w('SUNDAY', '23:30', '01:15'))).toEqual([
      { day: 6, from: 1410, to: 1440, tail: false },
      { day: 0, from: 0, to: 75, tail: true },
    ]);
  });
  it('start = end is a whole day, to the same time the next day; an end at 00:00 has no tail', () => {
    expect(pieces(w('TUESDAY', '10:00', '10:00'))).toEqual([
      { day: 1, from: 600, to: 1440, tail: false },
      { day: 2, from: 0, to: 600, tail: true },
    ]);
    expect(pieces(w('TUESDAY', '22:00', '00:00'))).toEqual([{ day: 1, from: 1320, to: 1440, tail: false }]);
    expect(pieces(w('TUESDAY', '00:00', '00:00'))).toEqual([{ day: 1, from: 0, to: 1440, tail: false }]);
  });
  it('reads HH:MM:SS as the API may send it', () => {
    expect(pieces(w('WEDNESDAY', '09:15:00', '17:45:00'))).toEqual([{ day: 2, from: 555, to: 1065, tail: false }]);
  });
});

describe('span', () => {
  it('[start, end) on its day; end ≤ start runs into the next day; start = end is 24 hours', () => {
    expect(span(w('MONDAY', '08:00', '20:00'))).toEqual({ day: 0, from: 480, to: 1200 });
    expect(span(w('SATURDAY', '18:00', '02:00'))).toEqual({ day: 5, from: 1080, to: 1560 });
    expect(span(w('SUNDAY', '10:00', '10:00'))).toEqual({ day: 6, from: 600, to: 2040 });
    expect(span(w('TUESDAY', '00:00', '00:00'))).toEqual({ day: 1, from: 0, to: 1440 });
    expect(span(w('TUESDAY', '22:00', '00:00'))).toEqual({ day: 1, from: 1320, to: 1440 });
  });
  it('ends next day exactly when end ≤ start', () => {
    expect(endsNextDay(w('MONDAY', '08:00', '20:00'))).toBe(false);
    expect(endsNextDay(w('MONDAY', '18:00', '02:00'))).toBe(true);
    expect(endsNextDay(w('MONDAY', '22:00', '00:00'))).toBe(true);
    expect(endsNextDay(w('MONDAY', '09:30', '09:30'))).toBe(true);
    expect(endsNextDay(w('MONDAY', '00:00', '00:00'))).toBe(true);
    expect(endsNextDay(w('MONDAY', '2:00', '22:00'))).toBe(false); // minutes, not text order
  });
});
