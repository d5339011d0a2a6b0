// The GraphQL enums, each from its one source: the database's enums (through Prisma's generated
// ones) and the task table.
import { CampaignStatus, DayOfWeek, PauseReason, SpendType, StatusTrigger } from '../../db/generated/prisma/enums.ts';
import { PRECEDENCE } from '../../domain/desiredState.ts';
import { TASKS } from '../../domain/tasks.ts';
import { DRIFT_POLICIES } from '../../engine/brands.ts';
import { builder } from '../builder.ts';

export const CampaignStatusEnum = builder.enumType(CampaignStatus, { name: 'CampaignStatus' });
export const PauseReasonEnum = builder.enumType(PauseReason, {
  name: 'PauseReason',
  description: `Why a campaign is paused, in order of precedence: ${PRECEDENCE.join(', ')}.`,
});
export const DayOfWeekEnum = builder.enumType(DayOfWeek, { name: 'DayOfWeek' });
export const StatusTriggerEnum = builder.enumType(StatusTrigger, {
  name: 'StatusTrigger',
  description:
    'What caused a status change: a spend, a budget or timezone change, windows, an operator (MANUAL), a scheduled task, a reconcile, a new campaign (CREATE), an override started or cancelled by an operator (OVERRIDE), or one ending on its own at its `until` (OVERRIDE_END).',
});
export const SpendTypeEnum = builder.enumType(SpendType, {
  name: 'SpendType',
  description:
    'DAILY (the default) counts toward the spend’s brand-local day and its month; MONTHLY (a monthly fee) toward its month only: it never uses up a daily budget.',
});
export const EnforcementTaskEnum = builder.enumType('EnforcementTask', {
  values: Object.fromEntries(TASKS.map((t) => [t.id, { description: t.description }])) as Record<
    (typeof TASKS)[number]['id'],
    { description: string }
  >,
  description:
    'A scheduled task (its crontab: every 5 minutes, minute, 15 minutes, 15 minutes), or ALL: apply any difference (`budget reconcile`).',
});

export const DriftPolicyEnum = builder.enumType('DriftPolicy', {
  values: DRIFT_POLICIES,
  description:
    'What a campaign the service holds paused that runs on its ad platform (someone enabled it there) gets: REPAUSE pauses it again, REPORT leaves it running; either way a platform event and a budget alert say so.',
});
