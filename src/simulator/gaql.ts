// The part of the Google Ads Query Language the connectors send: SELECT fields FROM a resource,
// WHERE conditions joined by AND (=, !=, <, <=, >, >=, IN, NOT IN, BETWEEN … AND …, DURING),
// ORDER BY, LIMIT. A query outside it is refused with the QueryError Google would give (or a
// plain one naming what the simulator lacks), never answered wrongly.

import { addDays, isoDate } from './zone.ts';

export type Op = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'IN' | 'NOT IN' | 'BETWEEN' | 'DURING';

export interface Condition {
  field: string;
  op: Op;
  /** literal values, unquoted ('2026-12-06' → 2026-12-06; ENABLED → ENABLED) */
  values: string[];
}

export interface Query {
  select: string[];
  from: string;
  where: Condition[];
  orderBy: { field: string; desc: boolean }[];
  limit: number | null;
}

/** A refusal in Google's words: the errorCode ({ queryError: 'BAD_FIELD_NAME' }) and a message. */
export class QueryFailure extends Error {
  constructor(
    readonly errorCode: Record<string, string>,
    message: string,
  ) {
    super(message);
  }
}

type Token = { kind: 'word' | 'string' | 'number' | 'symbol'; text: string };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s+|([A-Za-z_][A-Za-z0-9_.]*)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?[0-9]+(?:\.[0-9]+)?)|(!=|<=|>=|[=<>(),])/y;
  let at = 0;
  while (at < query.length) {
    re.lastIndex = at;
    const m = re.exec(query);
    if (!m) throw new QueryFailure({ queryError: 'BAD_SYMBOL' }, `Error in query: unexpected input ${query.slice(at, at + 20)}.`);
    at = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'word', text: m[1] });
    else if (m[2] !== undefined || m[3] !== undefined) tokens.push({ kind: 'string', text: (m[2] ?? m[3])!.replace(/\\(.)/g, '$1') });
    else if (m[4] !== undefined) tokens.push({ kind: 'number', text: m[4] });
    else if (m[5] !== undefined) tokens.push({ kind: 'symbol', text: m[5] });
  }
  return tokens;
}

export function parseQuery(query: unknown): Query {
  if (typeof query !== 'string' || query.trim() === '')
    throw new QueryFailure({ queryError: 'QUERY_NOT_SPECIFIED' }, 'The query is empty.');
  const tokens = tokenize(query);
  let i = 0;
  const peek = () => tokens[i];
  const isWord = (word: string) => peek()?.kind === 'word' && peek()!.text.toUpperCase() === word;
  const expectWord = (word: string, code: string) => {
    if (!isWord(word))
      throw new QueryFailure(
        { queryError: code },
        `Error in query: expected ${word}${peek() ? ` near '${peek()!.text}'` : ' before the end of the query'}.`,
      );
    i++;
  };
  const field = () => {
    const t = tokens[i++];
    if (t?.kind !== 'word' || !t.text.includes('.'))
      throw new QueryFailure({ queryError: 'BAD_FIELD_NAME' }, `Error in query: expected a field name${t ? ` near '${t.text}'` : ''}.`);
    return t.text.toLowerCase();
  };
  const literal = () => {
    const t = tokens[i++];
    if (!t || t.kind === 'symbol')
      throw new QueryFailure({ queryError: 'BAD_VALUE' }, `Error in query: expected a value${t ? ` near '${t.text}'` : ''}.`);
    return t.text;
  };

  expectWord('SELECT', 'EXPECTED_SELECT');
  const select = [field()];
  while (peek()?.text === ',') {
    i++;
    select.push(field());
  }
  expectWord('FROM', 'EXPECTED_FROM');
  const from = tokens[i++];
  if (from?.kind !== 'word')
    throw new QueryFailure({ queryError: 'BAD_RESOURCE_TYPE_IN_FROM_CLAUSE' }, 'Error in query: expected a resource after FROM.');

  const where: Condition[] = [];
  if (isWord('WHERE')) {
    i++;
    for (;;) {
      const f = field();
      let op: Op;
      if (peek()?.kind === 'symbol' && ['=', '!=', '<', '<=', '>', '>='].includes(peek()!.text)) op = tokens[i++]!.text as Op;
      else if (isWord('NOT')) {
        i++;
        expectWord('IN', 'BAD_OPERATOR');
        op = 'NOT IN';
      } else if (['IN', 'BETWEEN', 'DURING'].some(isWord)) op = tokens[i++]!.text.toUpperCase() as Op;
      else
        throw new QueryFailure(
          { queryError: 'BAD_OPERATOR' },
          `Error in query: the simulator supports =, !=, <, <=, >, >=, IN, NOT IN, BETWEEN and DURING${peek() ? `, not '${peek()!.text}'` : ''}.`,
        );
      const values: string[] = [];
      if (op === 'IN' || op === 'NOT IN') {
        if (peek()?.text !== '(')
          throw new QueryFailure({ queryError: 'EXPECTED_LEFT_PARENTHESIS' }, 'Error in query: IN takes a list in parentheses.');
        i++;
        values.push(literal());
        while (peek()?.text === ',') {
          i++;
          values.push(literal());
        }
        if (tokens[i++]?.text !== ')')
          throw new QueryFailure({ queryError: 'EXPECTED_RIGHT_PARENTHESIS' }, 'Error in query: expected ) to close the list.');
      } else if (op === 'BETWEEN') {
        values.push(literal());
        expectWord('AND', 'EXPECTED_AND');
        values.push(literal());
      } else values.push(literal());
      where.push({ field: f, op, values });
      if (!isWord('AND')) break;
      i++;
    }
  }

  const orderBy: Query['orderBy'] = [];
  if (isWord('ORDER')) {
    i++;
    expectWord('BY', 'EXPECTED_BY');
    for (;;) {
      const f = field();
      let desc = false;
      if (isWord('DESC') || isWord('ASC')) desc = tokens[i++]!.text.toUpperCase() === 'DESC';
      orderBy.push({ field: f, desc });
      if (peek()?.text !== ',') break;
      i++;
    }
  }

  let limit: number | null = null;
  if (isWord('LIMIT')) {
    i++;
    const t = tokens[i++];
    if (t?.kind !== 'number' || !/^[0-9]+$/.test(t.text) || Number(t.text) < 1)
      throw new QueryFailure({ queryError: 'BAD_LIMIT_VALUE' }, 'Error in query: LIMIT takes a whole number ≥ 1.');
    limit = Number(t.text);
  }
  if (isWord('PARAMETERS')) throw new QueryFailure({ queryError: 'BAD_PARAMETER_NAME' }, 'The simulator takes no PARAMETERS clause.');
  if (i < tokens.length)
    throw new QueryFailure({ queryError: 'UNEXPECTED_INPUT' }, `Error in query: unexpected input '${tokens[i]!.text}'.`);
  return { select, from: from.text.toLowerCase(), where, orderBy, limit };
}

