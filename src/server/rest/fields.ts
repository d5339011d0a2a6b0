// The REST API's words for GraphQL's: every name and value is derived from the schema's types, so
// a field added to a GraphQL type or input is a word in a resource's selection (resources.ts), not
// a second definition. Names: camelCase → snake_case, and a relation's id by the relation's name
// (brandId → "brand", as Django REST Framework answers a foreign key). Values: by GraphQL type
// (CODECS): a window's day as Python's weekday() (0 = Monday) with its name beside it, a LocalTime
// as "HH:MM:SS", money as a decimal string in its brand currency's unit (a JSON number is taken too,
// as DRF's DecimalField does; GraphQL's engine checks it against the currency).
import {
  coerceInputValue,
  getNamedType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLInputField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLType,
} from 'graphql';
import { DAYS } from '../../domain/time.ts';

/** The REST name of a GraphQL field, argument or input field. */
export function restName(field: { name: string; type: GraphQLType }): string {
  const relation = field.name !== 'id' && /Id$/.test(field.name) && getNamedType(field.type).name === 'ID';
  return snake(relation ? field.name.slice(0, -2) : field.name);
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const dayName = (day: string) => day[0] + day.slice(1).toLowerCase();

/** A value the REST layer refuses before GraphQL sees it, at its field. */
export class FieldError extends Error {}

/** An OpenAPI 3.0 schema object (the subset we write). */
export type Schema = Record<string, unknown>;

interface Codec {
  out?: (value: unknown) => unknown;
  in?: (value: unknown) => unknown;
  schema: Schema;
  /** a field answered beside this one */
  beside?: { name: string; value: (value: unknown) => unknown; schema: Schema };
}

const DAY_RANGE = `0 (Monday) to 6 (Sunday), as Python's weekday()`;

/** How a GraphQL scalar or enum travels in REST, by its type's name. */
const CODECS: Record<string, Codec> = {
  ID: { schema: { type: 'string', format: 'uuid' } },
  String: { schema: { type: 'string' } },
  Int: { schema: { type: 'integer' } },
  Float: { schema: { type: 'number' } },
  Boolean: { schema: { type: 'boolean' } },
  Money: {
    in: (v) => (typeof v === 'number' ? String(v) : v),
    schema: {
      type: 'string',
      format: 'decimal',
      pattern: '^-?[0-9]+(\\.[0-9]{1,3})?$',
      example: '100.00',
      description: 'in the brand currency\'s unit, with at most its decimals (ISO 4217): "2550" JPY, "25.50" USD, "25.500" KWD',
    },
  },
  DateTime: { schema: { type: 'string', format: 'date-time' } },
  Date: { schema: { type: 'string', format: 'date', example: '2024-06-26' } },
  TimeZone: { schema: { type: 'string', example: 'Europe/Paris' } },
  LocalTime: {
    out: (v) => `${String(v)}:00`,
    schema: { type: 'string', format: 'time', pattern: '^[0-2][0-9]:[0-5][0-9](:00)?$', example: '09:00:00' },
  },
  DayOfWeek: {
    out: (v) => DAYS.indexOf(v as (typeof DAYS)[number]),
    in: (v) => {
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 7) return DAYS[v];
      if (typeof v === 'string' && /^[0-6]$/.test(v)) return DAYS[Number(v)];
      const named = typeof v === 'string' ? DAYS.find((d) => d === v.toUpperCase()) : undefined;
      if (named) return named;
      throw new FieldError(`must be ${DAY_RANGE}; got ${JSON.stringify(v)}`);
    },
    schema: { type: 'integer', minimum: 0, maximum: 6, description: DAY_RANGE },
    beside: {
      name: 'day_name',
      value: (v) => (v == null ? null : dayName(String(v))),
      schema: { type: 'string', enum: DAYS.map(dayName), readOnly: true },
    },
  },
};

