// A REST list as CSV (Accept: text/csv): RFC 4180 (CRLF lines, a field quoted when it holds a comma,
// a quote or a line break, its quotes doubled), a header row of the JSON answer's field names, each
// row the JSON answer's values as they are (money exact in its currency's unit, dates the brand's,
// times ISO 8601 UTC); a list or an object in a field (pause_reasons, an audit entry's before) as its
// JSON. Written as the rows arrive, page by page: an export of a million rows is never held whole.
import { log } from '../../log.ts';

const logger = log.child({ module: 'rest' });

/** At most this many rows in one export (more: narrow the filters). */
export const MAX_CSV_ROWS = 1_000_000;

/** Does the request ask for CSV (Accept: text/csv)? */
export function wantsCsv(request: Request): boolean {
  return /(^|,)\s*text\/csv\s*(;|,|$)/i.test(request.headers.get('accept') ?? '');
}

export function csvCell(value: unknown): string {
  if (value == null) return '';
  // an instant is a Date until the JSON answer's serialisation, which writes it as ISO 8601 UTC
  const raw = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // a text a spreadsheet would run as a formula (a description "=HYPERLINK(…)") starts with an
  // apostrophe, which shows it as text; a number (money "-25.50") is left exact
  const text = /^[=+\-@\t\r]/.test(raw) && !NUMBER.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

export const csvLine = (values: readonly unknown[]) => `${values.map(csvCell).join(',')}\r\n`;

/**
 * The answer: the header, then each batch of rows as `batches` yields it (pulled as the client
 * reads). A failure after the first bytes (the database, a key revoked meanwhile) is logged and
 * `cut` ends the connection: the client sees an unfinished answer, never a short one that looks whole.
 */
export function csvResponse(
  filename: string,
  header: readonly string[],
  batches: AsyncIterator<Record<string, unknown>[]>,
  headers: Record<string, string>,
  cut: () => void,
): Response {
  const encoder = new TextEncoder();
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvLine(header)));
        return;
      }
      try {
        const next = await batches.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(next.value.map((row) => csvLine(header.map((name) => row[name]))).join('')));
      } catch (error) {
        logger.warn({ err: error }, 'CSV export cut short');
        // the connection is ended first, so the stream's close cannot finish the answer; an
        // errored stream instead would be an unhandled rejection in the HTTP adapter
        cut();
        controller.close();
      }
    },
    cancel: () => void batches.return?.(),
  });
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      ...headers,
    },
  });
}
