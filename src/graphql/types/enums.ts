import { CampaignStatus, DayOfWeek, PauseReason, StatusTrigger } from '../../db/generated/prisma/enums.ts';
import { builder } from '../builder.ts';

export const CampaignStatusEnum = builder.enumType(CampaignStatus, { name: 'CampaignStatus' });
export const PauseReasonEnum = builder.enumType(PauseReason, {
  name: 'PauseReason',
  description: 'Why a campaign is paused, in order of precedence: MANUAL, MONTHLY_BUDGET, DAILY_BUDGET, DAYPARTING.',
});
export const DayOfWeekEnum = builder.enumType(DayOfWeek, { name: 'DayOfWeek' });
export const StatusTriggerEnum = builder.enumType(StatusTrigger, { name: 'StatusTrigger', description: 'What caused a status change.' });
export const EnforcementTaskEnum = builder.enumType('EnforcementTask', {
  values: ['ENFORCE_BUDGETS', 'ENFORCE_DAYPARTING', 'RESET_DAILY', 'RESET_MONTHLY', 'ALL'] as const,
  description: 'A scheduled task (SPEC section 4), or ALL: apply any difference (budget reconcile).',
});
