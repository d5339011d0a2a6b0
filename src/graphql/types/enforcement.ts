// runEnforcement (a task now, as the worker would run it) and previewEnforcement (the same engine
// with the clock moved, writing nothing).
import { heavyReads } from '../../db/index.ts';
import { previewEnforcement, runEnforcement } from '../../engine/enforcement.ts';
import type { ReconcileResult } from '../../engine/reconcile.ts';
import { builder } from '../builder.ts';
import { write } from '../helpers.ts';
import { EnforcementTaskEnum, PauseReasonEnum } from './enums.ts';
import { StatusChangeRef } from './events.ts';

const ReasonCount = builder.objectRef<{ reason: string; count: number }>('ReasonCount').implement({
  fields: (t) => ({ reason: t.field({ type: PauseReasonEnum, resolve: (r) => r.reason as never }), count: t.exposeInt('count') }),
});

const EnforcementResult = builder.objectRef<ReconcileResult & { task: string }>('EnforcementResult').implement({
  description: '`checked`: campaigns evaluated; `relabeled`: paused with a new reason; `byReason`: changes by their new reason.',
  fields: (t) => ({
    task: t.field({ type: EnforcementTaskEnum, resolve: (r) => r.task as never }),
    checked: t.exposeInt('checked'),
    paused: t.exposeInt('paused'),
    resumed: t.exposeInt('resumed'),
    relabeled: t.exposeInt('relabeled'),
    byReason: t.field({ type: [ReasonCount], resolve: (r) => r.byReason }),
    changes: t.field({ type: [StatusChangeRef], resolve: (r) => r.changes }),
  }),
});

builder.mutationField('runEnforcement', (t) =>
  t.field({
    type: EnforcementResult,
    args: { task: t.arg({ type: EnforcementTaskEnum, required: true }) },
    resolve: async (_root, { task }, ctx) => ({
      task,
      ...(await write(ctx, (tx, scope, at) => runEnforcement(tx, task, at, scope))),
    }),
  }),
);

builder.queryField('previewEnforcement', (t) =>
  t.field({
    type: EnforcementResult,
    description:
      'What the task would change at `at` on the rows as they are now (jobs that would run before then are not simulated). Writes nothing.',
    args: { task: t.arg({ type: EnforcementTaskEnum, required: true }), at: t.arg({ type: 'DateTime', required: true }) },
    resolve: async (_root, args, ctx) => ({
      task: args.task,
      ...(await heavyReads().transaction((tx) => previewEnforcement(tx, args.task, args.at, ctx.scope!))),
    }),
  }),
);
