/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation CreateBrand($input: CreateBrandInput!) {\n    createBrand(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateBrandDocument,
    "\n  mutation UpdateBrand($id: ID!, $input: UpdateBrandInput!) {\n    updateBrand(id: $id, input: $input) {\n      id\n    }\n  }\n": typeof types.UpdateBrandDocument,
    "\n  query Brands($first: Int, $after: String, $name: String, $paused: Boolean, $archived: Boolean) {\n    brands(first: $first, after: $after, nameContains: $name, withPausedCampaigns: $paused, includeArchived: $archived) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...BrandRow\n        }\n      }\n    }\n  }\n": typeof types.BrandsDocument,
    "\n  query OneBrand($id: ID!) {\n    brand(id: $id) {\n      ...BrandRow\n    }\n  }\n": typeof types.OneBrandDocument,
    "\n  fragment BrandPace on Brand {\n    id\n    timezone\n    pacing {\n      daily {\n        ...PeriodPace\n      }\n      monthly {\n        ...PeriodPace\n      }\n    }\n  }\n": typeof types.BrandPaceFragmentDoc,
    "\n  query BrandPaces($after: String, $offset: Int, $name: String, $paused: Boolean, $archived: Boolean) {\n    brands(first: 25, after: $after, offset: $offset, nameContains: $name, withPausedCampaigns: $paused, includeArchived: $archived) {\n      edges {\n        node {\n          ...BrandPace\n        }\n      }\n    }\n  }\n": typeof types.BrandPacesDocument,
    "\n  query OneBrandPace($id: ID!) {\n    brand(id: $id) {\n      ...BrandPace\n    }\n  }\n": typeof types.OneBrandPaceDocument,
    "\n  mutation SetSchedules($campaignId: ID!, $windows: [WindowInput!]!) {\n    setSchedules(campaignId: $campaignId, windows: $windows) {\n      id\n    }\n  }\n": typeof types.SetSchedulesDocument,
    "\n  query AuditPage($last: Int!, $before: String, $brandId: ID, $actor: String, $action: String) {\n    auditEntries(last: $last, before: $before, brandId: $brandId, actor: $actor, action: $action) {\n      totalCount\n      pageInfo {\n        hasPreviousPage\n        startCursor\n      }\n      edges {\n        node {\n          id\n          actor\n          action\n          targetType\n          targetId\n          brandId\n          before\n          after\n          occurredAt\n        }\n      }\n    }\n  }\n": typeof types.AuditPageDocument,
    "\n  query BacktestCampaigns($id: ID!) {\n    brand(id: $id) {\n      campaigns(first: 500) {\n        edges {\n          node {\n            id\n            name\n            schedules {\n              dayOfWeek\n              startTime\n              endTime\n              isActive\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.BacktestCampaignsDocument,
    "\n  query BacktestRun($brandId: ID!, $from: DateTime!, $to: DateTime!, $daily: Money, $monthly: Money, $windows: [ProposedWindows!]) {\n    backtest(brandId: $brandId, from: $from, to: $to, dailyBudget: $daily, monthlyBudget: $monthly, windows: $windows) {\n      paused\n      resumed\n      recordedChanges\n      spendWhilePaused\n      recordedSpendWhilePaused\n      changes {\n        at\n        campaignName\n        fromStatus\n        fromReason\n        toStatus\n        toReason\n        trigger\n      }\n      campaigns {\n        campaignId\n        campaignName\n        spendWhilePaused\n        recordedSpendWhilePaused\n      }\n    }\n  }\n": typeof types.BacktestRunDocument,
    "\n  query WebhookDeliveries($id: ID!, $after: String) {\n    webhookEndpoint(id: $id) {\n      id\n      deliveries(first: 20, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            at\n            eventType\n            messageId\n            attempt\n            succeeded\n            statusCode\n            error\n            durationMs\n            redelivery\n          }\n        }\n      }\n    }\n  }\n": typeof types.WebhookDeliveriesDocument,
    "\n  mutation RedeliverWebhook($deliveryId: ID!) {\n    redeliverWebhook(deliveryId: $deliveryId) {\n      messageId\n      waiting\n    }\n  }\n": typeof types.RedeliverWebhookDocument,
    "\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      role\n      brandIds\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  query BrandChoices {\n    brands(first: 500, includeArchived: true) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.BrandChoicesDocument,
    "\n  mutation CreateApiKey($name: String!, $role: ApiKeyRole!, $brandIds: [ID!]) {\n    createApiKey(name: $name, role: $role, brandIds: $brandIds) {\n      key\n      apiKey {\n        id\n        name\n      }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: String!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  query AllSpends(\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n    $search: String\n    $brandId: ID\n    $campaignId: ID\n    $source: String\n    $recordedBy: String\n    $from: Date\n    $to: Date\n  ) {\n    spends(\n      first: $first\n      after: $after\n      last: $last\n      before: $before\n      search: $search\n      brandId: $brandId\n      campaignId: $campaignId\n      source: $source\n      recordedBy: $recordedBy\n      from: $from\n      to: $to\n    ) {\n      totalCount\n      pageInfo {\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          id\n          amount\n          occurredAt\n          spendDate\n          spendType\n          source\n          recordedBy\n          description\n          brand {\n            id\n            name\n            currency\n            timezone\n          }\n          campaign {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.AllSpendsDocument,
    "\n  query SpendChoices($brandId: ID, $withCampaigns: Boolean!) {\n    brands(first: 500, includeArchived: true) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n    campaigns(brandId: $brandId, first: 500, includeArchived: true) @include(if: $withCampaigns) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.SpendChoicesDocument,
    "\n  fragment EndpointFields on WebhookEndpoint {\n    id\n    url\n    description\n    brandId\n    brand {\n      id\n      name\n    }\n    eventTypes\n    enabled\n    disabledAt\n    disabledReason\n    consecutiveFailures\n    nextAttemptAt\n    waitingRedeliveries\n    createdAt\n  }\n": typeof types.EndpointFieldsFragmentDoc,
    "\n  query WebhookEndpoints($after: String) {\n    webhookEndpoints(first: 100, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...EndpointFields\n        }\n      }\n    }\n  }\n": typeof types.WebhookEndpointsDocument,
    "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      secret\n      endpoint {\n        id\n        url\n      }\n    }\n  }\n": typeof types.CreateWebhookEndpointDocument,
    "\n  mutation UpdateWebhookEndpoint($id: ID!, $input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(id: $id, input: $input) {\n      ...EndpointFields\n    }\n  }\n": typeof types.UpdateWebhookEndpointDocument,
    "\n  mutation EnableWebhookEndpoint($id: ID!) {\n    enableWebhookEndpoint(id: $id) {\n      ...EndpointFields\n    }\n  }\n": typeof types.EnableWebhookEndpointDocument,
    "\n  mutation DisableWebhookEndpoint($id: ID!) {\n    disableWebhookEndpoint(id: $id) {\n      ...EndpointFields\n    }\n  }\n": typeof types.DisableWebhookEndpointDocument,
    "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      endpoint {\n        id\n        url\n      }\n    }\n  }\n": typeof types.RotateWebhookSecretDocument,
    "\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n": typeof types.DeleteWebhookEndpointDocument,
    "\n  query PickBrands {\n    brands(first: 500, includeArchived: true) {\n      edges {\n        node {\n          id\n          name\n          timezone\n          currency\n          dailyBudget\n          monthlyBudget\n        }\n      }\n    }\n  }\n": typeof types.PickBrandsDocument,
    "\n  query Me {\n    me {\n      name\n      role\n      brandIds\n    }\n  }\n": typeof types.MeDocument,
    "\n  query BrandAdAccounts($id: ID!) {\n    brand(id: $id) {\n      id\n      driftPolicy\n      adAccounts {\n        id\n        platform\n        externalAccountId\n        name\n        currency\n        timeZone\n        status\n        lastSyncAt\n        lastError\n        campaigns(first: 0) {\n          totalCount\n        }\n        events(first: 10) {\n          id\n          kind\n          message\n          platformActor\n          occurredAt\n        }\n      }\n    }\n  }\n": typeof types.BrandAdAccountsDocument,
    "\n  mutation ConnectAdAccount($input: ConnectAdAccountInput!) {\n    connectAdAccount(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.ConnectAdAccountDocument,
    "\n  mutation UpdateAdAccountCredentials($id: ID!, $credentials: AdAccountCredentialsInput!) {\n    updateAdAccountCredentials(id: $id, credentials: $credentials) {\n      id\n      status\n    }\n  }\n": typeof types.UpdateAdAccountCredentialsDocument,
    "\n  mutation DisconnectAdAccount($id: ID!) {\n    disconnectAdAccount(id: $id)\n  }\n": typeof types.DisconnectAdAccountDocument,
    "\n  mutation SyncAdAccount($id: ID!) {\n    syncAdAccount(id: $id) {\n      error\n      pull {\n        dates\n        entries\n      }\n      drift {\n        found\n        repaused\n        reported\n      }\n      push {\n        paused\n        resumed\n        failed\n        retryAt\n      }\n    }\n  }\n": typeof types.SyncAdAccountDocument,
    "\n  mutation ImportAdCampaigns($adAccountId: ID!) {\n    importAdCampaigns(adAccountId: $adAccountId) {\n      linked\n      created\n      skipped\n    }\n  }\n": typeof types.ImportAdCampaignsDocument,
    "\n  mutation UpdateDriftPolicy($id: ID!, $driftPolicy: DriftPolicy!) {\n    updateBrand(id: $id, input: { driftPolicy: $driftPolicy }) {\n      id\n      driftPolicy\n    }\n  }\n": typeof types.UpdateDriftPolicyDocument,
    "\n  query BrandAudit($brandId: ID) {\n    auditEntries(brandId: $brandId, last: 20) {\n      edges {\n        node {\n          id\n          actor\n          action\n          targetType\n          targetId\n          before\n          after\n          occurredAt\n        }\n      }\n    }\n  }\n": typeof types.BrandAuditDocument,
    "\n  query BrandPage($id: ID!) {\n    brand(id: $id) {\n      id\n      name\n      currency\n      timezone\n      dailyBudget\n      dailySpend\n      monthlyBudget\n      monthlySpend\n      alertThresholds\n      archivedAt\n      adAccounts {\n        id\n      }\n      overrides {\n        id\n        campaignId\n        lifts\n        until\n        reason\n        createdBy\n      }\n      pacing {\n        method\n        daily {\n          ...PeriodPace\n        }\n        monthly {\n          ...PeriodPace\n        }\n      }\n      campaigns(first: 500, includeArchived: true) {\n        totalCount\n        edges {\n          node {\n            id\n            name\n            platform\n            externalCampaignId\n            status\n            pauseReason\n            pauseReasons\n            archivedAt\n            dailySpend\n            monthlySpend\n            schedules {\n              dayOfWeek\n              startTime\n              endTime\n              isActive\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.BrandPageDocument,
    "\n  mutation ArchiveBrand($id: ID!) {\n    archiveBrand(id: $id) {\n      id\n    }\n  }\n": typeof types.ArchiveBrandDocument,
    "\n  mutation UnarchiveBrand($id: ID!) {\n    unarchiveBrand(id: $id) {\n      id\n    }\n  }\n": typeof types.UnarchiveBrandDocument,
    "\n  query BrandOverrideState($id: ID!) {\n    brand(id: $id) {\n      id\n      campaigns(first: 500, includeArchived: true) {\n        edges {\n          node {\n            id\n            liftedReasons\n            overrides {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.BrandOverrideStateDocument,
    "\n  query BrandPlatformStates($id: ID!) {\n    brand(id: $id) {\n      id\n      campaigns(first: 500, includeArchived: true) {\n        edges {\n          node {\n            id\n            adAccount {\n              id\n              platform\n            }\n            platformState {\n              desired\n              actual\n              pausedByUs\n              syncedAt\n              lastError\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.BrandPlatformStatesDocument,
    "\n  fragment PeriodPace on PeriodPacing {\n    budget\n    projected\n    paceRatio\n    status\n    budgetUsedUp\n    runsOutAt\n  }\n": typeof types.PeriodPaceFragmentDoc,
    "\n  fragment BulkOutcome on CampaignsOutcome {\n    changed {\n      id\n    }\n    unchanged {\n      id\n    }\n    statusChanges {\n      campaignId\n      fromStatus\n      toStatus\n      toReason\n    }\n  }\n": typeof types.BulkOutcomeFragmentDoc,
    "\n  mutation PauseCampaigns($ids: [ID!]!) {\n    pauseCampaigns(ids: $ids) {\n      ...BulkOutcome\n    }\n  }\n": typeof types.PauseCampaignsDocument,
    "\n  mutation ResumeCampaigns($ids: [ID!]!) {\n    resumeCampaigns(ids: $ids) {\n      ...BulkOutcome\n    }\n  }\n": typeof types.ResumeCampaignsDocument,
    "\n  mutation ArchiveCampaigns($ids: [ID!]!) {\n    archiveCampaigns(ids: $ids) {\n      ...BulkOutcome\n    }\n  }\n": typeof types.ArchiveCampaignsDocument,
    "\n  mutation PauseBrand($id: ID!) {\n    pauseBrand(id: $id) {\n      ...BulkOutcome\n    }\n  }\n": typeof types.PauseBrandDocument,
    "\n  mutation ResumeBrand($id: ID!) {\n    resumeBrand(id: $id) {\n      ...BulkOutcome\n    }\n  }\n": typeof types.ResumeBrandDocument,
    "\n  mutation CreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateCampaignDocument,
    "\n  mutation PauseCampaign($id: ID!) {\n    pauseCampaign(id: $id) {\n      id\n    }\n  }\n": typeof types.PauseCampaignDocument,
    "\n  mutation ResumeCampaign($id: ID!) {\n    resumeCampaign(id: $id) {\n      id\n    }\n  }\n": typeof types.ResumeCampaignDocument,
    "\n  mutation ArchiveCampaign($id: ID!) {\n    archiveCampaign(id: $id) {\n      id\n    }\n  }\n": typeof types.ArchiveCampaignDocument,
    "\n  mutation UnarchiveCampaign($id: ID!) {\n    unarchiveCampaign(id: $id) {\n      id\n    }\n  }\n": typeof types.UnarchiveCampaignDocument,
    "\n  mutation UpdateCampaign($id: ID!, $input: UpdateCampaignInput!) {\n    updateCampaign(id: $id, input: $input) {\n      id\n    }\n  }\n": typeof types.UpdateCampaignDocument,
    "\n  query BrandNextChanges($id: ID!) {\n    brand(id: $id) {\n      id\n      campaigns(first: 500) {\n        edges {\n          node {\n            id\n            name\n            status\n            nextChange {\n              at\n              reason\n              toStatus\n              toReason\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.BrandNextChangesDocument,
    "\n  mutation StartOverride($input: StartOverrideInput!) {\n    startOverride(input: $input) {\n      id\n    }\n  }\n": typeof types.StartOverrideDocument,
    "\n  mutation CancelOverride($id: ID!) {\n    cancelOverride(id: $id) {\n      id\n    }\n  }\n": typeof types.CancelOverrideDocument,
    "\n  mutation RecordSpend($input: SpendInput!) {\n    recordSpend(input: $input) {\n      duplicate\n      spend {\n        amount\n      }\n      statusChanges {\n        campaignName\n        toReason\n      }\n    }\n  }\n": typeof types.RecordSpendDocument,
    "\n  query BrandSpends($brandId: ID, $campaignId: ID, $from: Date, $to: Date) {\n    spends(brandId: $brandId, campaignId: $campaignId, from: $from, to: $to, first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          amount\n          occurredAt\n          spendDate\n          description\n          source\n          spendType\n          recordedBy\n          campaign {\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.BrandSpendsDocument,
    "\n  fragment FeedEvent on CampaignStatusEvent {\n    id\n    brandId\n    campaignId\n    campaignName\n    fromStatus\n    toStatus\n    toReason\n    trigger\n    actor\n    occurredAt\n    brand {\n      name\n      timezone\n    }\n  }\n": typeof types.FeedEventFragmentDoc,
    "\n  fragment FeedAlert on BudgetAlert {\n    id\n    brandId\n    period\n    threshold\n    reached\n    spent\n    budget\n    occurredAt\n    brand {\n      name\n      timezone\n      currency\n    }\n  }\n": typeof types.FeedAlertFragmentDoc,
    "\n  fragment BrandRow on Brand {\n    id\n    name\n    archivedAt\n    currency\n    dailyBudget\n    dailySpend\n    monthlyBudget\n    monthlySpend\n    active: campaigns(status: ACTIVE, first: 0) {\n      totalCount\n    }\n    paused: campaigns(status: PAUSED, first: 0) {\n      totalCount\n    }\n    overrides {\n      id\n    }\n  }\n": typeof types.BrandRowFragmentDoc,
    "\n  query RecentEvents {\n    campaignStatusEvents(last: 20) {\n      edges {\n        node {\n          ...FeedEvent\n        }\n      }\n    }\n  }\n": typeof types.RecentEventsDocument,
    "\n  query RecentAlerts {\n    budgetAlerts(last: 10) {\n      edges {\n        node {\n          ...FeedAlert\n        }\n      }\n    }\n  }\n": typeof types.RecentAlertsDocument,
    "\n  subscription AlertFeed($after: ID) {\n    budgetAlert(afterAlertId: $after) {\n      ...FeedAlert\n    }\n  }\n": typeof types.AlertFeedDocument,
    "\n  subscription StatusFeed($after: ID) {\n    campaignStatusChanged(afterEventId: $after) {\n      ...FeedEvent\n    }\n  }\n": typeof types.StatusFeedDocument,
    "\n  subscription SpendFeed {\n    brandSpendChanged {\n      ...BrandRow\n    }\n  }\n": typeof types.SpendFeedDocument,
};
const documents: Documents = {
    "\n  mutation CreateBrand($input: CreateBrandInput!) {\n    createBrand(input: $input) {\n      id\n    }\n  }\n": types.CreateBrandDocument,
    "\n  mutation UpdateBrand($id: ID!, $input: UpdateBrandInput!) {\n    updateBrand(id: $id, input: $input) {\n      id\n    }\n  }\n": types.UpdateBrandDocument,
    "\n  query Brands($first: Int, $after: String, $name: String, $paused: Boolean, $archived: Boolean) {\n    brands(first: $first, after: $after, nameContains: $name, withPausedCampaigns: $paused, includeArchived: $archived) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...BrandRow\n        }\n      }\n    }\n  }\n": types.BrandsDocument,
    "\n  query OneBrand($id: ID!) {\n    brand(id: $id) {\n      ...BrandRow\n    }\n  }\n": types.OneBrandDocument,
    "\n  fragment BrandPace on Brand {\n    id\n    timezone\n    pacing {\n      daily {\n        ...PeriodPace\n      }\n      monthly {\n        ...PeriodPace\n      }\n    }\n  }\n": types.BrandPaceFragmentDoc,
    "\n  query BrandPaces($after: String, $offset: Int, $name: String, $paused: Boolean, $archived: Boolean) {\n    brands(first: 25, after: $after, offset: $offset, nameContains: $name, withPausedCampaigns: $paused, includeArchived: $archived) {\n      edges {\n        node {\n          ...BrandPace\n        }\n      }\n    }\n  }\n": types.BrandPacesDocument,
    "\n  query OneBrandPace($id: ID!) {\n    brand(id: $id) {\n      ...BrandPace\n    }\n  }\n": types.OneBrandPaceDocument,
    "\n  mutation SetSchedules($campaignId: ID!, $windows: [WindowInput!]!) {\n    setSchedules(campaignId: $campaignId, windows: $windows) {\n      id\n    }\n  }\n": types.SetSchedulesDocument,
    "\n  query AuditPage($last: Int!, $before: String, $brandId: ID, $actor: String, $action: String) {\n    auditEntries(last: $last, before: $before, brandId: $brandId, actor: $actor, action: $action) {\n      totalCount\n      pageInfo {\n        hasPreviousPage\n        startCursor\n      }\n      edges {\n        node {\n          id\n          actor\n          action\n          targetType\n          targetId\n          brandId\n          before\n          after\n          occurredAt\n        }\n      }\n    }\n  }\n": types.AuditPageDocument,
    "\n  query BacktestCampaigns($id: ID!) {\n    brand(id: $id) {\n      campaigns(first: 500) {\n        edges {\n          node {\n            id\n            name\n            schedules {\n              dayOfWeek\n              startTime\n              endTime\n              isActive\n            }\n          }\n        }\n      }\n    }\n  }\n": types.BacktestCampaignsDocument,
    "\n  query BacktestRun($brandId: ID!, $from: DateTime!, $to: DateTime!, $daily: Money, $monthly: Money, $windows: [ProposedWindows!]) {\n    backtest(brandId: $brandId, from: $from, to: $to, dailyBudget: $daily, monthlyBudget: $monthly, windows: $windows) {\n      paused\n      resumed\n      recordedChanges\n      spendWhilePaused\n      recordedSpendWhilePaused\n      changes {\n        at\n        campaignName\n        fromStatus\n        fromReason\n        toStatus\n        toReason\n        trigger\n      }\n      campaigns {\n        campaignId\n        campaignName\n        spendWhilePaused\n        recordedSpendWhilePaused\n      }\n    }\n  }\n": types.BacktestRunDocument,
    "\n  query WebhookDeliveries($id: ID!, $after: String) {\n    webhookEndpoint(id: $id) {\n      id\n      deliveries(first: 20, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            at\n            eventType\n            messageId\n            attempt\n            succeeded\n            statusCode\n            error\n            durationMs\n            redelivery\n          }\n        }\n      }\n    }\n  }\n": types.WebhookDeliveriesDocument,
    "\n  mutation RedeliverWebhook($deliveryId: ID!) {\n    redeliverWebhook(deliveryId: $deliveryId) {\n      messageId\n      waiting\n    }\n  }\n": types.RedeliverWebhookDocument,
    "\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      role\n      brandIds\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n": types.ApiKeysDocument,
    "\n  query BrandChoices {\n    brands(first: 500, includeArchived: true) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.BrandChoicesDocument,
    "\n  mutation CreateApiKey($name: String!, $role: ApiKeyRole!, $brandIds: [ID!]) {\n    createApiKey(name: $name, role: $role, brandIds: $brandIds) {\n      key\n      apiKey {\n        id\n        name\n      }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: String!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": types.RevokeApiKeyDocument,
    "\n  query AllSpends(\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n    $search: String\n    $brandId: ID\n    $campaignId: ID\n    $source: String\n    $recordedBy: String\n    $from: Date\n    $to: Date\n  ) {\n    spends(\n      first: $first\n      after: $after\n      last: $last\n      before: $before\n      search: $search\n      brandId: $brandId\n      campaignId: $campaignId\n      source: $source\n      recordedBy: $recordedBy\n      from: $from\n      to: $to\n    ) {\n      totalCount\n      pageInfo {\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          id\n          amount\n          occurredAt\n          spendDate\n          spendType\n          source\n          recordedBy\n          description\n          brand {\n            id\n            name\n            currency\n            timezone\n          }\n          campaign {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": types.AllSpendsDocument,
    "\n  query SpendChoices($brandId: ID, $withCampaigns: Boolean!) {\n    brands(first: 500, includeArchived: true) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n    campaigns(brandId: $brandId, first: 500, includeArchived: true) @include(if: $withCampaigns) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.SpendChoicesDocument,
    "\n  fragment EndpointFields on WebhookEndpoint {\n    id\n    url\n    description\n    brandId\n    brand {\n      id\n      name\n    }\n    eventTypes\n    enabled\n    disabledAt\n    disabledReason\n    consecutiveFailures\n    nextAttemptAt\n    waitingRedeliveries\n    createdAt\n  }\n": types.EndpointFieldsFragmentDoc,
    "\n  query WebhookEndpoints($after: String) {\n    webhookEndpoints(first: 100, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...EndpointFields\n        }\n      }\n    }\n  }\n": types.WebhookEndpointsDocument,
    "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      secret\n      endpoint {\n        id\n        url\n      }\n    }\n  }\n": types.CreateWebhookEndpointDocument,
    "\n  mutation UpdateWebhookEndpoint($id: ID!, $input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(id: $id, input: $input) {\n      ...EndpointFields\n    }\n  }\n": types.UpdateWebhookEndpointDocument,
    "\n  mutation EnableWebhookEndpoint($id: ID!) {\n    enableWebhookEndpoint(id: $id) {\n      ...EndpointFields\n    }\n  }\n": types.EnableWebhookEndpointDocument,
    "\n  mutation DisableWebhookEndpoint($id: ID!) {\n    disableWebhookEndpoint(id: $id) {\n      ...EndpointFields\n    }\n  }\n": types.DisableWebhookEndpointDocument,
    "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      endpoint {\n        id\n        url\n      }\n    }\n  }\n": types.RotateWebhookSecretDocument,
    "\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n": types.DeleteWebhookEndpointDocument,
    "\n  query PickBrands {\n    brands(first: 500, includeArchived: true) {\n      edges {\n        node {\n          id\n          name\n          timezone\n          currency\n          dailyBudget\n          monthlyBudget\n        }\n      }\n    }\n  }\n": types.PickBrandsDocument,
    "\n  query Me {\n    me {\n      name\n      role\n      brandIds\n    }\n  }\n": types.MeDocument,
    "\n  query BrandAdAccounts($id: ID!) {\n    brand(id: $id) {\n      id\n      driftPolicy\n      adAccounts {\n        id\n        platform\n        externalAccountId\n        name\n        currency\n        timeZone\n        status\n        lastSyncAt\n        lastError\n        campaigns(first: 0) {\n          totalCount\n        }\n        events(first: 10) {\n          id\n          kind\n          message\n          platformActor\n          occurredAt\n        }\n      }\n    }\n  }\n": types.BrandAdAccountsDocument,
    "\n  mutation ConnectAdAccount($input: ConnectAdAccountInput!) {\n    connectAdAccount(input: $input) {\n      id\n      name\n    }\n  }\n": types.ConnectAdAccountDocument,
    "\n  mutation UpdateAdAccountCredentials($id: ID!, $credentials: AdAccountCredentialsInput!) {\n    updateAdAccountCredentials(id: $id, credentials: $credentials) {\n      id\n      status\n    }\n  }\n": types.UpdateAdAccountCredentialsDocument,
    "\n  mutation DisconnectAdAccount($id: ID!) {\n    disconnectAdAccount(id: $id)\n  }\n": types.DisconnectAdAccountDocument,
    "\n  mutation SyncAdAccount($id: ID!) {\n    syncAdAccount(id: $id) {\n      error\n      pull {\n        dates\n        entries\n      }\n      drift {\n        found\n        repaused\n        reported\n      }\n      push {\n        paused\n        resumed\n        failed\n        retryAt\n      }\n    }\n  }\n": types.SyncAdAccountDocument,
    "\n  mutation ImportAdCampaigns($adAccountId: ID!) {\n    importAdCampaigns(adAccountId: $adAccountId) {\n      linked\n      created\n      skipped\n    }\n  }\n": types.ImportAdCampaignsDocument,
    "\n  mutation UpdateDriftPolicy($id: ID!, $driftPolicy: DriftPolicy!) {\n    updateBrand(id: $id, input: { driftPolicy: $driftPolicy }) {\n      id\n      driftPolicy\n    }\n  }\n": types.UpdateDriftPolicyDocument,
    "\n  query BrandAudit($brandId: ID) {\n    auditEntries(brandId: $brandId, last: 20) {\n      edges {\n        node {\n          id\n          actor\n          action\n          targetType\n          targetId\n          before\n          after\n          occurredAt\n        }\n      }\n    }\n  }\n": types.BrandAuditDocument,
    "\n  query BrandPage($id: ID!) {\n    brand(id: $id) {\n      id\n      name\n      currency\n      timezone\n      dailyBudget\n      dailySpend\n      monthlyBudget\n      monthlySpend\n      alertThresholds\n      archivedAt\n      adAccounts {\n        id\n      }\n      overrides {\n        id\n        campaignId\n        lifts\n        until\n        reason\n        createdBy\n      }\n      pacing {\n        method\n        daily {\n          ...PeriodPace\n        }\n        monthly {\n          ...PeriodPace\n        }\n      }\n      campaigns(first: 500, includeArchived: true) {\n        totalCount\n        edges {\n          node {\n            id\n            name\n            platform\n            externalCampaignId\n            status\n            pauseReason\n            pauseReasons\n            archivedAt\n            dailySpend\n            monthlySpend\n            schedules {\n              dayOfWeek\n              startTime\n              endTime\n              isActive\n            }\n          }\n        }\n      }\n    }\n  }\n": types.BrandPageDocument,
    "\n  mutation ArchiveBrand($id: ID!) {\n    archiveBrand(id: $id) {\n      id\n    }\n  }\n": types.ArchiveBrandDocument,
    "\n  mutation UnarchiveBrand($id: ID!) {\n    unarchiveBrand(id: $id) {\n      id\n    }\n  }\n": types.UnarchiveBrandDocument,
    "\n  query BrandOverrideState($id: ID!) {\n    brand(id: $id) {\n      id\n      campaigns(first: 500, includeArchived: true) {\n        edges {\n          node {\n            id\n            liftedReasons\n            overrides {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": types.BrandOverrideStateDocument,
    "\n  query BrandPlatformStates($id: ID!) {\n    brand(id: $id) {\n      id\n      campaigns(first: 500, includeArchived: true) {\n        edges {\n          node {\n            id\n            adAccount {\n              id\n              platform\n            }\n            platformState {\n              desired\n              actual\n              pausedByUs\n              syncedAt\n              lastError\n            }\n          }\n        }\n      }\n    }\n  }\n": types.BrandPlatformStatesDocument,
    "\n  fragment PeriodPace on PeriodPacing {\n    budget\n    projected\n    paceRatio\n    status\n    budgetUsedUp\n    runsOutAt\n  }\n": types.PeriodPaceFragmentDoc,
    "\n  fragment BulkOutcome on CampaignsOutcome {\n    changed {\n      id\n    }\n    unchanged {\n      id\n    }\n    statusChanges {\n      campaignId\n      fromStatus\n      toStatus\n      toReason\n    }\n  }\n": types.BulkOutcomeFragmentDoc,
    "\n  mutation PauseCampaigns($ids: [ID!]!) {\n    pauseCampaigns(ids: $ids) {\n      ...BulkOutcome\n    }\n  }\n": types.PauseCampaignsDocument,
    "\n  mutation ResumeCampaigns($ids: [ID!]!) {\n    resumeCampaigns(ids: $ids) {\n      ...BulkOutcome\n    }\n  }\n": types.ResumeCampaignsDocument,
    "\n  mutation ArchiveCampaigns($ids: [ID!]!) {\n    archiveCampaigns(ids: $ids) {\n      ...BulkOutcome\n    }\n  }\n": types.ArchiveCampaignsDocument,
    "\n  mutation PauseBrand($id: ID!) {\n    pauseBrand(id: $id) {\n      ...BulkOutcome\n    }\n  }\n": types.PauseBrandDocument,
    "\n  mutation ResumeBrand($id: ID!) {\n    resumeBrand(id: $id) {\n      ...BulkOutcome\n    }\n  }\n": types.ResumeBrandDocument,
    "\n  mutation CreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) {\n      id\n    }\n  }\n": types.CreateCampaignDocument,
    "\n  mutation PauseCampaign($id: ID!) {\n    pauseCampaign(id: $id) {\n      id\n    }\n  }\n": types.PauseCampaignDocument,
    "\n  mutation ResumeCampaign($id: ID!) {\n    resumeCampaign(id: $id) {\n      id\n    }\n  }\n": types.ResumeCampaignDocument,
    "\n  mutation ArchiveCampaign($id: ID!) {\n    archiveCampaign(id: $id) {\n      id\n    }\n  }\n": types.ArchiveCampaignDocument,
    "\n  mutation UnarchiveCampaign($id: ID!) {\n    unarchiveCampaign(id: $id) {\n      id\n    }\n  }\n": types.UnarchiveCampaignDocument,
    "\n  mutation UpdateCampaign($id: ID!, $input: UpdateCampaignInput!) {\n    updateCampaign(id: $id, input: $input) {\n      id\n    }\n  }\n": types.UpdateCampaignDocument,
    "\n  query BrandNextChanges($id: ID!) {\n    brand(id: $id) {\n      id\n      campaigns(first: 500) {\n        edges {\n          node {\n            id\n            name\n            status\n            nextChange {\n              at\n              reason\n              toStatus\n              toReason\n            }\n          }\n        }\n      }\n    }\n  }\n": types.BrandNextChangesDocument,
    "\n  mutation StartOverride($input: StartOverrideInput!) {\n    startOverride(input: $input) {\n      id\n    }\n  }\n": types.StartOverrideDocument,
    "\n  mutation CancelOverride($id: ID!) {\n    cancelOverride(id: $id) {\n      id\n    }\n  }\n": types.CancelOverrideDocument,
    "\n  mutation RecordSpend($input: SpendInput!) {\n    recordSpend(input: $input) {\n      duplicate\n      spend {\n        amount\n      }\n      statusChanges {\n        campaignName\n        toReason\n      }\n    }\n  }\n": types.RecordSpendDocument,
    "\n  query BrandSpends($brandId: ID, $campaignId: ID, $from: Date, $to: Date) {\n    spends(brandId: $brandId, campaignId: $campaignId, from: $from, to: $to, first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          amount\n          occurredAt\n          spendDate\n          description\n          source\n          spendType\n          recordedBy\n          campaign {\n            name\n          }\n        }\n      }\n    }\n  }\n": types.BrandSpendsDocument,
    "\n  fragment FeedEvent on CampaignStatusEvent {\n    id\n    brandId\n    campaignId\n    campaignName\n    fromStatus\n    toStatus\n    toReason\n    trigger\n    actor\n    occurredAt\n    brand {\n      name\n      timezone\n    }\n  }\n": types.FeedEventFragmentDoc,
    "\n  fragment FeedAlert on BudgetAlert {\n    id\n    brandId\n    period\n    threshold\n    reached\n    spent\n    budget\n    occurredAt\n    brand {\n      name\n      timezone\n      currency\n    }\n  }\n": types.FeedAlertFragmentDoc,
    "\n  fragment BrandRow on Brand {\n    id\n    name\n    archivedAt\n    currency\n    dailyBudget\n    dailySpend\n    monthlyBudget\n    monthlySpend\n    active: campaigns(status: ACTIVE, first: 0) {\n      totalCount\n    }\n    paused: campaigns(status: PAUSED, first: 0) {\n      totalCount\n    }\n    overrides {\n      id\n    }\n  }\n": types.BrandRowFragmentDoc,
    "\n  query RecentEvents {\n    campaignStatusEvents(last: 20) {\n      edges {\n        node {\n          ...FeedEvent\n        }\n      }\n    }\n  }\n": types.RecentEventsDocument,
    "\n  query RecentAlerts {\n    budgetAlerts(last: 10) {\n      edges {\n        node {\n          ...FeedAlert\n        }\n      }\n    }\n  }\n": types.RecentAlertsDocument,
    "\n  subscription AlertFeed($after: ID) {\n    budgetAlert(afterAlertId: $after) {\n      ...FeedAlert\n    }\n  }\n": types.AlertFeedDocument,
    "\n  subscription StatusFeed($after: ID) {\n    campaignStatusChanged(afterEventId: $after) {\n      ...FeedEvent\n    }\n  }\n": types.StatusFeedDocument,
    "\n  subscription SpendFeed {\n    brandSpendChanged {\n      ...BrandRow\n    }\n  }\n": types.SpendFeedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateBrand($input: CreateBrandInput!) {\n    createBrand(input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql.js').CreateBrandDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateBrand($id: ID!, $input: UpdateBrandInput!) {\n    updateBrand(id: $id, input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql.js').UpdateBrandDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Brands($first: Int, $after: String, $name: String, $paused: Boolean, $archived: Boolean) {\n    brands(first: $first, after: $after, nameContains: $name, withPausedCampaigns: $paused, includeArchived: $archived) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...BrandRow\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').BrandsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OneBrand($id: ID!) {\n    brand(id: $id) {\n      ...BrandRow\n    }\n  }\n"): typeof import('./graphql.js').OneBrandDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BrandPace on Brand {\n    id\n    timezone\n    pacing {\n      daily {\n        ...PeriodPace\n      }\n      monthly {\n        ...PeriodPace\n      }\n    }\n  }\n"): typeof import('./graphql.js').BrandPaceFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BrandPaces($after: String, $offset: Int, $name: String, $paused: Boolean, $archived: Boolean) {\n    brands(first: 25, after: $after, offset: $offset, nameContains: $name, withPausedCampaigns: $paused, includeArchived: $archived) {\n      edges {\n        node {\n          ...BrandPace\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').BrandPacesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OneBrandPace($id: ID!) {\n    brand(id: $id) {\n      ...BrandPace\n    }\n  }\n"): typeof import('./graphql.js').OneBrandPaceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetSchedules($campaignId: ID!, $windows: [WindowInput!]!) {\n    setSchedules(campaignId: $campaignId, windows: $windows) {\n      id\n    }\n  }\n"): typeof import('./graphql.js').SetSchedulesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditPage($last: Int!, $before: String, $brandId: ID, $actor: String, $action: String) {\n    auditEntries(last: $last, before: $before, brandId: $brandId, actor: $actor, action: $action) {\n      totalCount\n      pageInfo {\n        hasPreviousPage\n        startCursor\n      }\n      edges {\n        node {\n          id\n          actor\n          action\n          targetType\n          targetId\n          brandId\n          before\n          after\n          occurredAt\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').AuditPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BacktestCampaigns($id: ID!) {\n    brand(id: $id) {\n      campaigns(first: 500) {\n        edges {\n          node {\n            id\n            name\n            schedules {\n              dayOfWeek\n              startTime\n              endTime\n              isActive\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').BacktestCampaignsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BacktestRun($brandId: ID!, $from: DateTime!, $to: DateTime!, $daily: Money, $monthly: Money, $windows: [ProposedWindows!]) {\n    backtest(brandId: $brandId, from: $from, to: $to, dailyBudget: $daily, monthlyBudget: $monthly, windows: $windows) {\n      paused\n      resumed\n      recordedChanges\n      spendWhilePaused\n      recordedSpendWhilePaused\n      changes {\n        at\n        campaignName\n        fromStatus\n        fromReason\n        toStatus\n        toReason\n        trigger\n      }\n      campaigns {\n        campaignId\n        campaignName\n        spendWhilePaused\n        recordedSpendWhilePaused\n      }\n    }\n  }\n"): typeof import('./graphql.js').BacktestRunDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveries($id: ID!, $after: String) {\n    webhookEndpoint(id: $id) {\n      id\n      deliveries(first: 20, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            at\n            eventType\n            messageId\n            attempt\n            succeeded\n            statusCode\n            error\n            durationMs\n            redelivery\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').WebhookDeliveriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RedeliverWebhook($deliveryId: ID!) {\n    redeliverWebhook(deliveryId: $deliveryId) {\n      messageId\n      waiting\n    }\n  }\n"): typeof import('./graphql.js').RedeliverWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      role\n      brandIds\n      createdAt\n      lastUsedAt\n      revokedAt\n    }\n  }\n"): typeof import('./graphql.js').ApiKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BrandChoices {\n    brands(first: 500, includeArchived: true) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').BrandChoicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($name: String!, $role: ApiKeyRole!, $brandIds: [ID!]) {\n    createApiKey(name: $name, role: $role, brandIds: $brandIds) {\n      key\n      apiKey {\n        id\n        name\n      }\n    }\n  }\n"): typeof import('./graphql.js').CreateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: String!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"): typeof import('./graphql.js').RevokeApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AllSpends(\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n    $search: String\n    $brandId: ID\n    $campaignId: ID\n    $source: String\n    $recordedBy: String\n    $from: Date\n    $to: Date\n  ) {\n    spends(\n      first: $first\n      after: $after\n      last: $last\n      before: $before\n      search: $search\n      brandId: $brandId\n      campaignId: $campaignId\n      source: $source\n      recordedBy: $recordedBy\n      from: $from\n      to: $to\n    ) {\n      totalCount\n      pageInfo {\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          id\n          amount\n          occurredAt\n          spendDate\n          spendType\n          source\n          recordedBy\n          description\n          brand {\n            id\n            name\n            currency\n            timezone\n          }\n          campaign {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').AllSpendsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SpendChoices($brandId: ID, $withCampaigns: Boolean!) {\n    brands(first: 500, includeArchived: true) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n    campaigns(brandId: $brandId, first: 500, includeArchived: true) @include(if: $withCampaigns) {\n      edges {\n        node {\n          id\n          name\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').SpendChoicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EndpointFields on WebhookEndpoint {\n    id\n    url\n    description\n    brandId\n    brand {\n      id\n      name\n    }\n    eventTypes\n    enabled\n    disabledAt\n    disabledReason\n    consecutiveFailures\n    nextAttemptAt\n    waitingRedeliveries\n    createdAt\n  }\n"): typeof import('./graphql.js').EndpointFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookEndpoints($after: String) {\n    webhookEndpoints(first: 100, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...EndpointFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').WebhookEndpointsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {\n    createWebhookEndpoint(input: $input) {\n      secret\n      endpoint {\n        id\n        url\n      }\n    }\n  }\n"): typeof import('./graphql.js').CreateWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhookEndpoint($id: ID!, $input: UpdateWebhookEndpointInput!) {\n    updateWebhookEndpoint(id: $id, input: $input) {\n      ...EndpointFields\n    }\n  }\n"): typeof import('./graphql.js').UpdateWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnableWebhookEndpoint($id: ID!) {\n    enableWebhookEndpoint(id: $id) {\n      ...EndpointFields\n    }\n  }\n"): typeof import('./graphql.js').EnableWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableWebhookEndpoint($id: ID!) {\n    disableWebhookEndpoint(id: $id) {\n      ...EndpointFields\n    }\n  }\n"): typeof import('./graphql.js').DisableWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      endpoint {\n        id\n        url\n      }\n    }\n  }\n"): typeof import('./graphql.js').RotateWebhookSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhookEndpoint($id: ID!) {\n    deleteWebhookEndpoint(id: $id)\n  }\n"): typeof import('./graphql.js').DeleteWebhookEndpointDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PickBrands {\n    brands(first: 500, includeArchived: true) {\n      edges {\n        node {\n          id\n          name\n          timezone\n          currency\n          dailyBudget\n          monthlyBudget\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').PickBrandsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      name\n      role\n      brandIds\n    }\n  }\n"): typeof import('./graphql.js').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BrandAdAccounts($id: ID!) {\n    brand(id: $id) {\n      id\n      driftPolicy\n      adAccounts {\n        id\n        platform\n        externalAccountId\n        name\n        currency\n        timeZone\n        status\n        lastSyncAt\n        lastError\n        campaigns(first: 0) {\n          totalCount\n        }\n        events(first: 10) {\n          id\n          kind\n          message\n          platformActor\n          occurredAt\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').BrandAdAccountsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConnectAdAccount($input: ConnectAdAccountInput!) {\n    connectAdAccount(input: $input) {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql.js').ConnectAdAccountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAdAccountCredentials($id: ID!, $credentials: AdAccountCredentialsInput!) {\n    updateAdAccountCredentials(id: $id, credentials: $credentials) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql.js').UpdateAdAccountCredentialsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisconnectAdAccount($id: ID!) {\n    disconnectAdAccount(id: $id)\n  }\n"): typeof import('./graphql.js').DisconnectAdAccountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SyncAdAccount($id: ID!) {\n    syncAdAccount(id: $id) {\n      error\n      pull {\n        dates\n        entries\n      }\n      drift {\n        found\n        repaused\n        reported\n      }\n      push {\n        paused\n        resumed\n        failed\n        retryAt\n      }\n    }\n  }\n"): typeof import('./graphql.js').SyncAdAccountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportAdCampaigns($adAccountId: ID!) {\n    importAdCampaigns(adAccountId: $adAccountId) {\n      linked\n      created\n      skipped\n    }\n  }\n"): typeof import('./graphql.js').ImportAdCampaignsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateDriftPolicy($id: ID!, $driftPolicy: DriftPolicy!) {\n    updateBrand(id: $id, input: { driftPolicy: $driftPolicy }) {\n      id\n      driftPolicy\n    }\n  }\n"): typeof import('./graphql.js').UpdateDriftPolicyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BrandAudit($brandId: ID) {\n    auditEntries(brandId: $brandId, last: 20) {\n      edges {\n        node {\n          id\n          actor\n          action\n          targetType\n          targetId\n          before\n          after\n          occurredAt\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').BrandAuditDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BrandPage($id: ID!) {\n    brand(id: $id) {\n      id\n      name\n      currency\n      timezone\n      dailyBudget\n      dailySpend\n      monthlyBudget\n      monthlySpend\n      alertThresholds\n      archivedAt\n      adAccounts {\n        id\n      }\n      overrides {\n        id\n        campaignId\n        lifts\n        until\n        reason\n        createdBy\n      }\n      pacing {\n        method\n        daily {\n          ...PeriodPace\n        }\n        monthly {\n          ...PeriodPace\n        }\n      }\n      campaigns(first: 500, includeArchived: true) {\n        totalCount\n        edges {\n          node {\n            id\n            name\n            platform\n            externalCampaignId\n            status\n            pauseReason\n            pauseReasons\n            archivedAt\n            dailySpend\n            monthlySpend\n            schedules {\n              dayOfWeek\n              startTime\n              endTime\n              isActive\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').BrandPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ArchiveBrand($id: ID!) {\n    archiveBrand(id: $id) {\n      id\n    }\n  }\n"): typeof import('./graphql.js').ArchiveBrandDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnarchiveBrand($id: ID!) {\n    unarchiveBrand(id: $id) {\n      id\n    }\n  }\n"): typeof import('./graphql.js').UnarchiveBrandDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BrandOverrideState($id: ID!) {\n    brand(id: $id) {\n      id\n      campaigns(first: 500, includeArchived: true) {\n        edges {\n          node {\n            id\n            liftedReasons\n            overrides {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').BrandOverrideStateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BrandPlatformStates($id: ID!) {\n    brand(id: $id) {\n      id\n      campaigns(first: 500, includeArchived: true) {\n        edges {\n          node {\n            id\n            adAccount {\n              id\n              platform\n            }\n            platformState {\n              desired\n              actual\n              pausedByUs\n              syncedAt\n              lastError\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').BrandPlatformStatesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PeriodPace on PeriodPacing {\n    budget\n    projected\n    paceRatio\n    status\n    budgetUsedUp\n    runsOutAt\n  }\n"): typeof import('./graphql.js').PeriodPaceFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BulkOutcome on CampaignsOutcome {\n    changed {\n      id\n    }\n    unchanged {\n      id\n    }\n    statusChanges {\n      campaignId\n      fromStatus\n      toStatus\n      toReason\n    }\n  }\n"): typeof import('./graphql.js').BulkOutcomeFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseCampaigns($ids: [ID!]!) {\n    pauseCampaigns(ids: $ids) {\n      ...BulkOutcome\n    }\n  }\n"): typeof import('./graphql.js').PauseCampaignsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeCampaigns($ids: [ID!]!) {\n    resumeCampaigns(ids: $ids) {\n      ...BulkOutcome\n    }\n  }\n"): typeof import('./graphql.js').ResumeCampaignsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ArchiveCampaigns($ids: [ID!]!) {\n    archiveCampaigns(ids: $ids) {\n      ...BulkOutcome\n    }\n  }\n"): typeof import('./graphql.js').ArchiveCampaignsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseBrand($id: ID!) {\n    pauseBrand(id: $id) {\n      ...BulkOutcome\n    }\n  }\n"): typeof import('./graphql.js').PauseBrandDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeBrand($id: ID!) {\n    resumeBrand(id: $id) {\n      ...BulkOutcome\n    }\n  }\n"): typeof import('./graphql.js').ResumeBrandDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql.js').CreateCampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseCampaign($id: ID!) {\n    pauseCampaign(id: $id) {\n      id\n    }\n  }\n"): typeof import('./graphql.js').PauseCampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeCampaign($id: ID!) {\n    resumeCampaign(id: $id) {\n      id\n    }\n  }\n"): typeof import('./graphql.js').ResumeCampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ArchiveCampaign($id: ID!) {\n    archiveCampaign(id: $id) {\n      id\n    }\n  }\n"): typeof import('./graphql.js').ArchiveCampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnarchiveCampaign($id: ID!) {\n    unarchiveCampaign(id: $id) {\n      id\n    }\n  }\n"): typeof import('./graphql.js').UnarchiveCampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCampaign($id: ID!, $input: UpdateCampaignInput!) {\n    updateCampaign(id: $id, input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql.js').UpdateCampaignDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BrandNextChanges($id: ID!) {\n    brand(id: $id) {\n      id\n      campaigns(first: 500) {\n        edges {\n          node {\n            id\n            name\n            status\n            nextChange {\n              at\n              reason\n              toStatus\n              toReason\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').BrandNextChangesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartOverride($input: StartOverrideInput!) {\n    startOverride(input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql.js').StartOverrideDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelOverride($id: ID!) {\n    cancelOverride(id: $id) {\n      id\n    }\n  }\n"): typeof import('./graphql.js').CancelOverrideDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordSpend($input: SpendInput!) {\n    recordSpend(input: $input) {\n      duplicate\n      spend {\n        amount\n      }\n      statusChanges {\n        campaignName\n        toReason\n      }\n    }\n  }\n"): typeof import('./graphql.js').RecordSpendDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BrandSpends($brandId: ID, $campaignId: ID, $from: Date, $to: Date) {\n    spends(brandId: $brandId, campaignId: $campaignId, from: $from, to: $to, first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          amount\n          occurredAt\n          spendDate\n          description\n          source\n          spendType\n          recordedBy\n          campaign {\n            name\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').BrandSpendsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FeedEvent on CampaignStatusEvent {\n    id\n    brandId\n    campaignId\n    campaignName\n    fromStatus\n    toStatus\n    toReason\n    trigger\n    actor\n    occurredAt\n    brand {\n      name\n      timezone\n    }\n  }\n"): typeof import('./graphql.js').FeedEventFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FeedAlert on BudgetAlert {\n    id\n    brandId\n    period\n    threshold\n    reached\n    spent\n    budget\n    occurredAt\n    brand {\n      name\n      timezone\n      currency\n    }\n  }\n"): typeof import('./graphql.js').FeedAlertFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BrandRow on Brand {\n    id\n    name\n    archivedAt\n    currency\n    dailyBudget\n    dailySpend\n    monthlyBudget\n    monthlySpend\n    active: campaigns(status: ACTIVE, first: 0) {\n      totalCount\n    }\n    paused: campaigns(status: PAUSED, first: 0) {\n      totalCount\n    }\n    overrides {\n      id\n    }\n  }\n"): typeof import('./graphql.js').BrandRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecentEvents {\n    campaignStatusEvents(last: 20) {\n      edges {\n        node {\n          ...FeedEvent\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').RecentEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecentAlerts {\n    budgetAlerts(last: 10) {\n      edges {\n        node {\n          ...FeedAlert\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').RecentAlertsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AlertFeed($after: ID) {\n    budgetAlert(afterAlertId: $after) {\n      ...FeedAlert\n    }\n  }\n"): typeof import('./graphql.js').AlertFeedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StatusFeed($after: ID) {\n    campaignStatusChanged(afterEventId: $after) {\n      ...FeedEvent\n    }\n  }\n"): typeof import('./graphql.js').StatusFeedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SpendFeed {\n    brandSpendChanged {\n      ...BrandRow\n    }\n  }\n"): typeof import('./graphql.js').SpendFeedDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
