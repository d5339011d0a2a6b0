// What an operation costs, computed before it runs, as GitHub's and Shopify's APIs do: each field
// its weight, times the size of every list above it (a connection's `first` or `last`, else its
// default of 50). Over the limit the whole operation is refused (COST_LIMIT, HTTP 400) with the
// cost, the limit and the fields most of it comes from; nothing has run.
//
// A point is about one object of the answer read from the database (~0.1 ms on the 2-core machine
// these were measured on): a page of 500 campaigns with their brands is ~1,000 points, 30–50 ms.
// A leaf (scalar, enum) is free: its row is already read. The heavy fields weigh what they cost.
// Measured there (10 brands × 100 campaigns, 120,000 spends in the month, ~2 windows a campaign):
//   Campaign.pacing     500 campaigns 2.8–3.0 s          5.8 ms each → 60; since its open time is made once
//                       a shape and its curve in one pass, 0.25–0.55 s with the machine loaded (the old
//                       statement 3.2–6.2 s beside it): ~1 ms each at worst → 10
//   Brand.pacing        10 brands 0.26 s                 25 ms each (100 campaigns, 12,000 spends) → 250
//   Campaign.nextChange 500 campaigns 0.12–0.16 s        0.28 ms each → 3 (one statement since, 0.2–0.5 s
//                       loaded, the loop over boundaries 0.55–0.9 s beside it)
//   pauseReasons, dailySpend, …   500 campaigns ≤ 10 ms  (one batched statement) → free, as leaves
//   previewEnforcement  the engine dry-run over every brand in reach: 0.04 s at 1,000 campaigns, 0.4–1 s at 100,000 → 5,000
//   backtest            its fixed part (a month of the brand's spends and events), ~0.5 s → 5,000, and its
//                       size once its policy is known, before the work (BACKTEST_POINTS, charge below)
// The limit, 20,000 points, is about 2 s of such work: campaigns(first: 500) with pacing,
// nextChange and pauseReasons (8,001) runs, 20 brands × 100 campaigns with pacing (26,041) is
// refused; the dashboard's own queries cost 6,326 at most (the overview's paces of 25 brands).
// The heavy fields also run on their own pool with a statement timeout (src/db/heavy.ts): the
// bound for what a weight cannot know (a brand's size, windows by the hundred).
import {
  getArgumentValues,
  getNamedType,
  getOperationAST,
  GraphQLError,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DomainError, HTTP_STATUS } from '../domain/errors.ts';
import { currentRequestId } from '../log.ts';
import type { BacktestSize } from '../reads/backtest.ts';
import { PAGE } from './builder.ts';
import type { Context, Cost } from './context.ts';
import { logError } from './errors.ts';

/** The most an operation may cost, in points. */
export const COST_LIMIT = 20_000;

export interface FieldCost {
  /** points per time the field is resolved (default: 1 for an object, 0 for a leaf) */
  weight?: number;
  /** a list without `first`: the size it is counted at (its typical size, or this argument: a list's length, or a number) */
  size?: number | { argument: string };
}

/** By schema coordinate. Every list of objects without `first` is here (a test checks it). */
export const FIELD_COSTS: Readonly<Record<string, FieldCost>> = {
  'Campaign.pacing': { weight: 10 },
  'Brand.pacing': { weight: 250 },
  'Campaign.nextChange': { weight: 3 },
  'Query.previewEnforcement': { weight: 5_000 },
  'Query.backtest': { weight: 5_000 },
  // up to 100 a campaign; counted at a typical 10 (its rows are cheap: the dashboard reads 500 campaigns' windows)
  'Campaign.schedules': { size: 10 },
  'Query.schedules': { size: 10 },
  'Mutation.setSchedules': { size: { argument: 'windows' } },
  'Mutation.recordSpends': { size: { argument: 'inputs' } },
  // computed with their parent, in memory
  'Backtest.changes': { size: 1 },
  'Backtest.campaigns': { size: 1 },
  'EnforcementResult.changes': { size: 1 },
  'EnforcementResult.byReason': { size: 1 },
  'RecordSpendPayload.statusChanges': { size: 1 },
  'Health.checks': { size: 1 },
  'Query.apiKeys': { size: 1 },
  // those in force: seldom more than one or two; the list at most 500 plain rows
  'Brand.overrides': { size: 2 },
  'Campaign.overrides': { size: 2 },
  'Query.overrides': { size: 50 },
  // a brand has a few accounts; an account's events are asked by `first` (default 20, at most 100)
  'Brand.adAccounts': { size: 3 },
  'AdAccount.events': { size: { argument: 'first' } },
  // a bulk act's answer: up to 500 campaigns (MAX_BULK)
  'CampaignsOutcome.changed': { size: 500 },
  'CampaignsOutcome.unchanged': { size: 500 },
  'CampaignsOutcome.statusChanges': { size: 500 },
  // in a mutation's answer: counted by weight only
  'AdCampaignImport.campaigns': { size: 100 },
};

