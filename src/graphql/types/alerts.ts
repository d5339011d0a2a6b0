// BudgetAlert (a threshold of a budget crossed), the budgetAlerts query and the budgetAlert
// subscription. Alerts are written by check_budget_alerts in the writing transaction; the feed
// reads them by id (src/feed/alerts.ts).
import { BudgetPeriod } from '../../db/generated/prisma/enums.ts';
import { db } from '../../db/index.ts';
import { formatMoney, reachedPercent } from '../../domain/money.ts';
import { builder } from '../builder.ts';
import { refresh, type Context } from '../context.ts';
import { afterId, brandScope, optionalId, page } from '../helpers.ts';
import { StatusTriggerEnum } from './enums.ts';

export const BudgetPeriodEnum = builder.enumType(BudgetPeriod, { name: 'BudgetPeriod', description: 'The brand-local day or month.' });

export const BudgetAlertRef = builder.prismaObject('BudgetAlert', {
  description:
    'A brand’s spend reached a threshold (a percent) of its daily or monthly budget. Each threshold fires once per period; a write that crosses several fires one alert, for the highest; a correction or a raised budget that takes the spend back below it arms it again.',
  fields: (t) => ({
    id: t.id({ description: 'increasing: alerts commit in id order', resolve: (a) => a.id.toString() }),
    brand: t.prismaField({
      type: 'Brand',
      nullable: true,
      description: 'null once the brand is deleted',
      select: { brandId: true },
      resolve: (query, a) => db().brand.findUnique({ ...query, where: { id: a.brandId } }),
    }),
    brandId: t.exposeID('brandId'),
    period: t.expose('period', { type: BudgetPeriodEnum }),
    periodStart: t.expose('periodStart', { type: 'Date', description: 'the brand-local day, or the first day of the month' }),
    threshold: t.exposeInt('threshold', {
      description: 'percent of the budget: the highest threshold the write crossed (one alert for thresholds crossed together)',
    }),
    reached: t.int({
      description: 'where the spend was when it fired, in whole percent of the budget (rounded down): 192 for 192.4 %; ≥ threshold',
      resolve: (a) => reachedPercent(a.spent, a.budget),
    }),
    budget: t.field({ type: 'Money', description: 'the budget when it fired', resolve: (a) => formatMoney(a.budget, a.currency) }),
    spent: t.field({
      type: 'Money',
      description: 'the period’s spend when it fired',
      resolve: (a) => formatMoney(a.spent, a.currency),
    }),
    trigger: t.expose('trigger', { type: StatusTriggerEnum, description: 'the write that crossed it' }),
    actor: t.exposeString('actor'),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
  }),
});

function alertFilter(args: { brandId?: string | number | null }, ctx: Context) {
  return { AND: [brandScope(ctx)], ...(args.brandId != null ? { brandId: optionalId(args.brandId, 'brandId') } : {}) };
}

builder.queryField('budgetAlerts', (t) =>
  t.prismaConnection({
    type: 'BudgetAlert',
    cursor: 'brandId_id',
    ...page,
    description: 'Oldest first (by id).',
    args: { brandId: t.arg.id() },
    resolve: (query, _root, args, ctx) => db().budgetAlert.findMany({ ...query, where: alertFilter(args, ctx), orderBy: { id: 'asc' } }),
    totalCount: (_root, args, ctx) => db().budgetAlert.count({ where: alertFilter(args, ctx) }),
  }),
);

builder.subscriptionField('budgetAlert', (t) =>
  t.field({
    type: BudgetAlertRef,
    description:
      'Every threshold alert as it commits, from any process. With afterAlertId: every matching alert with a larger id first, then live ones, with no gap and no duplicate. Without brandId: every brand the key sees.',
    args: { brandId: t.arg.id(), afterAlertId: t.arg.id() },
    // like campaignStatusChanged: a brandId outside the key's brands yields nothing (it reads as unknown)
    subscribe: (_root, args, ctx) =>
      ctx.feed.subscribeAlerts(
        {
          brandIds: ctx.scope?.brandIds ?? null,
          brandId: optionalId(args.brandId, 'brandId'),
          afterId: afterId(args.afterAlertId, 'afterAlertId', 'an alert id'),
        },
        ctx.principal?.keyId ?? null,
      ),
    resolve: (alert, _args, ctx) => {
      refresh(ctx);
      return alert;
    },
  }),
);
