// The OpenAPI 3 document of the REST API (GET /api/schema/; Swagger UI at /api/docs), written from
// the same table and GraphQL types the routes are (resources.ts, operations.ts): it describes
// exactly the routes there are, grouped by resource, and its examples are run by a test.
import type { GraphQLSchema } from 'graphql';
import { PAGE } from '../../graphql/builder.ts';
import { MAX_OFFSET } from '../../graphql/helpers.ts';
import { argSchema, inputFields, inputSchema, outputSchema, restName, type Schema } from './fields.ts';
import type { enforcementOperation, Operations } from './operations.ts';
import { MAX_CSV_ROWS } from './csv.ts';
import { ENFORCEMENT, MAX_UNPAGED } from './resources.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema, example?: unknown) => ({
  content: { 'application/json': { schema, ...(example === undefined ? {} : { example }) } },
});

/** The refusals every operation may answer; each adds its own. */
const REFUSALS = {
  '401': { description: 'no API key, or a wrong or revoked one', ...json(ref('Detail')) },
  '403': { description: "the key's role may not do this", ...json(ref('Detail')) },
};
const INVALID = { description: 'a mistake in a field: {"field": ["message"], "code": "INVALID_…"}', ...json(ref('ValidationError')) };
const NOT_FOUND = {
  description: 'no such object, or one of a brand the key does not see: {"detail": "Not found."}',
  ...json(ref('Detail')),
};
const CONFLICT = {
  description: 'a conflict: a duplicate name or reference, history that forbids deleting, an archived campaign',
  ...json(ref('Detail')),
};

export function openApi(
  schema: GraphQLSchema,
  resources: Map<string, Operations>,
  enforcement: ReturnType<typeof enforcementOperation>,
): Record<string, unknown> {
  const mutationText = (field: string) => schema.getMutationType()!.getFields()[field]?.description ?? undefined;
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, Schema> = {
    Detail: {
      type: 'object',
      properties: {
        detail: { type: 'string' },
        code: { type: 'string', description: 'the error code, as GraphQL answers it (extensions.code)' },
        field: { type: 'string', description: 'the field at fault, when one is' },
      },
      required: ['detail', 'code'],
    },
    ValidationError: {
      type: 'object',
      description: 'each field at fault with its messages, and the error code',
      properties: { code: { type: 'string' } },
      additionalProperties: { type: 'array', items: { type: 'string' } },
    },
  };
  const id = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
  for (const ops of resources.values()) {
    const r = ops.resource;
    const T = ops.type.name;
    const tags = [r.tag];
    schemas[T] = outputSchema(ops.type, r.fields);
    schemas[`Paginated${T}List`] = {
      type: 'object',
      properties: {
        count: { type: 'integer' },
        next: { type: 'string', format: 'uri', nullable: true },
        previous: { type: 'string', format: 'uri', nullable: true },
        results: { type: 'array', items: ref(T) },
      },
    };
    const state = stateSchema(ops);
    const collection: Record<string, unknown> = {
      get: {
        tags,
        operationId: `${r.name}_list`,
        summary: `List ${r.name}`,
        description: `A JSON array of every ${T.toLowerCase()} the key sees (at most ${MAX_UNPAGED}: past that, page with limit and offset); with limit or offset, a page. With \`Accept: text/csv\`: the same rows as a CSV file, streamed (every matching row without limit and offset, at most ${MAX_CSV_ROWS}).`,
        parameters: [
          ...paging(),
          ...ops.filters.map((f) => ({
            name: f.rest,
            in: 'query',
            required: false,
            schema: { ...argSchema(f.arg.type), nullable: undefined },
            ...described(f.arg.description),
            ...FILTER_EXAMPLES[f.rest],
          })),
        ],
        responses: {
          '200': {
            description: 'the list, or a page of it',
            content: {
              ...json({ oneOf: [{ type: 'array', items: ref(T) }, ref(`Paginated${T}List`)] }).content,
              'text/csv': { schema: { type: 'string', description: CSV, example: csvExample(schemas[T]!) } },
            },
            headers: {
              'Content-Disposition': {
                schema: { type: 'string', example: `attachment; filename="${r.name}.csv"` },
                description: 'CSV only',
              },
              'X-Total-Count': { schema: { type: 'integer' }, description: 'CSV only: the rows matching the filters' },
            },
          },
          '400': INVALID,
          ...REFUSALS,
        },
      },
    };
    if (ops.createInput) {
      schemas[`${T}Create`] = withExtra(inputSchema(ops.createInput, ops.required.create), state);
      collection.post = {
        tags,
        operationId: `${r.name}_create`,
        summary: `Create a ${T.toLowerCase()}`,
        description: ops.createInput.description ?? undefined,
        requestBody: { required: true, ...json(ref(`${T}Create`), r.examples.create) },
        responses: {
          '201': { description: 'created', ...json(ref(T)) },
          ...(r.create?.existing
            ? { '200': { description: 'recorded before (the same source and external_id): the original', ...json(ref(T)) } }
            : {}),
          '400': INVALID,
          ...REFUSALS,
          '409': CONFLICT,
        },
      };
    }
    paths[`/api/${r.name}/`] = collection;
    const detail: Record<string, unknown> = {};
    if (ops.docs.retrieve) {
      detail.get = {
        tags,
        operationId: `${r.name}_retrieve`,
        summary: `One ${T.toLowerCase()}`,
        parameters: [id],
        responses: { '200': { description: T, ...json(ref(T)) }, ...REFUSALS, '404': NOT_FOUND },
      };
    }
    if (ops.updateInput) {
      const createFields = inputFields(ops.createInput!);
      const fixed = Object.fromEntries(
        ops.fixed.map((name) => [
          name,
          { ...argSchema(createFields.get(name)!.type), description: 'fixed at creation: accepted when unchanged' },
        ]),
      );
      schemas[`${T}Update`] = withExtra(inputSchema(ops.updateInput, ops.required.put), { ...fixed, ...state });
      schemas[`Patched${T}Update`] = { ...schemas[`${T}Update`], required: undefined };
      const responses = {
        '200': { description: 'updated', ...json(ref(T)) },
        '400': INVALID,
        ...REFUSALS,
        '404': NOT_FOUND,
        '409': CONFLICT,
      };
      detail.put = {
        tags,
        operationId: `${r.name}_update`,
        summary: `Update a ${T.toLowerCase()} (every field it requires)`,
        description: READ_ONLY,
        parameters: [id],
        requestBody: { required: true, ...json(ref(`${T}Update`), r.examples.update) },
        responses,
      };
      detail.patch = {
        tags,
        operationId: `${r.name}_partial_update`,
        summary: `Update some fields of a ${T.toLowerCase()}`,
        description: READ_ONLY,
        parameters: [id],
        requestBody: { required: true, ...json(ref(`Patched${T}Update`), r.examples.partialUpdate) },
        responses,
      };
    }
    if (ops.docs.destroy) {
      detail.delete = {
        tags,
        operationId: `${r.name}_destroy`,
        summary: `Delete a ${T.toLowerCase()}`,
        description: mutationText(r.destroy!),
        parameters: [id],
        responses: { '204': { description: 'deleted' }, ...REFUSALS, '404': NOT_FOUND, '409': CONFLICT },
      };
    }
    if (Object.keys(detail).length) paths[`/api/${r.name}/{id}/`] = detail;
    for (const [action, field] of Object.entries(r.actions ?? {})) {
      paths[`/api/${r.name}/{id}/${action}/`] = {
        post: {
          tags,
          operationId: `${r.name}_${action}`,
          summary: `${action[0]!.toUpperCase()}${action.slice(1)} a ${T.toLowerCase()}`,
          description: mutationText(field),
          parameters: [id],
          responses: { '200': { description: T, ...json(ref(T)) }, ...REFUSALS, '404': NOT_FOUND, '409': CONFLICT },
        },
      };
    }
  }
  const resultType = enforcement.result;
  schemas.EnforcementRun = {
    type: 'object',
    properties: {
      task: {
        ...argSchema(enforcement.task.type),
        description: 'the task; the old management commands: enforce_budgets, enforce_dayparting, reset_daily, reset_monthly',
      },
    },
    required: ['task'],
  };
  schemas.EnforcementResult = outputSchema(resultType, ENFORCEMENT.selection);
  paths['/api/enforcement/run/'] = {
    post: {
      tags: ['Enforcement'],
      operationId: 'enforcement_run',
      summary: 'Run an enforcement task now, as the worker would',
      description: resultType.description ?? undefined,
      requestBody: { required: true, ...json(ref('EnforcementRun'), ENFORCEMENT.example) },
      responses: { '200': { description: 'what it changed', ...json(ref('EnforcementResult')) }, '400': INVALID, ...REFUSALS },
    },
  };
  return {
    openapi: '3.0.3',
    info: {
      title: 'Budget control REST API',
      version: '1.0.0',
      description:
        'The old system\'s REST API, in its words (Django REST Framework): snake_case fields, related objects by id, money as decimal strings, times as "HH:MM:SS", day_of_week 0 (Monday) to 6. GraphQL (/graphql) is the primary API; this one runs the same operations, keys and rules.',
    },
    security: [{ apiKey: [] }],
    tags: [...[...resources.values()].map((o) => ({ name: o.resource.tag })), { name: 'Enforcement' }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'an API key, bk_…: "Authorization: Bearer bk_…" or, as Django REST Framework sends it, "Authorization: Token bk_…"',
        },
      },
    },
  };
}