/** A backtest's size (reads/backtest.ts) in points: ~30 µs a boundary, ~50 ns a window check, ~0.3 µs a campaign step. */
export const BACKTEST_POINTS: Readonly<Record<keyof BacktestSize, number>> = {
  boundaries: 0.3,
  windowChecks: 0.0005,
  campaignSteps: 0.003,
};

export function backtestPoints(size: BacktestSize): number {
  return (Object.keys(BACKTEST_POINTS) as (keyof BacktestSize)[]).reduce((sum, k) => sum + size[k] * BACKTEST_POINTS[k], 0);
}

/** What a connection's pieces cost: its rows are its nodes, its count one statement. */
const CONNECTION_PARTS: Readonly<Record<string, FieldCost>> = { edges: { weight: 0 }, pageInfo: { weight: 0 }, totalCount: { weight: 1 } };

export interface CostReport extends Cost {
  /** the heaviest schema coordinates, most points first: [coordinate, points] */
  heaviest: [string, number][];
}

/**
 * The operation's cost. In a mutation's answer only fields with a weight of their own count (times
 * the lists above them): what it wrote is bounded by the mutation's own limits (10,000 spends).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limit = COST_LIMIT,
): CostReport {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  const byCoordinate = new Map<string, number>();
  if (!operation || !root) return { requested: 0, limit, heaviest: [] };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const objectWeight = operation.operation === 'mutation' ? 0 : 1;
  const vars = variables ?? {};

  // owner: the connection field a page's rows are counted under (Query.campaigns, not its edge type)
  const walk = (
    selectionSet: SelectionSetNode,
    type: GraphQLNamedType,
    times: number,
    page: number,
    owner: string,
    spread: Set<string>,
  ): number => {
    if (!isObjectType(type)) return 0;
    let sum = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (on) sum += walk(selection.selectionSet, on, times, page, owner, spread);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const on = fragment && schema.getType(fragment.typeCondition.name.value);
        // a cycle is refused by validation first; a spread counts each time it is used
        if (!fragment || !on || spread.has(fragment.name.value)) continue;
        sum += walk(fragment.selectionSet, on, times, page, owner, new Set([...spread, fragment.name.value]));
        continue;
      }
      const name = selection.name.value;
      const field = type.getFields()[name];
      if (!field || name.startsWith('__')) continue; // introspection: the schema's size, in memory
      const named = getNamedType(field.type);
      const connection = isConnection(type) ? CONNECTION_PARTS[name] : undefined;
      const rule = FIELD_COSTS[`${type.name}.${name}`] ?? connection ?? {};
      const weight = rule.weight ?? (isLeafType(named) ? 0 : objectWeight);
      // arguments count only for a page's size or a list's (coercing them costs as much as the rest)
      const args = isConnection(named) || (isListOf(field) && typeof rule.size === 'object') ? argumentsOf(field, selection, vars) : {};
      // a connection's page: its edges are that many
      const pageOf = isConnection(named) ? pageSize(args) : page;
      const size = name === 'edges' && connection ? page : listSize(field, rule, args);
      const points = weight * times * (isListOf(field) ? size : 1);
      const coordinate = isConnection(type) || isEdge(type) ? owner : `${type.name}.${name}`;
      if (points > 0) byCoordinate.set(coordinate, (byCoordinate.get(coordinate) ?? 0) + points);
      sum += points;
      if (selection.selectionSet) {
        const inner = isConnection(named) ? `${type.name}.${name}` : coordinate;
        sum += walk(selection.selectionSet, named, times * (isListOf(field) ? size : 1), pageOf, inner, spread);
      }
    }
    return sum;
  };

  const requested = Math.ceil(walk(operation.selectionSet, root, 1, PAGE.default, root.name, new Set()));
  const heaviest = [...byCoordinate].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return { requested, limit, heaviest };
}

function isListOf(field: GraphQLField<unknown, unknown>): boolean {
  const type = isNonNullType(field.type) ? field.type.ofType : field.type;
  return isListType(type);
}

function isConnection(type: GraphQLNamedType): boolean {
  return isObjectType(type) && 'edges' in type.getFields() && 'pageInfo' in type.getFields();
}

function isEdge(type: GraphQLNamedType): boolean {
  return isObjectType(type) && 'node' in type.getFields() && 'cursor' in type.getFields();
}

/** first or last, within 0…PAGE.max (more is refused when it runs), else the default page. */
function pageSize(args: Record<string, unknown>): number {
  const n = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : PAGE.default;
  return Math.min(Math.max(n, 0), PAGE.max);
}

