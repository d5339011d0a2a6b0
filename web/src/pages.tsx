// The dashboard's pages: each a hash route, a label in the top navigation, and the roles that may
// open it (a page is listed only for them; another key that opens its address is told it may not).
// A new page is one entry here.
import type { ComponentChildren } from 'preact';
import type { Me, Role } from './api.ts';
import { Audit } from './admin/Audit.tsx';
import { Backtest } from './admin/Backtest.tsx';
import { Keys } from './admin/Keys.tsx';
import { AllSpends } from './admin/Spends.tsx';
import { Webhooks } from './admin/Webhooks.tsx';
import type { Live } from './live.ts';
import { Overview } from './Overview.tsx';

export interface Page {
  /** the location hash, e.g. "#/keys" */
  href: string;
  label: string;
  roles: readonly Role[];
  render: (me: Me, live: Live) => ComponentChildren;
}

const READERS: readonly Role[] = ['viewer', 'operator', 'admin'];

export const PAGES: readonly Page[] = [
  { href: '#/', label: 'Overview', roles: READERS, render: (me, live) => <Overview me={me} live={live} /> },
  { href: '#/spends', label: 'Spends', roles: READERS, render: () => <AllSpends /> },
  { href: '#/audit', label: 'Audit trail', roles: READERS, render: () => <Audit /> },
  { href: '#/backtest', label: 'Backtest', roles: READERS, render: () => <Backtest /> },
  { href: '#/keys', label: 'Keys', roles: ['admin'], render: () => <Keys /> },
  { href: '#/webhooks', label: 'Webhooks', roles: ['operator', 'admin'], render: (me) => <Webhooks me={me} /> },
];

/** The page a location hash opens (its `?filters` aside): the overview for "", "#", "#/" and any hash no page has. */
export function pageOf(hash: string): Page {
  const path = hash.split('?')[0];
  return PAGES.find((p) => p.href === path) ?? PAGES[0]!;
}

/** The pages this role may open, as the top navigation's links; the current one marked. */
export function Nav({ role, current }: { role: Role; current: Page | null }) {
  return (
    <nav class="pages-nav" aria-label="Pages">
      <ul>
        {PAGES.filter((p) => p.roles.includes(role)).map((p) => (
          <li key={p.href}>
            <a href={p.href} aria-current={p === current ? 'page' : undefined}>
              {p.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