/** Beside some fields, by name: whether the row is archived. */
const BESIDE_FIELD: Record<string, Codec['beside']> = {
  archivedAt: { name: 'archived', value: (v) => v != null, schema: { type: 'boolean', readOnly: true } },
};

/** By name: fields GraphQL answers as JSON text, answered here as the JSON they hold (the audit trail's before and after). */
const JSON_TEXT = new Set(['before', 'after']);
const jsonText = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);

function codecOf(type: GraphQLType): Codec {
  const named = getNamedType(type);
  const codec = CODECS[named.name];
  if (codec) return codec;
  if (isEnumType(named)) {
    // an enum is its value's name; a client may write it in any case ("paused")
    return {
      in: (v) => (typeof v === 'string' ? v.toUpperCase() : v),
      schema: { type: 'string', enum: named.getValues().map((v) => v.name) },
    };
  }
  return { schema: { type: 'string' } };
}

/** A GraphQL answer (an object of the selection's fields) in REST's words. */
export function toRest(value: unknown, type: GraphQLOutputType): unknown {
  if (value == null) return null;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return (value as unknown[]).map((v) => toRest(v, inner.ofType));
  if (!isObjectType(inner)) {
    const out = codecOf(inner).out;
    return out ? out(value) : value;
  }
  const fields = inner.getFields();
  const rest: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const field = fields[key];
    if (!field) continue;
    rest[restName(field)] = JSON_TEXT.has(field.name) ? jsonText(v) : toRest(v, field.type);
    const beside = codecOf(field.type).beside ?? BESIDE_FIELD[field.name];
    if (beside) rest[beside.name] = beside.value(v);
  }
  return rest;
}

/** The OpenAPI schema of a selection (field names, nested ones in braces) of an object type. */
export function outputSchema(type: GraphQLObjectType, selection: string): Schema {
  const properties: Record<string, Schema> = {};
  for (const [name, nested] of parseSelection(selection)) {
    const field = type.getFields()[name];
    if (!field) throw new Error(`${type.name} has no field ${name}`);
    properties[restName(field)] = {
      ...(JSON_TEXT.has(field.name) ? { type: 'object', nullable: true } : typeSchema(field.type, nested)),
      readOnly: true,
      ...describe(field, Object.values(type.getFields())),
    };
    const beside = codecOf(field.type).beside ?? BESIDE_FIELD[field.name];
    if (beside) properties[beside.name] = beside.schema;
  }
  return { type: 'object', properties };
}

function typeSchema(type: GraphQLType, nested: string | null): Schema {
  const nullable = !isNonNullType(type);
  const inner = isNonNullType(type) ? type.ofType : type;
  const schema: Schema = isListType(inner)
    ? { type: 'array', items: typeSchema(inner.ofType, nested) }
    : isObjectType(inner) && nested
      ? outputSchema(inner, nested)
      : { ...codecOf(inner).schema };
  return nullable ? { ...schema, nullable: true } : schema;
}

/** A GraphQL text (a description, an error's message) with GraphQL names in REST's words: [GraphQL name, REST name]. */
export function restText(text: string, names: Iterable<readonly [string, string]>): string {
  let out = text;
  for (const [name, rest] of names) if (rest !== name) out = out.replace(new RegExp(`\\b${name}\\b`, 'g'), rest);
  return out;
}

const namesOf = (fields: Iterable<{ name: string; type: GraphQLType }>) => [...fields].map((f) => [f.name, restName(f)] as const);

/** A field's description, in REST's words (its siblings' names too). */
const describe = (field: { description?: string | null | undefined }, siblings: Iterable<{ name: string; type: GraphQLType }> = []) =>
  field.description ? { description: restText(field.description, namesOf(siblings)) } : {};

