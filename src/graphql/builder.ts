// The one Pothos builder: plugins, scalars and the request context live here.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import RelayPlugin from '@pothos/plugin-relay';
import type PrismaTypes from '../db/generated/pothos-types.ts';
import { getDatamodel } from '../db/generated/pothos-types.ts';
import { db } from '../db/index.ts';
import { DomainError } from '../domain/errors.ts';
import type { Principal } from '../domain/scope.ts';
import type { Context } from './context.ts';

export type { Context };

/** Connections: `first` defaults to 50, at most 500. */
export const PAGE = { default: 50, max: 500 } as const;

export type AuthScopes = { admin: boolean; operator: boolean; ingest: boolean; viewer: boolean };

/** What a key may do, by scope (README, "Access control"); the auth scopes of fields name these. */
export function scopesOf(principal: Principal | null): AuthScopes {
  const role = principal?.role;
  return {
    // keys, the one power beyond brands, need an admin key limited to none
    admin: role === 'admin' && !principal?.brandIds,
    operator: role === 'admin' || role === 'operator',
    ingest: role === 'admin' || role === 'operator' || role === 'ingest',
    viewer: role === 'admin' || role === 'operator' || role === 'viewer',
  };
}

export const builder = new SchemaBuilder<{
  PrismaTypes: PrismaTypes;
  Context: Context;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    Date: { Input: string; Output: Date | string };
    LocalTime: { Input: unknown; Output: string | Date };
    Money: { Input: unknown; Output: string };
    TimeZone: { Input: unknown; Output: string };
  };
}>({
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin],
  scopeAuth: {
    authorizeOnSubscribe: true,
    // admin everything; operator reads and writes; ingest recordSpend(s);
    // viewer reads, previews and subscriptions.
    authScopes: ({ principal }) => scopesOf(principal),
    unauthorizedError: (_parent, context, info) =>
      context.principal
        ? new DomainError('FORBIDDEN', `this ${context.principal.role} key may not use ${info.parentType.name}.${info.fieldName}`)
        : new DomainError('UNAUTHENTICATED', 'an API key is required: Authorization: Bearer bk_…'),
  },
  defaultFieldNullability: false,
  prisma: {
    client: () => db(),
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
    defaultConnectionSize: PAGE.default,
    maxConnectionSize: PAGE.max,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
  },
});

// Every root field needs a rule: reads need a viewer (or better), writes an operator; fields that
// differ say so with skipTypeScopes (health is open; recordSpend is for ingest keys too).
builder.queryType({ authScopes: { viewer: true } });
builder.mutationType({ authScopes: { operator: true } });
builder.subscriptionType({ authScopes: { viewer: true } });
