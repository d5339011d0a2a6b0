// `budget override start | list | cancel`: emergency overrides (src/engine/overrides.ts) from the
// command line, as the command line's admin scope (actor `cli`, in the audit trail and the status events).
import { parseArgs } from 'node:util';
import { db } from '../db/index.ts';
import { parseId } from '../domain/errors.ts';
import { CLI } from '../domain/scope.ts';
import type { StatusChange } from '../engine/events.ts';
import { cancelOverride, startOverride } from '../engine/overrides.ts';
import { listOverrides, type ListedOverride } from '../reads/overrides.ts';
import { instant } from './backtest.ts';

export const OVERRIDE_USAGE = `  override start --campaign ID | --brand ID --lifts R[,R…] --until T --reason TEXT [--json]
                                          let a campaign (or every campaign of a brand) run despite
                                          DAILY_BUDGET, MONTHLY_BUDGET and/or DAYPARTING until T
  override list [--brand ID] [--all] [--json]   the overrides in force (--all: ended ones too)
  override cancel <id>                    end an override now: its rules apply at once`;

export async function overrideCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  switch (action) {
    case 'start': {
      const { values } = parseArgs({
        args: rest,
        options: {
          campaign: { type: 'string' },
          brand: { type: 'string' },
          lifts: { type: 'string' },
          until: { type: 'string' },
          reason: { type: 'string' },
          json: { type: 'boolean' },
        },
      });
      const { override, statusChanges } = await db().$transaction((tx) =>
        startOverride(
          tx,
          {
            campaignId: values.campaign ?? null,
            brandId: values.brand ?? null,
            lifts: (values.lifts ?? '')
              .split(',')
              .map((r) => r.trim().toUpperCase())
              .filter(Boolean),
            until: instant(values.until, 'until'),
            reason: values.reason ?? '',
          },
          CLI,
          new Date(),
        ),
      );
      const [listed] = (await listOverrides(db(), { all: true, brandId: override.brandId }, new Date())).filter(
        (o) => o.id === override.id,
      );
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ override: listed, statusChanges })}\n`);
        return 0;
      }
      process.stdout.write(`Override ${override.id} started: ${line(listed!)}\n${changes(statusChanges)}`);
      return 0;
    }
    case 'list': {
      const { values } = parseArgs({
        args: rest,
        options: { brand: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } },
      });
      const brandId = values.brand === undefined ? undefined : parseId(values.brand, 'brand');
      const rows = await listOverrides(db(), { brandId, all: Boolean(values.all) }, new Date());
      if (values.json) {
        process.stdout.write(`${JSON.stringify(rows)}\n`);
        return 0;
      }
      for (const o of rows) process.stdout.write(`${o.id}  ${line(o)}\n`);
      if (rows.length === 0) process.stdout.write(values.all ? 'no overrides\n' : 'no overrides in force\n');
      return 0;
    }
    case 'cancel': {
      const id = rest[0];
      if (!id) {
        process.stderr.write('budget: override cancel needs the override’s id\n');
        return 2;
      }
      const at = new Date();
      const { override, statusChanges } = await db().$transaction((tx) => cancelOverride(tx, id, CLI, at));
      const done = override.cancelledAt?.getTime() === at.getTime();
      process.stdout.write(
        `Override ${override.id} ${done ? 'is cancelled: the rules it lifted apply again' : 'was no longer in force: nothing to cancel'}.\n${changes(statusChanges)}`,
      );
      return 0;
    }
    default:
      process.stderr.write(`budget: override start | list | cancel\n${OVERRIDE_USAGE}\n`);
      return 2;
  }
}

/** "Launch (Acme) runs despite daily budget until 2026-12-02T17:00:00.000Z (02/12/2026, 18:00 Europe/Paris) — launch day, by alice" */
function line(o: ListedOverride): string {
  const local = o.until.toLocaleString('en-GB', { timeZone: o.timezone, dateStyle: 'short', timeStyle: 'short' });
  const who = o.campaignName === null ? `every campaign of ${o.brandName}` : `${o.campaignName} (${o.brandName})`;
  const lifts = o.lifts.map((r) => r.toLowerCase().replace('_', ' ')).join(', ');
  const state = o.cancelledAt ? `, cancelled ${o.cancelledAt.toISOString()} by ${o.cancelledBy}` : '';
  return `${who} runs despite ${lifts} until ${o.until.toISOString()} (${local} ${o.timezone}) — ${o.reason}, by ${o.createdBy}${state}`;
}

function changes(list: StatusChange[]): string {
  return list
    .map(
      (c) =>
        `  ${c.campaignName}: ${c.fromStatus}${c.fromReason ? `/${c.fromReason}` : ''} -> ${c.toStatus}${c.toReason ? `/${c.toReason}` : ''}\n`,
    )
    .join('');
}
