// GraphQL scalars. Money travels as a string with two decimals and is bigint cents inside.
import { GraphQLError, Kind } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { formatMoney } from '../domain/money.ts';
import { builder } from './builder.ts';

builder.addScalarType('DateTime', DateTimeResolver, {});

const notAString = () => new GraphQLError('Money must be a string like "25.50", never a number', { extensions: { code: 'INVALID_MONEY' } });

// Input stays a string here: the engine parses it with the field's name, so a bad amount is
// refused as INVALID_MONEY naming `dailyBudget` or `amount`, not an anonymous scalar.
builder.scalarType('Money', {
  description: 'An exact amount of money: a string with two decimals, like "25.50" (input: up to two decimals, ±9999999999.99).',
  serialize: (cents) => formatMoney(BigInt(cents as bigint)),
  parseValue: (value) => {
    if (typeof value !== 'string') throw notAString();
    return value;
  },
  parseLiteral: (node) => {
    if (node.kind !== Kind.STRING) throw notAString();
    return node.value;
  },
});

builder.scalarType('TimeZone', {
  description: 'An IANA time zone name PostgreSQL knows, like "Europe/Paris".',
  serialize: (tz) => tz as string,
  parseValue: (value) => {
    if (typeof value !== 'string') throw new GraphQLError('TimeZone must be a string', { extensions: { code: 'UNKNOWN_TIMEZONE' } });
    return value;
  },
});
