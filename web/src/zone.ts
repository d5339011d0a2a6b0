// Times on a brand's wall clock. A zone this browser does not know (a row stored before the service
// refused such zones, or a browser older than the zone) falls back to UTC, and the page says so where
// it names the zone: one bad row never stops a page or the live feed.

const formats = new Map<string, Intl.DateTimeFormat>();

export function knownZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A formatter on the zone's clock (UTC when the browser does not know the zone), made once per zone and options. */
export function zoneFormat(timeZone: string | null | undefined, options: Intl.DateTimeFormatOptions, locale?: string): Intl.DateTimeFormat {
  const zone = shownZone(timeZone ?? 'UTC');
  const id = JSON.stringify([zone, locale, options]);
  let format = formats.get(id);
  if (!format) formats.set(id, (format = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone })));
  return format;
}

/** The zone the times are shown in: the brand's, or UTC when the browser does not know it. */
export function shownZone(timeZone: string): string {
  return knownZone(timeZone) ? timeZone : 'UTC';
}

/** The zone's name as the page shows it: "Europe/Paris", or what is shown instead of a zone the browser does not know. */
export function zoneName(timeZone: string): string {
  return knownZone(timeZone) ? timeZone : `UTC (this browser does not know the brand's time zone "${timeZone}")`;
}

/**
 * The instant a zone's wall clock reads `wall` ("2026-12-02T18:00", as a datetime-local input
 * gives it). Read from the browser's own zone data: the offset at a first guess, then at the
 * instant it gives (which settles it on either side of a DST change; a wall time the clocks skip
 * comes out an hour on, one they pass twice as its later instant). The service checks the instant.
 */
export function wallToInstant(wall: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)$/.exec(wall);
  if (!m) return null;
  const asUtc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  const offset = (at: number) => {
    const parts = zoneFormat(
      timeZone,
      { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
      'en-GB',
    ).formatToParts(new Date(at));
    const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute')) - Math.floor(at / 60_000) * 60_000;
  };
  const first = asUtc - offset(asUtc);
  return new Date(asUtc - offset(first));
}
