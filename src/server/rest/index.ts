// The REST API for the old system's clients, in its own words (Django REST Framework's): routes
// /api/<resource>/[<id>/[<action>/]] (the trailing slash optional), snake_case fields, flat bodies,
// 201 on create, 204 on delete, lists as arrays or, with ?limit=&offset=, {count, next, previous,
// results}. Each request runs GraphQL operations (operations.ts) through Yoga's own pipeline,
// under the request's key: the same schema, scopes, rules, limits, errors and logs as /graphql;
// nothing here decides what may be done or how.
import type { Plugin } from 'graphql-yoga';
import { schema } from '../../graphql/schema.ts';
import { fromRest, mistakeIn, restName, toRest } from './fields.ts';
import { isRestPath, RestError, restJson } from './errors.ts';
import { list } from './lists.ts';
import { openApi } from './openapi.ts';
import { compileAll, enforcementOperation, type Operations } from './operations.ts';
import { bodyOf, callOf, gql, inputNames, Refused, type Call, type KeyCheck, type YogaLike } from './run.ts';

export type RestApi = Plugin & {
  /** The answer to a request under /api, or null for any other path (serverContext: Yoga's, with the request's key). */
  answer(request: Request, url: URL, serverContext: object): Promise<Response | null>;
};

/** keyCheck: is a request's key still good now (a long CSV export asks it before each page). */
export function useRestApi(keyCheck: KeyCheck): RestApi {
  let yoga: YogaLike | null = null;
  const resources = compileAll(schema);
  const enforcement = enforcementOperation(schema);
  let document: Record<string, unknown> | null = null;
  async function answer(request: Request, url: URL, serverContext: object): Promise<Response | null> {
    if (!isRestPath(url.pathname)) return null;
    const call = callOf(yoga!, request, url, serverContext, keyCheck);
    const segments = url.pathname.split('/').filter(Boolean).slice(1);
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    try {
      if (segments.length === 0) return only(method, ['GET'], () => root(url, resources));
      if (segments.join('/') === 'schema') {
        return only(method, ['GET'], () => restJson(200, (document ??= openApi(schema, resources, enforcement))));
      }
      if (segments.join('/') === 'enforcement/run') {
        return await only(method, ['POST'], async () => runEnforcement(call, enforcement, await bodyOf(request)));
      }
      const ops = resources.get(segments[0]!);
      if (!ops || segments.length > 3) throw RestError.notFound();
      return await route(call, ops, method, segments[1], segments[2]);
    } catch (error) {
      if (error instanceof Refused) return error.response;
      if (error instanceof RestError) return error.response();
      throw error;
    }
  }
  return {
    onYogaInit({ yoga: y }) {
      yoga = y as unknown as YogaLike;
    },
    async onRequest({ request, url, serverContext, endResponse }) {
      const response = await answer(request, url, serverContext);
      if (response) endResponse(response);
    },
    answer,
  };
}

