// Ad accounts (Google Ads, Meta): the type, its queries and mutations (connect, new credentials,
// disconnect, import campaigns, sync now), what happened on the platforms (PlatformEvent, and the
// platformEvents subscription: src/feed/alerts.ts), and the fields they add to Brand and Campaign.
// Credentials go in and never come out: no type has them.
import { db } from '../../db/index.ts';
import { AdPlatform } from '../../db/generated/prisma/enums.ts';
import { connectAdAccount, disconnectAdAccount, readAccountRow, updateAdAccountCredentials } from '../../platforms/accounts.ts';
import { importAdCampaigns } from '../../platforms/importCampaigns.ts';
import { requireSecretKey } from '../../platforms/secrets.ts';
import { syncAccount, type DriftResult, type PullResult, type PushResult, type SyncResult } from '../../platforms/sync.ts';
import type { PlatformStateRow } from '../../platforms/push.ts';
import type { PlatformStatus } from '../../platforms/types.ts';
import { DomainError } from '../../domain/errors.ts';
import { builder } from '../builder.ts';
import { refresh, type Context } from '../context.ts';
import { actingScope, afterId, brandScope, id, optionalId, page, write } from '../helpers.ts';

const VIEWER = { viewer: true } as const;
/** AdAccount.events: newest first, at most this many */
export const MAX_ACCOUNT_EVENTS = 100;

export const AdPlatformEnum = builder.enumType(AdPlatform, { name: 'AdPlatform' });

const AdAccountStatusEnum = builder.enumType('AdAccountStatus', {
  values: {
    ACTIVE: { description: 'synced as it should be' },
    AUTH_FAILED: { description: 'the platform refuses the credentials (expired, revoked): updateAdAccountCredentials' },
    ERROR: { description: 'the last sync failed (lastError says why); the next poll tries again' },
    DISCONNECTED: { description: 'no longer synced' },
  } as const,
});

const PlatformStatusEnum = builder.enumType('PlatformCampaignStatus', {
  values: ['ENABLED', 'PAUSED', 'REMOVED'] as const satisfies readonly PlatformStatus[],
  description: 'A campaign’s status on its platform (Meta’s ACTIVE is ENABLED; its ARCHIVED and DELETED are REMOVED).',
});