/** "a b { c d } e" → [["a", null], ["b", "c d"], ["e", null]] */
function parseSelection(selection: string): [string, string | null][] {
  const out: [string, string | null][] = [];
  const tokens = selection.match(/[A-Za-z_]\w*|[{}]/g) ?? [];
  for (let i = 0; i < tokens.length; i++) {
    const name = tokens[i]!;
    if (tokens[i + 1] !== '{') {
      out.push([name, null]);
      continue;
    }
    let depth = 0;
    const start = i + 2;
    for (i++; i < tokens.length; i++) {
      if (tokens[i] === '{') depth++;
      if (tokens[i] === '}' && --depth === 0) break;
    }
    out.push([name, tokens.slice(start, i).join(' ')]);
  }
  return out;
}

/** The fields of an input type a REST body may hold, by REST name. */
export function inputFields(type: GraphQLInputObjectType): Map<string, GraphQLInputField> {
  return new Map(Object.values(type.getFields()).map((f) => [restName(f), f]));
}

export const requiredIn = (f: GraphQLInputField) => isNonNullType(f.type) && f.defaultValue === undefined;

/**
 * A REST body's fields for a GraphQL input: only those the input has (the others, such as the
 * figures a client read and sends back, are ignored, as DRF ignores read-only fields), each
 * converted and then coerced as GraphQL will, so that a mistake is named at its REST field.
 * `required`: REST names that must be present.
 */
export function fromRest(
  body: Record<string, unknown>,
  type: GraphQLInputObjectType,
  required: Iterable<string>,
): { input: Record<string, unknown>; errors: Record<string, string[]> } {
  const input: Record<string, unknown> = {};
  const errors: Record<string, string[]> = {};
  for (const name of required) if (body[name] === undefined) errors[name] = ['This field is required.'];
  for (const [name, field] of inputFields(type)) {
    const value = body[name];
    if (value === undefined || errors[name]) continue;
    try {
      input[field.name] = value === null ? null : fromRestValue(value, field.type);
      coerceInputValue(input[field.name], field.type, (_path, _value, error) => {
        throw new FieldError(error.message);
      });
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      errors[name] = [value === null ? 'This field may not be null.' : error.message];
    }
  }
  return { input, errors };
}

function fromRestValue(value: unknown, type: GraphQLInputType): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return Array.isArray(value) ? value.map((v) => fromRestValue(v, inner.ofType)) : value;
  const convert = isScalarType(inner) || isEnumType(inner) ? codecOf(inner).in : undefined;
  return convert ? convert(value) : value;
}

/** A query-string value for an argument of this type (GraphQL coerces it next). */
export function fromQuery(text: string, type: GraphQLInputType): unknown {
  const named = getNamedType(type).name;
  if (named === 'Boolean') return /^(true|1|yes)$/i.test(text) ? true : /^(false|0|no)$/i.test(text) ? false : text;
  if (named === 'Int') return /^-?[0-9]+$/.test(text) ? Number(text) : text;
  return fromRestValue(text, type);
}

/** Checks a value against an argument's type; the message of its first mistake, or null. */
export function mistakeIn(value: unknown, type: GraphQLInputType): string | null {
  let mistake: string | null = null;
  coerceInputValue(value, type, (_path, _value, error) => (mistake ??= error.message));
  return mistake;
}

/** The OpenAPI schema of a request body for an input type. */
export function inputSchema(type: GraphQLInputObjectType, required: readonly string[]): Schema {
  const properties: Record<string, Schema> = {};
  for (const [name, field] of inputFields(type))
    properties[name] = { ...argSchema(field.type), ...describe(field, Object.values(type.getFields())) };
  return { type: 'object', properties, ...(required.length ? { required: [...required] } : {}) };
}

/** The OpenAPI schema of an input value (a body's field, a query parameter). */
export function argSchema(type: GraphQLInputType): Schema {
  const inner = isNonNullType(type) ? type.ofType : type;
  const schema = isListType(inner) ? { type: 'array', items: argSchema(inner.ofType) } : { ...codecOf(inner).schema };
  return isNonNullType(type) ? schema : { ...schema, nullable: true };
}
