// The REST bridge for the seed's clients: SOFA over the same schema (same context, errors and
// keys), with the old paths and verbs; OpenAPI at /api/openapi.json (Swagger UI at /api/docs: pages.ts).
import { filterSchema } from '@graphql-tools/utils';
import { useSofa } from '@graphql-yoga/plugin-sofa';
import type { GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { HTTP_STATUS, quote, type ErrorCode } from '../domain/errors.ts';
import { currentRequestId } from '../log.ts';

const routes = {
  'Query.brands': { method: 'GET', path: '/brands' },
  'Query.brand': { method: 'GET', path: '/brands/:id' },
  'Mutation.createBrand': { method: 'POST', path: '/brands' },
  'Mutation.updateBrand': { method: 'PUT', path: '/brands/:id' },
  'Mutation.deleteBrand': { method: 'DELETE', path: '/brands/:id' },
  'Query.campaigns': { method: 'GET', path: '/campaigns' },
  'Query.campaign': { method: 'GET', path: '/campaigns/:id' },
  'Mutation.createCampaign': { method: 'POST', path: '/campaigns' },
  'Mutation.updateCampaign': { method: 'PUT', path: '/campaigns/:id' },
  'Mutation.deleteCampaign': { method: 'DELETE', path: '/campaigns/:id' },
  'Mutation.pauseCampaign': { method: 'POST', path: '/campaigns/:id/pause' },
  'Mutation.resumeCampaign': { method: 'POST', path: '/campaigns/:id/resume' },
  'Mutation.archiveCampaign': { method: 'POST', path: '/campaigns/:id/archive' },
  'Mutation.unarchiveCampaign': { method: 'POST', path: '/campaigns/:id/unarchive' },
  'Mutation.setSchedules': { method: 'PUT', path: '/campaigns/:campaignId/schedules' },
  'Query.spends': { method: 'GET', path: '/spends' },
  'Mutation.recordSpend': { method: 'POST', path: '/spends' },
  'Mutation.recordSpends': { method: 'POST', path: '/spends/batch' },
  'Query.schedules': { method: 'GET', path: '/schedules' },
  'Mutation.createSchedule': { method: 'POST', path: '/schedules' },
  'Mutation.updateSchedule': { method: 'PUT', path: '/schedules/:id' },
  'Mutation.deleteSchedule': { method: 'DELETE', path: '/schedules/:id' },
  'Query.campaignStatusEvents': { method: 'GET', path: '/campaign-status-events' },
  'Query.auditEntries': { method: 'GET', path: '/audit-entries' },
  'Query.health': { method: 'GET', path: '/health' },
  'Query.previewEnforcement': { method: 'GET', path: '/enforcement/preview' },
  'Mutation.runEnforcement': { method: 'POST', path: '/enforcement/run' },
} as const;

/**
 * REST speaks in statuses: a service error code answers its status from the one table, an internal
 * error 500, GraphQL's own refusals (syntax, validation, coercion; no code of ours) 400.
 */
function statusOf(code: string | undefined): number {
  if (code && Object.hasOwn(HTTP_STATUS, code)) return HTTP_STATUS[code as ErrorCode];
  return code === 'INTERNAL_SERVER_ERROR' ? 500 : 400;
}

function errorResponse(errors: ReadonlyArray<{ message?: string; extensions?: { code?: string; field?: string } }>): Response {
  const status = Math.max(...errors.map((e) => statusOf(e.extensions?.code)));
  return Response.json(
    {
      errors: errors.map((e) => ({
        message: e.message,
        extensions: {
          code: e.extensions?.code,
          field: e.extensions?.field,
          ...(currentRequestId() ? { requestId: currentRequestId() } : {}),
        },
      })),
    },
    { status },
  );
}

/**
 * REST answers flat objects, relations as ids (brandId, campaignId), like the seed's API: the
 * bridge serves the schema without the fields that walk from one entity to another. The same
 * resolvers run; only the selection SOFA builds is smaller.
 */
const RELATIONS = new Set([
  'Brand.campaigns',
  'Campaign.brand',
  'Campaign.spends',
  'Campaign.statusEvents',
  'Campaign.schedules',
  'Spend.brand',
  'Spend.campaign',
  'Schedule.campaign',
  'CampaignStatusEvent.brand',
  'CampaignStatusEvent.campaign',
  'StatusChange.campaign',
  'Override.brand',
  'Override.campaign',
  // a reader's list (ingest keys' spend answers may not read it)
  'Brand.overrides',
  'Campaign.overrides',
  // not a relation, but no more the seed's: a reader's forecast that reads 28 days of spends, in
  // every brand of a list and in an ingest key's spend answer (which may not read it)
  'Brand.pacing',
  'Campaign.pacing',
  // the same: the engine dry-run at each boundary ahead, in every campaign of a list and in every
  // spend's answer; GraphQL asks for it when it wants it
  'Campaign.nextChange',
]);

function flat(schema: GraphQLSchema): GraphQLSchema {
  return filterSchema({ schema, objectFieldFilter: (type, field) => !RELATIONS.has(`${type}.${field}`) });
}

export function restBridge(): Plugin {
  const sofa = useSofa({
    basePath: '/api',
    routes,
    depthLimit: 2,
    errorHandler: (errors) => errorResponse(errors) as never, // a standard Response; fets types its own
    // Swagger UI at /api/docs is ours (src/server/pages.ts), from swagger-ui-dist: no CDN
    openAPI: {
      endpoint: '/openapi.json',
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'an API key: bk_…' } } },
      // every operation asks for the key (the document type omits `security`; the router passes it on)
      ...({ security: [{ apiKey: [] }] } as object),
      info: {
        title: 'Budget control REST API',
        version: '1.0.0',
        description: 'The GraphQL schema served as REST (SOFA). Money is a string with two decimals.',
      },
    },
  });
  return {
    ...sofa,
    onSchemaChange(payload) {
      sofa.onSchemaChange?.({ ...payload, schema: flat(payload.schema) });
    },
    // GraphQL answers an unknown id with null; REST with 404, as the seed's API did.
    async onResponse({ request, response, setResponse }) {
      const one = request.method === 'GET' && response.status === 200 ? ONE.exec(new URL(request.url).pathname) : null;
      if (!one || (await response.clone().text()).trim() !== 'null') return;
      setResponse(
        errorResponse([
          {
            message: `no ${one[1]!.slice(0, -1)} with id ${quote(decodeURIComponent(one[2]!))}`,
            extensions: { code: 'NOT_FOUND', field: 'id' },
          },
        ]),
      );
    },
  };
}

/** The routes that answer one entity by id. */
const ONE = /^\/api\/(brands|campaigns)\/([^/]+)$/;