function listSize(field: GraphQLField<unknown, unknown>, rule: FieldCost, args: Record<string, unknown>): number {
  if (!isListOf(field)) return 1;
  if (typeof rule.size === 'number') return rule.size;
  if (rule.size) {
    const value = args[rule.size.argument];
    // a list's length (the items sent), or a count (`first`)
    return Array.isArray(value) ? value.length : typeof value === 'number' ? Math.max(value, 0) : 1;
  }
  return 1;
}

/** The field's arguments with the variables in; {} when they do not coerce (execution refuses those). */
function argumentsOf(
  field: GraphQLField<unknown, unknown>,
  node: Parameters<typeof getArgumentValues>[1],
  variables: Record<string, unknown>,
): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, variables);
  } catch {
    return {};
  }
}

/** 12000 → "12,000" */
const points = (n: number) => n.toLocaleString('en-US');

function refusal(report: CostReport): GraphQLError {
  const heaviest = report.heaviest.map(([coordinate, n]) => `${coordinate} ${points(n)}`).join(', ');
  const requestId = currentRequestId();
  return new GraphQLError(
    `this operation would cost ${points(report.requested)} points, over the limit of ${points(report.limit)}` +
      `${heaviest ? ` (most of it: ${heaviest})` : ''}: ask for smaller pages (first) or fewer heavy fields (README, "Access control")`,
    {
      extensions: {
        code: 'COST_LIMIT',
        cost: { requested: report.requested, limit: report.limit },
        ...(requestId ? { requestId } : {}),
        http: { status: HTTP_STATUS.COST_LIMIT },
      },
    },
  );
}

/**
 * Refuses an operation over the limit before it runs (queries, mutations, subscriptions alike),
 * and leaves the cost in the context for what charges more once it knows its size (charge).
 */
export function useCostLimit(limit = COST_LIMIT): Plugin {
  const check = (args: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operationName?: string | null;
    variableValues?: Record<string, unknown> | null;
    contextValue: unknown;
  }): GraphQLError | null => {
    const report = operationCost(args.schema, args.document, args.operationName, args.variableValues, limit);
    (args.contextValue as Context).cost = { requested: report.requested, limit };
    if (report.requested <= limit) return null;
    // a result set before execution is neither masked nor logged by Yoga: its one info line is ours
    const refused = refusal(report);
    logError(refused);
    return refused;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = check(args);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = check(args);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
  };
}

/**
 * Adds what a field learns it costs once it knows its size (a backtest's), before it does the
 * work: over the limit it is refused at its field (COST_LIMIT), and the rest of the answer stands.
 * what: the size in words, and how to ask for less.
 */
export function charge(ctx: Context, extra: number, what: string): void {
  const requested = ctx.cost.requested + Math.max(0, Math.ceil(extra));
  if (requested > ctx.cost.limit) {
    throw new DomainError(
      'COST_LIMIT',
      `${what}: with it this operation would cost ${points(requested)} points, over the limit of ${points(ctx.cost.limit)}`,
    );
  }
  ctx.cost.requested = requested;
}
