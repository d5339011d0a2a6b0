// What a webhook endpoint may be sent (WebhookEventType), in the page's words.
import type { WebhookEventType } from '../generated/graphql.ts';

export const EVENT_TYPES: { type: WebhookEventType; label: string }[] = [
  { type: 'CAMPAIGN_STATUS_CHANGED', label: 'Campaign paused or resumed' },
  { type: 'BUDGET_ALERT', label: 'Budget alert' },
  { type: 'PLATFORM_EVENT', label: 'Ad platform event' },
];
export const eventLabel = (t: WebhookEventType) => EVENT_TYPES.find((e) => e.type === t)?.label ?? t;
