// Pacing of brands and campaigns (docs/pacing.md): Brand.pacing and Campaign.pacing, added here
// so the entity modules stay as they are. Figures come from per-request loaders (one query per
// instant for a whole page of brands or campaigns).
import { formatMoney, formatMoneyOrNull } from '../../domain/money.ts';
import { PACE_STATUSES, PACING_METHODS, type PeriodPacing } from '../../domain/pacing.ts';
import type { Pacing } from '../../reads/pacing.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';

const PacingMethodEnum = builder.enumType('PacingMethod', {
  description:
    "CURVE: the brand's (campaign's) own hour-of-day spend curve of the 28 days before today, blended 3/4 with 1/4 flat; LINEAR: every open hour alike (fewer than 7 of those days had spend).",
  values: PACING_METHODS,
});

const PaceStatusEnum = builder.enumType('PaceStatus', {
  description: 'paceRatio against 1 ± band: OVER above, UNDER below, ON_TRACK within (edges included).',
  values: PACE_STATUSES,
});

const PeriodPacingRef = builder.objectRef<PeriodPacing>('PeriodPacing').implement({
  description:
    'One brand-local period (the day or the month containing `at`). Only open time counts: hours when a campaign may run (dayparting windows; for a brand, its campaigns not paused by an operator), weighted by the hour-of-day curve.',
  fields: (t) => ({
    periodStart: t.field({ type: 'DateTime', resolve: (p) => new Date(p.periodStart) }),
    periodEnd: t.field({ type: 'DateTime', description: 'exclusive', resolve: (p) => new Date(p.periodEnd) }),
    budget: t.field({
      type: 'Money',
      nullable: true,
      description: "the brand's budget for the period; null: no limit (and always null on a campaign, which has none)",
      resolve: (p) => formatMoneyOrNull(p.budget, p.currency),
    }),
    spent: t.field({ type: 'Money', resolve: (p) => formatMoney(p.spent, p.currency) }),
    elapsedShare: t.float({
      description: 'weighted open time before `at` ÷ all of the period’s (1 when nothing is open), 6 decimals',
      resolve: (p) => p.elapsedShare,
    }),
    projected: t.field({
      type: 'Money',
      description:
        "spent + spent × remaining ÷ elapsed weighted open time, rounded half away from zero to the currency's unit; spent when nothing has elapsed",
      resolve: (p) => formatMoney(p.projected, p.currency),
    }),
    paceRatio: t.float({
      nullable: true,
      description:
        '(spent ÷ budget) ÷ elapsedShare = projected ÷ budget, unrounded projection, 6 decimals; null without a budget > 0 or before any open time',
      resolve: (p) => p.paceRatio,
    }),
    band: t.float({
      description: 'ON_TRACK is 1 ± band: 0.05 + 0.45 × (1 − elapsedShare), ±50 % at the start narrowing to ±5 % at the end',
      resolve: (p) => p.band,
    }),
    status: t.field({
      type: PaceStatusEnum,
      nullable: true,
      description: 'null when paceRatio is (OVER when the budget is used up)',
      resolve: (p) => p.status,
    }),
    budgetUsedUp: t.boolean({
      description:
        'spent ≥ budget (a budget of 0 from the start): every campaign is paused to the end of the period, so nothing more is projected',
      resolve: (p) => p.budgetUsedUp,
    }),
    runsOutAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'at this rate, the instant the budget is used up, inside the period; null when it is not (or already is)',
      resolve: (p) => (p.runsOutAt == null ? null : new Date(p.runsOutAt)),
    }),
  }),
});

const PacingRef = builder.objectRef<Pacing>('Pacing').implement({
  description: 'Spend so far and its forecast for the brand-local day and month (docs/pacing.md in the repository).',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', description: 'the instant the figures are computed at', resolve: (p) => p.at }),
    timezone: t.field({ type: 'TimeZone', description: "the brand's, which the periods and hours are in", resolve: (p) => p.timezone }),
    method: t.field({ type: PacingMethodEnum, resolve: (p) => p.method }),
    daily: t.field({ type: PeriodPacingRef, resolve: (p) => p.daily }),
    monthly: t.field({ type: PeriodPacingRef, resolve: (p) => p.monthly }),
  }),
});

const atArg = { description: 'what-if: the figures at another instant, on the rows as they are now; default now' } as const;
const instant = (at: Date | null | undefined, ctx: Context) => at ?? ctx.at;

builder.prismaObjectField('Brand', 'pacing', (t) =>
  t.field({
    type: PacingRef,
    description: "Pace of the brand's spend against its budgets, with a forecast to the end of the day and month.",
    // a reader's view, and a statement that reads 28 days of spends: not for ingest keys' answers
    authScopes: { viewer: true },
    args: { at: t.arg({ type: 'DateTime', ...atArg }) },
    resolve: (b, args, ctx) => ctx.pacing.brand.load({ id: b.id, at: instant(args.at, ctx) }),
  }),
);

builder.prismaObjectField('Campaign', 'pacing', (t) =>
  t.field({
    type: PacingRef,
    description:
      "The campaign's own spend and forecast (its own curve and windows). A campaign has no budget: budget, paceRatio, status and runsOutAt are null here; its brand's pacing holds them, as the brand's budget is what pauses it.",
    authScopes: { viewer: true },
    args: { at: t.arg({ type: 'DateTime', ...atArg }) },
    resolve: (c, args, ctx) => ctx.pacing.campaign.load({ id: c.id, at: instant(args.at, ctx) }),
  }),
);
