// The per-request context: who acts, the request's instant, and batch loaders for computed figures.
import DataLoader from 'dataloader';
import { db } from '../db/index.ts';
import { brandFigures, campaignFigures, type Figures } from '../engine/figures.ts';
import type { Scope } from '../domain/scope.ts';
import type { Principal } from '../server/auth.ts';

export interface Context {
  /** the API key (null: none given; only open fields run) */
  principal: Principal | null;
  /** who acts: the key's name, or `anonymous` */
  actor: string;
  /** what the key may act on (null: no key); engine writes take it */
  scope: Scope | null;
  /** one instant per request: every figure of one answer is computed at the same moment */
  at: Date;
  figures: {
    brand: DataLoader<string, Figures>;
    campaign: DataLoader<string, Figures>;
  };
}

const ZERO: Figures = { daily: 0n, monthly: 0n };

export function createContext(principal: Principal | null = null): Context {
  const context: Context = {
    principal,
    actor: principal?.name ?? 'anonymous',
    scope: principal ? { actor: principal.name, role: principal.role, brandIds: principal.brandIds } : null,
    at: new Date(),
    figures: {
      brand: new DataLoader(async (ids) => {
        const found = await brandFigures(db(), ids, context.at);
        return ids.map((id) => found.get(id) ?? ZERO);
      }),
      campaign: new DataLoader(async (ids) => {
        const found = await campaignFigures(db(), ids, context.at);
        return ids.map((id) => found.get(id) ?? ZERO);
      }),
    },
  };
  return context;
}

/** A subscription lives on one context: each event is answered as of its own moment. */
export function refresh(context: Context): void {
  context.at = new Date();
  context.figures.brand.clearAll();
  context.figures.campaign.clearAll();
}