// Dates in GAQL: 'YYYY-MM-DD' or 'YYYYMMDD', date-times 'YYYY-MM-DD HH:MM:SS[.ffffff]', and the
// predefined ranges of DURING, all in the account's days.

export function dateOf(text: string): string {
  const date = isoDate(text);
  if (!date) throw new QueryFailure({ queryError: 'BAD_VALUE' }, `Error in query: '${text}' is not a date (YYYY-MM-DD or YYYYMMDD).`);
  return date;
}

/** 'YYYY-MM-DD[ HH:MM:SS[.ffffff]]' → 'YYYY-MM-DD HH:MM:SS.ffffff', comparable as text. */
export function dateTime(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?)?$/.exec(text);
  if (!m || !isoDate(m[1]!))
    throw new QueryFailure({ queryError: 'BAD_VALUE' }, `Error in query: '${text}' is not a date and time (YYYY-MM-DD HH:MM:SS).`);
  return `${m[1]} ${m[2] ?? '00:00:00'}.${(m[3] ?? '').padEnd(6, '0')}`;
}

/** The [first, last] dates the segments.date conditions allow, or null when they leave it open. */
export function dateSpan(conds: Condition[], today: string): [string, string] | null {
  let lo: string | null = null;
  let hi: string | null = null;
  const atLeast = (d: string) => (lo = lo === null || d > lo ? d : lo);
  const atMost = (d: string) => (hi = hi === null || d < hi ? d : hi);
  for (const c of conds) {
    const v = c.op === 'DURING' ? during(c.values[0]!, today) : c.values.map(dateOf);
    const sorted = [...v].sort();
    if (['=', 'BETWEEN', 'DURING', 'IN'].includes(c.op)) {
      atLeast(sorted[0]!);
      atMost(sorted.at(-1)!);
    } else if (c.op === '>=') atLeast(v[0]!);
    else if (c.op === '>') atLeast(addDays(v[0]!, 1));
    else if (c.op === '<=') atMost(v[0]!);
    else if (c.op === '<') atMost(addDays(v[0]!, -1));
  }
  return lo !== null && hi !== null ? [lo, hi] : null;
}

/** GAQL's predefined date ranges, in the account's days. */
export function during(name: string, today: string): [string, string] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  const monday = addDays(today, -((weekday + 6) % 7));
  const sunday = addDays(today, -weekday);
  const monthStart = `${today.slice(0, 8)}01`;
  const ranges: Record<string, [string, string]> = {
    TODAY: [today, today],
    YESTERDAY: [addDays(today, -1), addDays(today, -1)],
    LAST_7_DAYS: [addDays(today, -7), addDays(today, -1)],
    LAST_14_DAYS: [addDays(today, -14), addDays(today, -1)],
    LAST_30_DAYS: [addDays(today, -30), addDays(today, -1)],
    THIS_MONTH: [monthStart, addDays(`${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, '0')}-01`, -1)],
    LAST_MONTH: [`${m === 1 ? y - 1 : y}-${String(m === 1 ? 12 : m - 1).padStart(2, '0')}-01`, addDays(monthStart, -1)],
    THIS_WEEK_MON_TODAY: [monday, today],
    THIS_WEEK_SUN_TODAY: [sunday, today],
    LAST_WEEK_MON_SUN: [addDays(monday, -7), addDays(monday, -1)],
    LAST_WEEK_SUN_SAT: [addDays(sunday, -7), addDays(sunday, -1)],
    LAST_BUSINESS_WEEK: [addDays(monday, -7), addDays(monday, -3)],
  };
  const range = ranges[name.toUpperCase()];
  if (!range)
    throw new QueryFailure(
      { queryError: 'INVALID_VALUE_WITH_DURING_OPERATOR' },
      `Error in query: DURING takes one of ${Object.keys(ranges).join(', ')}; got '${name}'.`,
    );
  return range;
}
