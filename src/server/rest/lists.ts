// GET /api/<resource>/: every row the key sees as a JSON array (GraphQL's pages of 500 walked by
// cursor, up to MAX_UNPAGED rows), or with ?limit=&offset= one page as DRF's LimitOffsetPagination
// answers it: {count, next, previous, results}. Filters are the list field's GraphQL arguments.
import { PAGE } from '../../graphql/builder.ts';
import { MAX_OFFSET } from '../../graphql/helpers.ts';
import { fromQuery, mistakeIn, toRest } from './fields.ts';
import { RestError, restJson } from './errors.ts';
import type { Operations } from './operations.ts';
import { MAX_UNPAGED } from './resources.ts';
import { gql, type Call } from './run.ts';

export async function list(call: Call, ops: Operations): Promise<Response> {
  const { variables, names } = filtersOf(call.url, ops);
  const paging = pagingOf(call.url);
  const all: Record<string, unknown>[] = [];
  let count = 0;
  if (ops.resource.list.connection) {
    type Connection = {
      totalCount?: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: Record<string, unknown> }[];
    };
    let after: string | null = null;
    do {
      const page: Connection = (
        await gql(
          call,
          ops.docs.list,
          {
            ...variables,
            ...(paging ? { first: paging.limit, offset: paging.offset } : { first: PAGE.max, after }),
            count: after === null,
          },
          names,
        )
      ).list as Connection;
      if (after === null) count = page.totalCount!;
      if (!paging && count > MAX_UNPAGED) throw tooMany(count);
      all.push(...page.edges.map((e) => e.node));
      after = !paging && page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after !== null);
  } else {
    const rows = (await gql(call, ops.docs.list, variables, names)).list as Record<string, unknown>[];
    count = rows.length;
    if (!paging && count > MAX_UNPAGED) throw tooMany(count);
    all.push(...(paging ? rows.slice(paging.offset, paging.offset + paging.limit) : rows));
  }
  const results = all.map((row) => toRest(row, ops.type));
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

const tooMany = (count: number) =>
  RestError.field(
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
