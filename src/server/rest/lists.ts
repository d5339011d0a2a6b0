// GET /api/<resource>/: every row the key sees as a JSON array (GraphQL's pages of 500 walked by
// cursor, up to MAX_UNPAGED rows), or with ?limit=&offset= one page as DRF's LimitOffsetPagination
// answers it: {count, next, previous, results}. Filters are the list field's GraphQL arguments.
// With Accept: text/csv the same rows as CSV (csv.ts), streamed, up to MAX_CSV_ROWS.
import { PAGE } from '../../graphql/builder.ts';
import { MAX_OFFSET } from '../../graphql/helpers.ts';
import { csvResponse, MAX_CSV_ROWS, wantsCsv } from './csv.ts';
import { fromQuery, mistakeIn, outputSchema, toRest } from './fields.ts';
import { RestError, restErrorBody, restJson } from './errors.ts';
import type { Operations } from './operations.ts';
import { MAX_UNPAGED } from './resources.ts';
import { gql, Refused, type Call } from './run.ts';

export async function list(call: Call, ops: Operations): Promise<Response> {
  const { variables, names } = filtersOf(call.url, ops);
  const paging = pagingOf(call.url);
  const csv = wantsCsv(call.request);
  const pages = pagesOf(call, ops, variables, names, paging);
  // the first page before answering: a filter GraphQL refuses is a 400, as too many rows are
  const first = (await pages.next()).value!;
  const count = first.count;
  if (!paging && count > (csv ? MAX_CSV_ROWS : MAX_UNPAGED)) throw tooMany(count, csv);
  if (csv) {
    const header = Object.keys(outputSchema(ops.type, ops.resource.fields).properties as object);
    const rows = (async function* () {
      yield first.rows;
      for await (const page of pages) yield page.rows;
    })();
    return csvResponse(`${ops.resource.name}.csv`, header, rows, { 'x-total-count': String(count) }, call.cut);
  }
  const results = [...first.rows];
  for await (const page of pages) results.push(...page.rows);
  if (!paging) return restJson(200, results);
  const { limit, offset } = paging;
  const at = (o: number | null) => {
    if (o === null) return null;
    const url = new URL(call.url);
    url.searchParams.set('limit', String(limit));
    if (o > 0) url.searchParams.set('offset', String(o));
    else url.searchParams.delete('offset');
    return url.toString();
  };
  return restJson(200, {
    count,
    next: at(offset + limit < count ? offset + limit : null),
    previous: at(offset > 0 ? Math.max(0, offset - limit) : null),
    results,
  });
}

/**
 * The rows in REST's words, a page at a time: with paging the one page asked for, else every
 * row (GraphQL's pages of 500 walked by cursor, each read when the one before is used). count:
 * every matching row's, on the first page.
 */
async function* pagesOf(
  call: Call,
  ops: Operations,
  variables: Record<string, unknown>,
  names: Map<string, string>,
  paging: { limit: number; offset: number } | null,
): AsyncGenerator<{ count: number; rows: Record<string, unknown>[] }> {
  const rest = (rows: Record<string, unknown>[]) => rows.map((row) => toRest(row, ops.type) as Record<string, unknown>);
  if (!ops.resource.list.connection) {
    const rows = (await gql(call, ops.docs.list, variables, names)).list as Record<string, unknown>[];
    yield { count: rows.length, rows: rest(paging ? rows.slice(paging.offset, paging.offset + paging.limit) : rows) };
    return;
  }
  type Connection = {
    totalCount?: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: Record<string, unknown> }[];
  };
  let after: string | null = null;
  do {
    // a key revoked during a long export stops it at its next page, as it ends a subscription
    if (after !== null && !(await call.stillValid())) throw revoked();
    const page: Connection = (
      await gql(
        call,
        ops.docs.list,
        { ...variables, ...(paging ? { first: paging.limit, offset: paging.offset } : { first: PAGE.max, after }), count: after === null },
        names,
      )
    ).list as Connection;
    yield { count: page.totalCount ?? 0, rows: rest(page.edges.map((e) => e.node)) };
    after = !paging && page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after !== null);
}

const revoked = () =>
  new Refused(restJson(401, restErrorBody(401, 'UNAUTHENTICATED', 'this API key has been revoked'), { 'www-authenticate': 'Bearer' }));

const tooMany = (count: number, csv: boolean) =>
  csv
    ? new RestError(
        'INVALID_ARGUMENT',
        `${count} rows match, more than the ${MAX_CSV_ROWS} a CSV export answers at once: narrow the filters, or page with ?limit=&offset=`,
      )
    : RestError.field(
        'INVALID_ARGUMENT',
        'limit',
        `${count} rows match, more than the ${MAX_UNPAGED} a list answers at once: page them with ?limit=&offset=, or narrow the filters`,
      );

/** ?limit= (1–500) and ?offset=; null when neither is given (a plain array). */
function pagingOf(url: URL): { limit: number; offset: number } | null {
  const limit = url.searchParams.get('limit');
  const offset = url.searchParams.get('offset');
  if (limit === null && offset === null) return null;
  const whole = (text: string | null, name: string, min: number, max: number, fallback: number) => {
    if (text === null || text === '') return fallback;
    if (!/^[0-9]+$/.test(text) || Number(text) < min || Number(text) > max) {
      throw RestError.field('INVALID_ARGUMENT', name, `${name} must be a whole number from ${min} to ${max}; got ${JSON.stringify(text)}`);
    }
    return Number(text);
  };
  return { limit: whole(limit, 'limit', 1, PAGE.max, PAGE.default), offset: whole(offset, 'offset', 0, MAX_OFFSET, 0) };
}

/** The filters of the query string as GraphQL variables (empty ones ignored, as django-filter does). */
function filtersOf(url: URL, ops: Operations) {
  const variables: Record<string, unknown> = {};
  const names = new Map<string, string>([
    ['first', 'limit'],
    ['offset', 'offset'],
  ]);
  const errors: Record<string, string[]> = {};
  for (const { rest, arg } of ops.filters) {
    names.set(arg.name, rest);
    const text = url.searchParams.get(rest);
    if (text === null || text === '') continue;
    const value = fromQuery(text, arg.type);
    const mistake = mistakeIn(value, arg.type);
    if (mistake) errors[rest] = [mistake];
    variables[arg.name] = value;
  }
  if (Object.keys(errors).length) throw new RestError('INVALID_ARGUMENT', Object.values(errors)[0]![0]!, errors);
  return { variables, names };
}