builder.prismaObject('AdAccount', {
  description:
    'A brand’s account on an ad platform: its spend is read from it and its campaigns’ states applied to it. Its currency and time zone are the brand’s. Its credentials are stored encrypted and never answered.',
  authScopes: VIEWER,
  fields: (t) => ({
    id: t.exposeID('id'),
    brand: t.relation('brand'),
    brandId: t.exposeID('brandId'),
    platform: t.expose('platform', { type: AdPlatformEnum }),
    externalAccountId: t.exposeString('externalAccountId', { description: 'Google’s 10-digit customer id; Meta’s act_<digits>' }),
    name: t.exposeString('name', { description: 'as the platform names it' }),
    currency: t.exposeString('currency', { description: 'read from the platform at connect: the brand’s' }),
    timeZone: t.expose('timeZone', { type: 'TimeZone', description: 'read from the platform at connect: the brand’s' }),
    status: t.field({
      type: AdAccountStatusEnum,
      select: { status: true },
      resolve: (a) => a.status as typeof AdAccountStatusEnum.$inferType,
    }),
    lastSyncAt: t.expose('lastSyncAt', { type: 'DateTime', nullable: true, description: 'the last sync that ran through' }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'why the last sync or push failed, in the platform’s words' }),
    campaigns: t.relatedConnection('campaigns', {
      description: 'The brand’s campaigns linked to it, by name.',
      cursor: 'id',
      ...page,
      totalCount: true,
      query: () => ({ orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    }),
    events: t.field({
      type: [PlatformEventRef],
      description: `What happened on the platform that an operator should know (drift, refused credentials, failed pushes), newest first; at most ${MAX_ACCOUNT_EVENTS}.`,
      args: { first: t.arg.int({ defaultValue: 20 }) },
      resolve: (a, args, ctx) => {
        const first = args.first ?? 20;
        if (first < 0 || first > MAX_ACCOUNT_EVENTS) {
          throw new DomainError('INVALID_ARGUMENT', `first must be from 0 to ${MAX_ACCOUNT_EVENTS} (got ${first})`, 'first');
        }
        return ctx.accountEvents.load({ id: a.id, first });
      },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const PlatformEventRef = builder.prismaObject('PlatformEvent', {
  description: 'Something that happened on an ad platform that an operator should know. Kept after its account is disconnected.',
  authScopes: VIEWER,
  fields: (t) => ({
    id: t.id({ description: 'increasing', resolve: (e) => e.id.toString() }),
    kind: t.exposeString('kind', {
      description: 'DRIFT_REPAUSED, DRIFT_REPORTED, AUTH_FAILED, PUSH_FAILED, SYNC_FAILED, RECOVERED',
    }),
    message: t.exposeString('message'),
    platformActor: t.exposeString('platformActor', {
      nullable: true,
      description: 'who did it on the platform, when it says (a person’s email or name, an application)',
    }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
    platform: t.expose('platform', {
      type: AdPlatformEnum,
      nullable: true,
      description: 'the account’s, kept after a disconnect (null only for events older than that copy whose account was gone)',
    }),
    externalAccountId: t.exposeString('externalAccountId', { nullable: true, description: 'the account’s, kept after a disconnect' }),
    campaignName: t.exposeString('campaignName', {
      nullable: true,
      description: 'the campaign’s name when it happened; null for an account’s event',
    }),
    campaign: t.prismaField({
      type: 'Campaign',
      nullable: true,
      description: 'null for an account’s event, or once the campaign is deleted',
      select: { campaignId: true },
      resolve: (query, e) => (e.campaignId ? db().campaign.findUnique({ ...query, where: { id: e.campaignId } }) : null),
    }),
    adAccount: t.prismaField({
      type: 'AdAccount',
      nullable: true,
      description: 'null once the account is disconnected',
      select: { adAccountId: true },
      resolve: (query, e) => (e.adAccountId ? db().adAccount.findUnique({ ...query, where: { id: e.adAccountId } }) : null),
    }),
    brand: t.prismaField({
      type: 'Brand',
      nullable: true,
      description: 'null once the brand is deleted',
      select: { brandId: true },
      resolve: (query, e) => db().brand.findUnique({ ...query, where: { id: e.brandId } }),
    }),
    brandId: t.exposeID('brandId'),
  }),
});

builder.subscriptionField('platformEvents', (t) =>
  t.field({
    type: PlatformEventRef,
    description:
      'Every platform event (drift, refused credentials, a failed push or sync, a recovery) as it commits, from any process. With afterEventId: every matching event with a larger id first, then live ones, with no gap and no duplicate. Without brandId: every brand the key sees.',
    args: { brandId: t.arg.id(), afterEventId: t.arg.id() },
    // like budgetAlert: a brandId outside the key's brands yields nothing (it reads as unknown)
    subscribe: (_root, args, ctx) =>
      ctx.feed.subscribePlatformEvents(
        {
          brandIds: ctx.scope?.brandIds ?? null,
          brandId: optionalId(args.brandId, 'brandId'),
          afterId: afterId(args.afterEventId, 'afterEventId', 'a platform event id'),
        },
        ctx.principal?.keyId ?? null,
      ),
    resolve: (event, _args, ctx) => {
      refresh(ctx);
      return event;
    },
  }),
);

const PlatformStateRef = builder.objectRef<PlatformStateRow>('CampaignPlatformState').implement({
  description: 'A linked campaign on its ad platform: what the service wants there, and what the platform last said.',
  fields: (t) => ({
    desired: t.field({
      type: PlatformStatusEnum,
      nullable: true,
      description:
        "PAUSED when the campaign is paused here; ENABLED when it is active here and the service paused it there; null: left as it is (active here and not paused by the service, which resumes only what it paused; removed on the platform; or left running by the brand's REPORT drift policy until the service's decision changes)",
      resolve: (s) => s.desired,
    }),
    actual: t.field({
      type: PlatformStatusEnum,
      nullable: true,
      description: 'as last read or set; null: never read',
      resolve: (s) => s.actual as PlatformStatus | null,
    }),
    pausedByUs: t.exposeBoolean('pausedByUs', { description: 'the service paused it on the platform (and will resume it)' }),
    syncedAt: t.expose('syncedAt', { type: 'DateTime', nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'why the last push to it failed' }),
  }),
});

builder.prismaObjectFields('Brand', (t) => ({
  adAccounts: t.relation('adAccounts', { authScopes: VIEWER, query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }),
}));

builder.prismaObjectFields('Campaign', (t) => ({
  adAccount: t.relation('adAccount', {
    authScopes: VIEWER,
    nullable: true,
    description: 'the ad account it is linked to (importAdCampaigns)',
  }),
  platformState: t.field({
    type: PlatformStateRef,
    nullable: true,
    authScopes: VIEWER,
    description: 'null unless linked to an ad account',
    resolve: (c, _args, ctx) => ctx.platformStates.load(c.id),
  }),
}));

const accountsWhere = (args: { brandId?: string | number | null; platform?: AdPlatform | null }, ctx: Context) => ({
  AND: [
    brandScope<'brandId'>(ctx),
    args.brandId != null ? { brandId: optionalId(args.brandId, 'brandId') } : {},
    args.platform ? { platform: args.platform } : {},
  ],
});

builder.queryFields((t) => ({
  adAccount: t.prismaField({
    type: 'AdAccount',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      db().adAccount.findFirst({ ...query, where: { AND: [{ id: id(args.id) }, brandScope<'brandId'>(ctx)] } }),
  }),
  adAccounts: t.prismaConnection({
    type: 'AdAccount',
    cursor: 'id',
    ...page,
    description: 'The ad accounts the key sees, oldest first.',
    args: { brandId: t.arg.id(), platform: t.arg({ type: AdPlatformEnum }) },
    resolve: (query, _root, args, ctx) =>
      db().adAccount.findMany({ ...query, where: accountsWhere(args, ctx), orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    totalCount: (_root, args, ctx) => db().adAccount.count({ where: accountsWhere(args, ctx) }),
  }),
}));

const CredentialsInput = builder.inputType('AdAccountCredentialsInput', {
  description:
    'Stored encrypted (BUDGET_SECRET_KEY) and never answered. Google Ads: refreshToken (or an accessToken used as it is), and loginCustomerId when a manager account gives access. Meta: accessToken (a system user’s).',
  fields: (t) => ({
    refreshToken: t.string(),
    accessToken: t.string(),
    loginCustomerId: t.string({ description: 'Google: the manager account’s customer id, 10 digits (dashes allowed)' }),
  }),
});

const ConnectInput = builder.inputType('ConnectAdAccountInput', {
  fields: (t) => ({
    brandId: t.id({ required: true }),
    platform: t.field({ type: AdPlatformEnum, required: true }),
    externalAccountId: t.string({ required: true, description: 'Google: 123-456-7890 or 1234567890; Meta: act_123… or 123…' }),
    credentials: t.field({ type: CredentialsInput, required: true }),
  }),
});

const ImportRef = builder
  .objectRef<{ accountId: string; linked: number; created: number; skipped: number; campaignIds: string[] }>('AdCampaignImport')
  .implement({
    description: 'What importAdCampaigns did.',
    fields: (t) => ({
      adAccount: t.prismaField({
        type: 'AdAccount',
        resolve: (query, r) => db().adAccount.findUniqueOrThrow({ ...query, where: { id: r.accountId } }),
      }),
      linked: t.exposeInt('linked', { description: 'the brand’s campaigns found by their platform id, now linked' }),
      created: t.exposeInt('created', { description: 'campaigns made for those the brand did not have' }),
      skipped: t.exposeInt('skipped', { description: 'removed on the platform, or linked to another of the brand’s accounts' }),
      campaigns: t.prismaField({
        type: ['Campaign'],
        description: 'the linked and created campaigns, by name',
        resolve: (query, r) =>
          db().campaign.findMany({ ...query, where: { id: { in: r.campaignIds } }, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
      }),
    }),
  });

const PullRef = builder.objectRef<PullResult>('AdAccountSyncPull').implement({
  description: 'Spend read: running totals per campaign and account-date, turned into the ledger’s exact corrections.',
  fields: (t) => ({
    dates: t.field({ type: ['Date'], description: 'account-dates read, oldest first', resolve: (p) => p.dates }),
    campaigns: t.exposeInt('campaigns', { description: 'linked campaigns whose totals were compared' }),
    entries: t.exposeInt('entries', { description: 'ledger entries written (negative where a total went down)' }),
    unlinked: t.exposeInt('unlinked', { description: 'report rows of campaigns not linked to any of the brand’s' }),
  }),
});

const PushRef = builder.objectRef<PushResult>('AdAccountSyncPush').implement({
  description: 'Statuses applied on the platform where they differed from the service’s.',
  fields: (t) => ({
    paused: t.exposeInt('paused'),
    resumed: t.exposeInt('resumed'),
    failed: t.exposeInt('failed'),
    retryAt: t.expose('retryAt', { type: 'DateTime', nullable: true, description: 'the platform asked to wait: the rest goes then' }),
  }),
});

const DriftRef = builder.objectRef<DriftResult>('AdAccountSyncDrift').implement({
  description: 'Campaigns the service holds paused found running on the platform.',
  fields: (t) => ({
    found: t.exposeInt('found'),
    repaused: t.exposeInt('repaused'),
    reported: t.exposeInt('reported', { description: 'left running: the brand’s driftPolicy is REPORT' }),
  }),
});

const SyncRef = builder.objectRef<SyncResult>('AdAccountSync').implement({
  description: 'What syncAdAccount did: pull (spend), drift check, push (statuses).',
  fields: (t) => ({
    adAccount: t.prismaField({
      type: 'AdAccount',
      nullable: true,
      resolve: (query, r) => db().adAccount.findUnique({ ...query, where: { id: r.accountId } }),
    }),
    pull: t.field({ type: PullRef, nullable: true, resolve: (r) => r.pull }),
    push: t.field({ type: PushRef, nullable: true, resolve: (r) => r.push }),
    drift: t.field({ type: DriftRef, nullable: true, resolve: (r) => r.drift }),
    error: t.exposeString('error', {
      nullable: true,
      description: 'what stopped the sync (the account’s lastError); null when it ran through',
    }),
  }),
});

builder.mutationFields((t) => ({
  connectAdAccount: t.prismaField({
    type: 'AdAccount',
    description:
      'Connects a brand to an ad account after reading the account from the platform with these credentials: refused when its currency or time zone is not the brand’s (its days would not be the brand’s days), when the platform refuses the credentials (PLATFORM_AUTH), and without BUDGET_SECRET_KEY (NOT_CONFIGURED). importAdCampaigns links its campaigns next.',
    args: { input: t.arg({ type: ConnectInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const account = await connectAdAccount(db(), { ...input, brandId: String(input.brandId) }, actingScope(ctx), ctx.at, ctx.platforms);
      return db().adAccount.findUniqueOrThrow({ ...query, where: { id: account.id } });
    },
  }),
  updateAdAccountCredentials: t.prismaField({
    type: 'AdAccount',
    description:
      'Replaces the credentials once the platform accepts them for this account; the account is ACTIVE again, its last error cleared.',
    args: { id: t.arg.id({ required: true }), credentials: t.arg({ type: CredentialsInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const account = await updateAdAccountCredentials(db(), id(args.id), args.credentials, actingScope(ctx), ctx.at, ctx.platforms);
      return db().adAccount.findUniqueOrThrow({ ...query, where: { id: account.id } });
    },
  }),
  disconnectAdAccount: t.id({
    description: 'Removes the account and its credentials; answers its id. Its campaigns stay, unlinked; its events stay.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => (await write(ctx, (tx, scope, at) => disconnectAdAccount(tx, id(args.id), scope, at))).id,
  }),
  importAdCampaigns: t.field({
    type: ImportRef,
    description:
      'Links the account’s campaigns to the brand’s by platform id (a campaign whose platform is written google, facebook, … counts too), creating those it lacks; removed ones are skipped.',
    args: { adAccountId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const r = await importAdCampaigns(db(), id(args.adAccountId, 'adAccountId'), actingScope(ctx), ctx.at, ctx.platforms);
      return { accountId: r.account.id, linked: r.linked, created: r.created, skipped: r.skipped, campaignIds: r.campaignIds };
    },
  }),
  syncAdAccount: t.field({
    type: SyncRef,
    description: 'Pull, drift check and push now (the last 7 days’ spend), answering what it did.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const account = await readAccountRow(db(), id(args.id), actingScope(ctx));
      const secretKey = requireSecretKey(ctx.platforms.secretKey, 'id');
      return syncAccount(db(), account.id, { platforms: ctx.platforms.platforms, secretKey, full: true });
    },
  }),
}));
