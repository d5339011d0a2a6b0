// backtest: a past range of a brand's ledger replayed against a proposed policy; writes nothing.
import { heavyReads } from '../../db/index.ts';
import { formatMoney, formatMoneyOrNull } from '../../domain/money.ts';
import { backtest, MAX_BACKTEST_DAYS, type BacktestCampaign, type BacktestChange, type BacktestResult } from '../../reads/backtest.ts';
import { builder } from '../builder.ts';
import { backtestPoints, charge } from '../cost.ts';
import { CampaignStatusEnum, PauseReasonEnum, StatusTriggerEnum } from './enums.ts';
import { WindowInput } from './schedule.ts';

const BacktestChangeRef = builder.objectRef<BacktestChange>('BacktestChange').implement({
  description: 'A change of state the policy would have made.',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (c) => new Date(c.at) }),
    campaignId: t.exposeID('campaignId'),
    campaignName: t.exposeString('campaignName'),
    fromStatus: t.expose('fromStatus', { type: CampaignStatusEnum, nullable: true, description: 'null: the campaign was created' }),
    fromReason: t.expose('fromReason', { type: PauseReasonEnum, nullable: true }),
    toStatus: t.expose('toStatus', { type: CampaignStatusEnum }),
    toReason: t.expose('toReason', { type: PauseReasonEnum, nullable: true }),
    trigger: t.expose('trigger', {
      type: StatusTriggerEnum,
      description:
        'SPEND, an operator’s MANUAL or CREATE, an override recorded starting or cancelled (OVERRIDE) or ending (OVERRIDE_END), the task a boundary’s change belongs to, or RECONCILE at `from` (the policy applied)',
    }),
  }),
});

const BacktestCampaignRef = builder.objectRef<BacktestCampaign>('BacktestCampaign').implement({
  fields: (t) => ({
    campaignId: t.exposeID('campaignId'),
    campaignName: t.exposeString('campaignName'),
    spendWhilePaused: t.field({
      type: 'Money',
      description: 'spend that occurred while the policy had it paused',
      resolve: (c) => formatMoney(c.spendWhilePaused, c.currency),
    }),
    recordedSpendWhilePaused: t.field({
      type: 'Money',
      description: 'the same, as it was recorded',
      resolve: (c) => formatMoney(c.recordedSpendWhilePaused, c.currency),
    }),
  }),
});

const BacktestRef = builder.objectRef<BacktestResult>('Backtest').implement({
  fields: (t) => ({
    brandId: t.exposeID('brandId'),
    from: t.expose('from', { type: 'DateTime' }),
    to: t.expose('to', { type: 'DateTime' }),
    dailyBudget: t.field({
      type: 'Money',
      nullable: true,
      description: 'the policy replayed',
      resolve: (r) => formatMoneyOrNull(r.dailyBudget, r.currency),
    }),
    monthlyBudget: t.field({ type: 'Money', nullable: true, resolve: (r) => formatMoneyOrNull(r.monthlyBudget, r.currency) }),
    changes: t.field({ type: [BacktestChangeRef], resolve: (r) => r.changes }),
    paused: t.int({
      description: 'changes to PAUSED from ACTIVE',
      resolve: (r) => r.changes.filter((c) => c.toStatus === 'PAUSED' && c.fromStatus === 'ACTIVE').length,
    }),
    resumed: t.int({ resolve: (r) => r.changes.filter((c) => c.toStatus === 'ACTIVE' && c.fromStatus === 'PAUSED').length }),
    recordedChanges: t.exposeInt('recordedChanges', { description: 'status events recorded in the range' }),
    spendWhilePaused: t.field({
      type: 'Money',
      description: 'spend that occurred in the range while the policy had its campaign paused',
      resolve: (r) => formatMoney(r.spendWhilePaused, r.currency),
    }),
    recordedSpendWhilePaused: t.field({
      type: 'Money',
      description: 'the same, as it was recorded',
      resolve: (r) => formatMoney(r.recordedSpendWhilePaused, r.currency),
    }),
    campaigns: t.field({ type: [BacktestCampaignRef], resolve: (r) => r.campaigns }),
  }),
});

const ProposedWindows = builder.inputType('ProposedWindows', {
  description: 'A campaign’s windows under the proposed policy ([]: none, it may run at any time).',
  fields: (t) => ({ campaignId: t.id({ required: true }), windows: t.field({ type: [WindowInput], required: true }) }),
});

builder.queryField('backtest', (t) =>
  t.field({
    type: BacktestRef,
    nullable: true,
    description: `Replays the brand's recorded ledger of [from, to) (at most ${MAX_BACKTEST_DAYS} days) against a policy held fixed over it, and answers the pauses and resumes it would have made and the spend that fell inside paused time. Writes nothing. Absent arguments keep the brand's own policy (a budget given as null: no limit); windows replace those of the campaigns listed. Spends count from when they were recorded, operators' pauses, resumes, new campaigns and overrides happen as recorded, and time's changes come at their exact instants. With the brand's own policy it reproduces the recorded events of the range (changes of its budget or windows during the range are not replayed).`,
    args: {
      brandId: t.arg.id({ required: true }),
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
      dailyBudget: t.arg({ type: 'Money' }),
      monthlyBudget: t.arg({ type: 'Money' }),
      windows: t.arg({ type: [ProposedWindows] }),
    },
    resolve: (_root, args, ctx) =>
      heavyReads().transaction(
        (tx) =>
          backtest(
            tx,
            {
              brandId: String(args.brandId),
              from: args.from,
              to: args.to,
              dailyBudget: args.dailyBudget,
              monthlyBudget: args.monthlyBudget,
              windows: args.windows?.map((w) => ({ campaignId: String(w.campaignId), windows: w.windows })),
            },
            ctx.scope!,
            (size) =>
              charge(
                ctx,
                backtestPoints(size),
                `this backtest would read the clock at ${size.boundaries.toLocaleString('en-US')} instants (window edges, midnights) ` +
                  `and test ${size.windowChecks.toLocaleString('en-US')} windows' coverage; shorten the range or propose fewer windows`,
              ),
          ),
        { isolationLevel: 'RepeatableRead' },
      ),
  }),
);
