// Who acts, and on which brands: every engine write takes a Scope and checks it after taking its
// brand locks (a key limited to some brands sees and changes only those). Roles are checked at
// the API's edge (GraphQL auth scopes); brands are checked here, once, where the rows are locked.
import type { ApiKeyRole } from '../db/generated/prisma/enums.ts';
import { DomainError } from './errors.ts';

export type Role = ApiKeyRole;

export interface Scope {
  /** the API key's name, `cli` or `system`: the actor of audit entries and status events */
  readonly actor: string;
  readonly role: Role;
  /** the brands it may see and change; null = every brand */
  readonly brandIds: readonly string[] | null;
}

/** An authenticated API key (or BUDGET_ADMIN_KEY): a Scope plus what the HTTP layer needs. */
export interface Principal extends Scope {
  /** null for BUDGET_ADMIN_KEY */
  readonly keyId: string | null;
  /** BUDGET_ADMIN_KEY: no rate limit */
  readonly exempt: boolean;
}

/** Scheduled jobs. */
export const SYSTEM: Scope = Object.freeze({ actor: 'system', role: 'admin', brandIds: null });
/** The command line. */
export const CLI: Scope = Object.freeze({ actor: 'cli', role: 'admin', brandIds: null });

export function mayAct(scope: Scope, brandId: string): boolean {
  return scope.brandIds === null || scope.brandIds.includes(brandId);
}

/** A brand outside the scope is FORBIDDEN to a write. */
export function assertMayAct(scope: Scope, brandId: string, field?: string): void {
  if (!mayAct(scope, brandId)) throw new DomainError('FORBIDDEN', 'this API key may not act on that brand', field);
}

/**
 * The brands a whole-run operation reaches: the scope's, intersected with those asked for
 * (undefined = no limit asked). Never lets one widen the other.
 */
export function reach(scope: Scope, asked?: readonly string[]): string[] | undefined {
  if (scope.brandIds === null) return asked ? [...asked] : undefined;
  return asked ? asked.filter((b) => scope.brandIds!.includes(b)) : [...scope.brandIds];
}
