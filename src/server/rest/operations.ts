// Each resource's GraphQL operations, written once from the table (resources.ts) and the schema:
// the documents a REST request runs, and the types its bodies and answers are converted with.
import {
  getNullableType,
  isInputObjectType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputObjectType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { inputFields, requiredIn, restName } from './fields.ts';
import { ENFORCEMENT, RESOURCES, type Resource } from './resources.ts';

export interface Filter {
  rest: string;
  arg: GraphQLArgument;
}

export interface Operations {
  resource: Resource;
  type: GraphQLObjectType;
  filters: Filter[];
  /** the inputs of create and update, when the resource has them */
  createInput?: GraphQLInputObjectType;
  updateInput?: GraphQLInputObjectType;
  /** REST names a create must give (its input's required fields); a PUT those of them it may change */
  required: { create: string[]; put: string[] };
  /** fields given at creation that never change (a campaign's brand): accepted on update when equal */
  fixed: string[];
  docs: {
    list: string;
    retrieve?: string;
    create?: string;
    update?: string;
    destroy?: string;
    actions: Record<string, string>;
  };
}

/** "audit-entries" → "AuditEntries": a path segment as part of a GraphQL operation's name */
const pascal = (name: string) =>
  name
    .split(/[-_]/)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

export function compile(resource: Resource, schema: GraphQLSchema): Operations {
  const type = schema.getType(resource.type);
  if (!isObjectType(type)) throw new Error(`no GraphQL type ${resource.type}`);
  const query = schema.getQueryType()!.getFields();
  const mutation = schema.getMutationType()!.getFields();
  const root = (fields: typeof query, name: string) => {
    const field = fields[name];
    if (!field) throw new Error(`no GraphQL root field ${name}`);
    return field;
  };
  const sel = resource.fields.replace(/\s+/g, ' ').trim();
  const op = (verb: string) => `Rest${pascal(resource.name)}${verb}`;

  const listField = root(query, resource.list.field);
  const filters = resource.list.filters.map((f) => {
    const [rest, name] = typeof f === 'string' ? [null, f] : f;
    const arg = listField.args.find((a) => a.name === name);
    if (!arg) throw new Error(`${listField.name} has no argument ${name}`);
    return { rest: rest ?? restName(arg), arg };
  });
  const vars = filters.map((f) => `$${f.arg.name}: ${String(f.arg.type)}`);
  const passed = filters.map((f) => `${f.arg.name}: $${f.arg.name}`);
  const list = resource.list.connection
    ? `query ${op('List')}($first: Int, $after: String, $offset: Int, $count: Boolean!${vars.map((v) => `, ${v}`).join('')}) {
        list: ${listField.name}(first: $first, after: $after, offset: $offset${passed.map((p) => `, ${p}`).join('')}) {
          totalCount @include(if: $count) pageInfo { hasNextPage endCursor } edges { node { ${sel} } } } }`
    : `query ${op('List')}${vars.length ? `(${vars.join(', ')})` : ''} { list: ${listField.name}${passed.length ? `(${passed.join(', ')})` : ''} { ${sel} } }`;

  const inputOf = (field: GraphQLField<unknown, unknown>) => {
    const input = field.args.find((a) => a.name === 'input')?.type;
    const named = input && 'ofType' in input ? input.ofType : input;
    if (!isInputObjectType(named)) throw new Error(`${field.name} takes no input`);
    return named;
  };
  const create = resource.create && root(mutation, resource.create.field);
  const update = resource.update ? root(mutation, resource.update) : undefined;
  const createInput = create && inputOf(create);
  const updateInput = update && inputOf(update);
  const createFields = createInput ? inputFields(createInput) : new Map();
  const updateFields = updateInput ? inputFields(updateInput) : new Map();
  const requiredOfCreate = [...createFields].filter(([, f]) => requiredIn(f)).map(([name]) => name as string);

  const answer = resource.create?.answer;
  const byId = (verb: string, field: string) => `mutation ${op(verb)}($id: ID!) { one: ${field}(id: $id) { ${sel} } }`;
  return {
    resource,
    type,
    filters,
    createInput,
    updateInput,
    required: { create: requiredOfCreate, put: requiredOfCreate.filter((name) => updateFields.has(name)) },
    fixed: [...createFields.keys()].filter((name) => !updateFields.has(name)),
    docs: {
      list,
      retrieve:
        resource.retrieve && `query ${op('Retrieve')}($id: ID!) { one: ${root(query, resource.retrieve).name}(id: $id) { ${sel} } }`,
      create:
        create &&
        `mutation ${op('Create')}($input: ${createInput!.name}!) { one: ${create.name}(input: $input) {
          ${answer ? `${resource.create!.existing ?? ''} ${answer} { ${sel} }` : sel} } }`,
      update:
        update &&
        `mutation ${op('Update')}($id: ID!, $input: ${updateInput!.name}!) { one: ${update.name}(id: $id, input: $input) { ${sel} } }`,
      destroy: resource.destroy && `mutation ${op('Destroy')}($id: ID!) { one: ${root(mutation, resource.destroy).name}(id: $id) }`,
      actions: Object.fromEntries(
        Object.entries(resource.actions ?? {}).map(([action, field]) => [action, byId(pascal(action), root(mutation, field).name)]),
      ),
    },
  };
}

export function compileAll(schema: GraphQLSchema): Map<string, Operations> {
  return new Map(RESOURCES.map((r) => [r.name, compile(r, schema)]));
}

/** The enforcement run's document and its answer's type. */
export function enforcementOperation(schema: GraphQLSchema) {
  const field = schema.getMutationType()!.getFields()[ENFORCEMENT.field]!;
  const result = getNullableType(field.type);
  if (!isObjectType(result)) throw new Error(`${field.name} answers no object`);
  return {
    field,
    result,
    task: field.args.find((a) => a.name === 'task')!,
    doc: `mutation RestEnforcementRun($task: ${String(field.args.find((a) => a.name === 'task')!.type)}) {
      one: ${field.name}(task: $task) { ${ENFORCEMENT.selection} } }`,
  };
}
