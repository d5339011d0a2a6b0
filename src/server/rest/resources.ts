// The REST API's resources, as the old system's clients know them (Django REST Framework's
// router: /api/<name>/ and /api/<name>/<id>/), each a view of GraphQL's root fields: a request
// runs the same operations, keys, scopes and rules as GraphQL does (src/server/rest/index.ts).
// `fields` is the GraphQL selection every answer carries, in the order answered: a field added to
// the GraphQL type is answered by adding its name here, and accepted as soon as its GraphQL input
// has it (names are derived: fields.ts). A mutation taking the id is one more entry in `actions`, a list
// argument one more in `filters`, a resource (overrides) one more entry in RESOURCES.

/** A list without ?limit= answers every row, up to this many (more: page them). */
export const MAX_UNPAGED = 10_000;

export interface Resource {
  /** the path segment, and the operation ids' prefix */
  name: string;
  /** OpenAPI tag */
  tag: string;
  /** the GraphQL type of one */
  type: string;
  /** the GraphQL selection of one, in the order answered */
  fields: string;
  list: {
    field: string;
    /** a Relay connection (paged by GraphQL), or a plain list (paged here) */
    connection: boolean;
    /** query parameters: GraphQL argument names, or [REST name, argument name] */
    filters: readonly (string | readonly [string, string])[];
  };
  retrieve?: string;
  create?: {
    field: string;
    /** where the created object is in the mutation's answer (recordSpend: its spend) */
    answer?: string;
    /** a field of the answer that says the object was there already: 200 instead of 201 */
    existing?: string;
  };
  update?: string;
  destroy?: string;
  /** POST /api/<name>/<id>/<action>/: mutations taking the id, answering the object */
  actions?: Record<string, string>;
  /**
   * A field a client may write although no input has it, set through actions when the value it
   * asks for differs from the object's (the old system's PATCH {"status": "PAUSED"}).
   */
  state?: { field: string; actions: Record<string, string> };
  /** why /api/<name>/<id>/ takes no method (405 with this detail): to read one, and to change one */
  immutable?: { read: string; write: string };
  /** what the OpenAPI document shows, and the test of every example runs */
  examples: { create?: Record<string, unknown>; update?: Record<string, unknown>; partialUpdate?: Record<string, unknown> };
}

export const RESOURCES: readonly Resource[] = [
  {
    name: 'brands',
    tag: 'Brands',
    type: 'Brand',
    fields: `id name currency timezone dailyBudget monthlyBudget dailySpend monthlySpend dailyRemaining monthlyRemaining
      alertThresholds archivedAt createdAt updatedAt`,
    list: { field: 'brands', connection: true, filters: [['name', 'nameContains'], 'includeArchived'] },
    retrieve: 'brand',
    create: { field: 'createBrand' },
    update: 'updateBrand',
    destroy: 'deleteBrand',
    actions: { archive: 'archiveBrand', unarchive: 'unarchiveBrand' },
    examples: {
      create: { name: 'Acme Corporation', daily_budget: '100.00', monthly_budget: '2000.00' },
      update: { name: 'Acme Corp Updated', daily_budget: '150.00', monthly_budget: '3000.00' },
      partialUpdate: { timezone: 'Europe/Paris' },
    },
  },
  {
    name: 'campaigns',
    tag: 'Campaigns',
    type: 'Campaign',
    fields: `id brandId name status pauseReason pauseReasons platform externalCampaignId dailySpend monthlySpend archivedAt
      createdAt updatedAt`,
    list: { field: 'campaigns', connection: true, filters: ['brandId', 'status', 'includeArchived'] },
    retrieve: 'campaign',
    create: { field: 'createCampaign' },
    update: 'updateCampaign',
    destroy: 'deleteCampaign',
    actions: { pause: 'pauseCampaign', resume: 'resumeCampaign', archive: 'archiveCampaign', unarchive: 'unarchiveCampaign' },
    state: { field: 'status', actions: { PAUSED: 'pause', ACTIVE: 'resume' } },
    examples: {
      create: { brand: '<brand_id>', name: 'Summer Sale Campaign', status: 'ACTIVE' },
      update: { brand: '<brand_id>', name: 'Summer Sale Campaign', platform: 'facebook', external_campaign_id: 'FB-2024-06' },
      partialUpdate: { status: 'PAUSED' },
    },
  },
  {
    name: 'spends',
    tag: 'Spends',
    type: 'Spend',
    fields: `id campaignId brandId amount spendDate spendType occurredAt description source externalId recordedBy createdAt`,
    list: { field: 'spends', connection: true, filters: ['brandId', 'campaignId', ['start_date', 'from'], ['end_date', 'to']] },
    create: { field: 'recordSpend', answer: 'spend', existing: 'duplicate' },
    immutable: {
      read: 'a spend is read in the list, filtered by campaign, brand, start_date and end_date',
      write: 'spends are a ledger: they are never changed or deleted; record a correction (a negative amount) instead',
    },
    examples: {
      create: {
        campaign: '<campaign_id>',
        amount: '25.50',
        spend_date: '2024-06-26',
        spend_type: 'DAILY',
        description: 'Facebook ad spend',
      },
    },
  },
  {
    name: 'schedules',
    tag: 'Schedules',
    type: 'Schedule',
    fields: `id campaignId dayOfWeek startTime endTime isActive createdAt updatedAt`,
    list: { field: 'schedules', connection: false, filters: ['campaignId', 'brandId'] },
    retrieve: 'schedule',
    create: { field: 'createSchedule' },
    update: 'updateSchedule',
    destroy: 'deleteSchedule',
    examples: {
      create: { campaign: '<campaign_id>', day_of_week: 1, start_time: '09:00:00', end_time: '18:00:00', is_active: true },
      update: { campaign: '<campaign_id>', day_of_week: 1, start_time: '08:00:00', end_time: '20:00:00', is_active: true },
      partialUpdate: { is_active: false },
    },
  },
  {
    name: 'overrides',
    tag: 'Overrides',
    type: 'Override',
    fields: `id brandId campaignId lifts until reason createdBy createdAt cancelledAt cancelledBy`,
    list: { field: 'overrides', connection: false, filters: ['brandId', 'campaignId', 'includeEnded'] },
    retrieve: 'override',
    create: { field: 'startOverride' },
    actions: { cancel: 'cancelOverride' },
    examples: {
      // run by a test: its end must lie ahead, within the brand's month
      get create() {
        return {
          campaign: '<campaign_id>',
          lifts: ['DAILY_BUDGET'],
          until: new Date(Date.now() + 600_000).toISOString(),
          reason: 'launch day',
        };
      },
    },
  },
  {
    name: 'audit-entries',
    tag: 'Audit trail',
    type: 'AuditEntry',
    fields: `id actor action targetType targetId before after occurredAt`,
    list: { field: 'auditEntries', connection: true, filters: ['brandId', 'targetId', 'actor', 'action'] },
    immutable: {
      read: 'an entry is read in the list, filtered by brand, target_id, actor and action',
      write: 'the audit trail is append-only: its entries are never changed or deleted',
    },
    examples: {},
  },
];

/** POST /api/enforcement/run/ {"task": …}: a task now, as the worker would run it (the old management commands). */
export const ENFORCEMENT = {
  field: 'runEnforcement',
  selection: `task checked paused resumed relabeled byReason { reason count }
    changes { campaignId campaignName brandId fromStatus fromReason toStatus toReason eventId }`,
  example: { task: 'ENFORCE_BUDGETS' },
};
