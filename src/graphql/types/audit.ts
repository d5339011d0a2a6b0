// AuditEntry: who changed what, append-only.
import { db } from '../../db/index.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { AUDIT_ACTIONS, parseAuditAction } from '../../domain/audit.ts';
import { parseText } from '../../domain/validate.ts';
import { brandScope, offsetArg, optionalId, page, skipping } from '../helpers.ts';

builder.prismaObject('AuditEntry', {
  fields: (t) => ({
    id: t.id({ resolve: (a) => a.id.toString() }),
    actor: t.exposeString('actor'),
    action: t.exposeString('action', { description: 'e.g. brand.update, campaign.pause, key.revoke' }),
    targetType: t.exposeString('targetType'),
    targetId: t.exposeString('targetId'),
    brandId: t.id({
      nullable: true,
      description: 'the brand it belongs to (a brand, its campaigns and windows); null for keys and webhooks of no brand',
      resolve: (a) => a.brandId,
    }),
    before: t.string({
      nullable: true,
      description: 'JSON; money as Money strings',
      resolve: (a) => (a.before == null ? null : JSON.stringify(a.before)),
    }),
    after: t.string({
      nullable: true,
      description: 'JSON; money as Money strings',
      resolve: (a) => (a.after == null ? null : JSON.stringify(a.after)),
    }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
  }),
});

builder.queryField('auditEntries', (t) =>
  t.prismaConnection({
    type: 'AuditEntry',
    cursor: 'id',
    ...page,
    description: 'Oldest first (by id).',
    args: {
      targetId: t.arg.string(),
      brandId: t.arg.id({ description: 'a brand’s whole trail: itself, its campaigns and windows' }),
      actor: t.arg.string({ description: 'the entries of one actor (a key’s name), exactly' }),
      action: t.arg.string({ description: `the entries of one action: ${AUDIT_ACTIONS.join(', ')}` }),
      offset: t.arg.int(offsetArg),
    },
    resolve: (query, _root, args, ctx) =>
      db().auditEntry.findMany({ ...skipping(query, args.offset), where: auditFilter(args, ctx), orderBy: { id: 'asc' } }),
    totalCount: (_root, args, ctx) => db().auditEntry.count({ where: auditFilter(args, ctx) }),
  }),
);

/** A key limited to some brands sees the entries of those brands only (not keys' own entries). */
function auditFilter(
  {
    targetId,
    brandId,
    actor,
    action,
  }: { targetId?: string | null; brandId?: string | number | null; actor?: string | null; action?: string | null },
  ctx: Context,
) {
  return {
    AND: [
      targetId ? { targetId: parseText(targetId, 'targetId', { max: 200 }) } : {},
      brandId != null ? { brandId: optionalId(brandId, 'brandId') } : {},
      actor ? { actor: parseText(actor, 'actor', { max: 200 }) } : {},
      action ? { action: parseAuditAction(action) } : {},
      brandScope(ctx),
    ],
  };
}
