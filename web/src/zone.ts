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
