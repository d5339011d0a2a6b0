// API keys: admin only (but `me`, which any key may ask). The key itself is answered once, by createApiKey.
import { db } from '../../db/index.ts';
import { createKey, listKeys, revokeKey, ROLES, type KeyRow } from '../../engine/keys.ts';
import type { Principal } from '../../domain/scope.ts';
import { builder } from '../builder.ts';
import { write } from '../helpers.ts';

const RoleEnum = builder.enumType('ApiKeyRole', {
  values: ROLES,
  description: 'admin: everything; operator: reads and writes; ingest: recordSpend(s); viewer: reads, previews, subscriptions.',
});

const ApiKeyRef = builder.objectRef<KeyRow>('ApiKey').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    role: t.field({ type: RoleEnum, resolve: (k) => k.role }),
    brandIds: t.exposeIDList('brandIds', { description: 'empty: every brand' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'updated at most once a minute' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

const CreatedKey = builder.objectRef<{ key: KeyRow; token: string }>('CreatedApiKey').implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, resolve: (r) => r.key }),
    key: t.exposeString('token', { description: 'bk_<id>_<secret>: shown this once, stored only as a hash' }),
  }),
});

const MeRef = builder.objectRef<Principal>('Me').implement({
  description: 'The API key a request carries: what a client (the dashboard) may offer its user.',
  fields: (t) => ({
    name: t.exposeString('actor', { description: 'the key’s name (BUDGET_ADMIN_KEY for that one)' }),
    role: t.field({ type: RoleEnum, resolve: (p) => p.role }),
    brandIds: t.exposeIDList('brandIds', { nullable: true, description: 'the brands it may reach; null: every brand' }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: MeRef,
    description: 'The key this request carries; any key may ask, an ingest key too.',
    skipTypeScopes: true,
    authScopes: { $any: { viewer: true, ingest: true } },
    resolve: (_root, _args, ctx) => ctx.principal!,
  }),
);

builder.queryField('apiKeys', (t) => t.field({ type: [ApiKeyRef], authScopes: { admin: true }, resolve: () => listKeys(db()) }));

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedKey,
    authScopes: { admin: true },
    args: {
      name: t.arg.string({ required: true }),
      role: t.arg({ type: RoleEnum, required: true }),
      brandIds: t.arg.idList({ description: 'limit the key to these brands' }),
    },
    resolve: (_root, args, ctx) =>
      write(ctx, (tx, scope, at) => createKey(tx, { name: args.name, role: args.role, brandIds: args.brandIds?.map(String) }, scope, at)),
  }),
  revokeApiKey: t.field({
    type: ApiKeyRef,
    description: 'By id or name. Every process refuses it within a second; its open subscriptions end.',
    authScopes: { admin: true },
    args: { id: t.arg.string({ required: true, description: 'the key’s id or name' }) },
    resolve: async (_root, args, ctx) => {
      const key = await write(ctx, (tx, scope, at) => revokeKey(tx, args.id, scope, at));
      ctx.keys.forget(key.id);
      return key;
    },
  }),
}));
