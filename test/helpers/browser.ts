// Headless Chromium for the browser tests: Debian's /usr/bin/chromium (or CHROMIUM_PATH), never a
// downloaded browser; pages that reach only this machine, as on a network without internet.
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
/** the dashboard's bundle is built (`npm install` builds it; `npm run build` again after a change) */
export const built = existsSync(new URL('../../web/dist/index.html', import.meta.url));
/** the dashboard's browser tests can run: Chromium and the built bundle are both here */
export const browserReady = hasChromium && built;
/** where screenshots go (a CI artifact) */
export const SHOTS = 'test-results';

/** A context whose requests to any other host are aborted, and remembered in `offsite`. */
export async function offlineContext(
  browser: Browser,
  offsite: string[],
  viewport = { width: 1400, height: 900 },
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (['127.0.0.1', 'localhost'].includes(url.hostname)) return route.continue();
    offsite.push(url.href);
    return route.abort();
  });
  return context;
}

/** A page of the dashboard at `url`, signed in with `apiKey`, in an offline context. */
export async function signedIn(browser: Browser, offsite: string[], url: string, apiKey: string, width = 1300): Promise<Page> {
  const context = await offlineContext(browser, offsite, { width, height: 850 });
  const page = await context.newPage();
  page.setDefaultTimeout(8_000); // an action that cannot happen fails with its locator, not the test's timeout
  await page.goto(url);
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

/** The focused element as a keyboard user meets it: its tag, its text, and its label (aria-label, else its <label>'s text). */
export interface Focused {
  tag: string;
  text: string;
  label: string;
}

export const focusedOn = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    return {
      tag: a?.tagName ?? '',
      text: a?.textContent?.trim() ?? '',
      label: a?.getAttribute('aria-label') ?? (a as HTMLInputElement | null)?.labels?.[0]?.textContent?.trim() ?? '',
    };
  });

/**
 * Presses Tab (only the keyboard moves the focus) until the focused element is `target`: a
 * locator's element, a name (its label, else its text) or a test of `Focused`; fails saying where it stopped.
 */
export async function tabTo(page: Page, target: Locator | string | ((el: Focused) => boolean), limit = 150): Promise<void> {
  const reached =
    typeof target === 'string'
      ? async () => {
          const el = await focusedOn(page);
          return (el.label || el.text) === target;
        }
      : typeof target === 'function'
        ? async () => target(await focusedOn(page))
        : () => target.evaluate((el) => el === document.activeElement);
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await reached()) return;
  }
  throw new Error(
    `${typeof target === 'string' ? target : 'the control'}: not reachable by Tab (at ${JSON.stringify(await focusedOn(page))})`,
  );
}