/** The methods a path takes: another is 405 with Allow (OPTIONS is Yoga's: CORS preflights, 204). */
function only<T>(method: string, allowed: string[], answer: () => T): T {
  const allow = [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  if (!allowed.includes(method)) throw new RestError('METHOD_NOT_ALLOWED', `Method "${method}" not allowed.`, {}, { allow });
  return answer();
}

async function route(call: Call, ops: Operations, method: string, id?: string, action?: string): Promise<Response> {
  const r = ops.resource;
  if (action !== undefined) {
    const doc = ops.docs.actions[action];
    if (!doc) throw RestError.notFound();
    return only(method, ['POST'], () => one(call, ops, doc, { id: id! }).then((o) => restJson(200, toRest(o, ops.type))));
  }
  if (id === undefined) {
    const allowed = ['GET', ...(ops.docs.create ? ['POST'] : [])];
    return only(method, allowed, async () => (method === 'GET' ? list(call, ops) : create(call, ops, await bodyOf(call.request))));
  }
  if (r.immutable) {
    const why = method === 'GET' ? r.immutable.read : r.immutable.write;
    throw new RestError('METHOD_NOT_ALLOWED', `Method "${method}" not allowed: ${why}.`, {}, { allow: 'OPTIONS' });
  }
  const allowed = [
    ...(ops.docs.retrieve ? ['GET'] : []),
    ...(ops.docs.update ? ['PUT', 'PATCH'] : []),
    ...(ops.docs.destroy ? ['DELETE'] : []),
  ];
  return only(method, allowed, async () => {
    if (method === 'GET') return restJson(200, toRest(await current(call, ops, id), ops.type));
    if (method === 'DELETE') {
      await gql(call, ops.docs.destroy!, { id }, new Map(), true);
      return restJson(204, null);
    }
    return update(call, ops, id, await bodyOf(call.request), method === 'PUT');
  });
}

/** GET /api/: the resources, as DRF's API root lists them. */
function root(url: URL, resources: Map<string, Operations>): Response {
  return restJson(200, Object.fromEntries([...resources.keys()].map((name) => [name, `${url.origin}/api/${name}/`])));
}

async function create(call: Call, ops: Operations, body: Record<string, unknown>): Promise<Response> {
  const { input, errors } = fromRest(body, ops.createInput!, ops.required.create);
  const state = stateOf(ops, body, errors);
  refuse(errors);
  const data = (await gql(call, ops.docs.create!, { input }, inputNames(ops.createInput!))).one as Record<string, unknown>;
  const { answer, existing } = ops.resource.create!;
  let created = (answer ? data[answer] : data) as Record<string, unknown>;
  if (state && state.value !== created[state.field]) created = await one(call, ops, ops.docs.actions[state.action]!, { id: created.id });
  return restJson(existing && data[existing] ? 200 : 201, toRest(created, ops.type));
}

/**
 * PUT (the fields a create requires are required) and PATCH. The object is read first: unknown
 * to the key is 404 before anything is written, a field fixed at creation may be sent back
 * unchanged, and a state field (status) acts only when it asks for another value.
 */
async function update(call: Call, ops: Operations, id: string, body: Record<string, unknown>, put: boolean): Promise<Response> {
  const before = await current(call, ops, id);
  const shown = toRest(before, ops.type) as Record<string, unknown>;
  const { input, errors } = fromRest(body, ops.updateInput!, put ? ops.required.put : []);
  for (const name of ops.fixed) {
    if (body[name] !== undefined && !same(body[name], shown[name])) errors[name] = [`${name} is fixed at creation and cannot change`];
  }
  const state = stateOf(ops, body, errors);
  refuse(errors);
  const act = state && state.value !== before[state.field] ? ops.docs.actions[state.action]! : null;
  let after = before;
  // An archived object's state change goes first: the engine refuses it (ARCHIVED) before any
  // other field is written; otherwise the fields first, as their mistakes are the likely ones.
  const first = act !== null && before.archivedAt != null;
  if (first) after = await one(call, ops, act, { id });
  if (Object.keys(input).length)
    after = (await gql(call, ops.docs.update!, { id, input }, inputNames(ops.updateInput!), true)).one as Record<string, unknown>;
  if (act !== null && !first) after = await one(call, ops, act, { id });
  return restJson(200, toRest(after, ops.type));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a).toLowerCase() === JSON.stringify(b).toLowerCase();

/** The resource's state field in a body: the action that sets the value asked for. */
function stateOf(ops: Operations, body: Record<string, unknown>, errors: Record<string, string[]>) {
  const state = ops.resource.state;
  if (!state) return null;
  const name = restName(ops.type.getFields()[state.field]!);
  const asked = body[name];
  if (asked === undefined) return null;
  const value = typeof asked === 'string' ? asked.toUpperCase() : asked;
  const action = state.actions[value as string];
  if (!action) {
    errors[name] = [`${JSON.stringify(asked)} is not a valid choice: ${Object.keys(state.actions).join(' or ')}.`];
    return null;
  }
  return { field: state.field, value, action };
}

function refuse(errors: Record<string, string[]>): void {
  const first = Object.values(errors)[0];
  if (first) throw new RestError('INVALID_ARGUMENT', first[0]!, errors);
}

async function current(call: Call, ops: Operations, id: string): Promise<Record<string, unknown>> {
  const found = (await gql(call, ops.docs.retrieve!, { id }, new Map(), true)).one as Record<string, unknown> | null;
  if (!found) throw RestError.notFound();
  return found;
}

/** A mutation by id answering the object. */
async function one(call: Call, ops: Operations, doc: string, variables: { id: unknown }) {
  return (await gql(call, doc, variables, new Map(), true)).one as Record<string, unknown>;
}

async function runEnforcement(call: Call, op: ReturnType<typeof enforcementOperation>, body: Record<string, unknown>): Promise<Response> {
  const task = typeof body.task === 'string' ? body.task.toUpperCase() : body.task;
  const mistake = task === undefined ? 'This field is required.' : mistakeIn(task, op.task.type);
  if (mistake) throw RestError.field('INVALID_ARGUMENT', 'task', mistake);
  return restJson(200, toRest((await gql(call, op.doc, { task }, new Map())).one, op.result));
}