const CSV =
  "RFC 4180: a header row of the JSON field names, then a row per object in the same order; money exact in its currency's unit, dates the brand's, times ISO 8601 UTC (a spend's occurred_at_local: on the brand's clock); a list or object field as its JSON.";

/** The CSV header row of a schema's fields. */
const csvExample = (schema: Schema) => `${Object.keys(schema.properties as object).join(',')}\r\n`;

const READ_ONLY = 'Fields the object answers but no one writes (its id, spend figures, dates) may be sent back: they are ignored.';

const FILTER_EXAMPLES: Record<string, { example: string }> = {
  start_date: { example: '2024-06-01' },
  end_date: { example: '2024-06-30' },
};

function paging() {
  return [
    {
      name: 'limit',
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: PAGE.max },
      description: `rows per page (default ${PAGE.default} when offset is given): the answer is then {count, next, previous, results}`,
    },
    {
      name: 'offset',
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 0, maximum: MAX_OFFSET },
      description: 'rows to skip',
    },
  ];
}

function stateSchema(ops: Operations): Record<string, Schema> {
  const state = ops.resource.state;
  if (!state) return {};
  const field = ops.type.getFields()[state.field]!;
  return {
    [restName(field)]: {
      type: 'string',
      enum: Object.keys(state.actions),
      description: `set through ${Object.values(state.actions).join(' / ')} when it differs (PAUSED: paused by an operator; ACTIVE: the rules decide, a budget or window may keep it paused)`,
    },
  };
}

function withExtra(schema: Schema, extra: Record<string, Schema>): Schema {
  return { ...schema, properties: { ...(schema.properties as object), ...extra } };
}

const described = (description: string | null | undefined) => (description ? { description } : {});
