// GraphQL scalars. Money travels as a string in its brand's currency's unit and is an Amount
// (bigint thousandths, src/domain/money.ts) inside.
import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { quote } from '../domain/errors.ts';
import { isCalendarDate } from '../domain/time.ts';
import { builder } from './builder.ts';

// Instants the service accepts anywhere (a spend's occurredAt, previewEnforcement's and a
// backtest's bounds, the REST API's): from 2000-01-01 to the end of 2999, UTC. Outside that no
// ad spend happened, and PostgreSQL's calendar arithmetic differs from JavaScript's (there is no
// year 0). A spend is further refused more than 5 minutes in the future (FUTURE_SPEND).
export const EARLIEST_INSTANT = new Date('2000-01-01T00:00:00.000Z');
export const LATEST_INSTANT = new Date('2999-12-31T23:59:59.999Z');

function inRange(value: Date): Date {
  if (value < EARLIEST_INSTANT || value > LATEST_INSTANT) {
    throw new GraphQLError(
      `DateTime must be from ${EARLIEST_INSTANT.toISOString()} to ${LATEST_INSTANT.toISOString()}; got ${value.toISOString()}`,
      { extensions: { code: 'INVALID_ARGUMENT' } },
    );
  }
  return value;
}

const dateTime = DateTimeResolver.toConfig();
builder.addScalarType(
  'DateTime',
  new GraphQLScalarType({
    ...dateTime,
    description: `${dateTime.description ?? 'An instant'} Accepted from 2000-01-01T00:00:00Z to 2999-12-31T23:59:59.999Z.`,
    parseValue: (value) => inRange(dateTime.parseValue!(value) as Date),
    parseLiteral: (node, variables) => inRange(dateTime.parseLiteral!(node, variables) as Date),
  }),
  {},
);

// A scalar cannot know the currency, which fixes the unit: input passes through as given, and the
// engine parses it against its brand's currency with the field's name, so a bad amount (a JSON
// number too) is refused as INVALID_MONEY naming `dailyBudget` or `inputs[3].amount`, not an
// anonymous scalar, and one bad item of a batch does not fail the others. Output is written by
// the field's resolver, which knows the brand (formatMoney).
builder.scalarType('Money', {
  description:
    'An exact amount of money in its brand\'s currency, as a decimal string in the currency\'s minor unit (ISO 4217): "25.50" USD, "2550" JPY, "25.500" KWD. Input: `-?[0-9]+(\\.[0-9]+)?` with at most the currency\'s decimals ("5" is "5.00" USD; "1e3" and "1234.5" JPY are refused), within ±9999999999 major units. An amount recorded before units were per currency that is finer than its unit (cents of yen) is answered with the decimals it needs, never rounded.',
  serialize: (text) => {
    if (typeof text !== 'string') throw new TypeError(`a Money answer must be written in its currency (formatMoney); got ${typeof text}`);
    return text;
  },
  parseValue: (value) => value as string,
  parseLiteral: (node, variables) => valueFromASTUntyped(node, variables) as string,
});

builder.scalarType('TimeZone', {
  description: 'An IANA time zone name PostgreSQL knows, like "Europe/Paris".',
  serialize: (tz) => tz as string,
  parseValue: (value) => value as string, // checked with its field's name by the engine, like Money
});

builder.scalarType('Date', {
  description: 'A calendar date, YYYY-MM-DD (brand-local where it is a spend date).',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)),
  parseValue: (value) => parseDate(value),
  parseLiteral: (node) => parseDate(node.kind === Kind.STRING ? node.value : null),
});

builder.scalarType('LocalTime', {
  description: 'A wall-clock time, HH:MM from 00:00 to 23:59 (HH:MM:00 accepted).',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(11, 16) : String(value).slice(0, 5)),
  // checked with its field's name by the engine, like Money
  parseValue: (value) => value as string,
  parseLiteral: (node, variables) => valueFromASTUntyped(node, variables) as string,
});

function parseDate(value: unknown): string {
  if (isCalendarDate(value)) return value;
  throw new GraphQLError(`Date must be a real calendar date like "2026-11-26"; got ${quote(value)}`, {
    extensions: { code: 'INVALID_ARGUMENT' },
  });
}
