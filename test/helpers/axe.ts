// The automated accessibility check: axe-core (the npm package, injected from node_modules, never
// fetched) run in the page as it stands; a serious or critical violation fails the test, named
// with the elements it was found on.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type Violation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };

/** Serious and critical violations on the page now, as lines "rule: help (at selectors)"; [] when none. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // evaluated, not added as a <script>: the dashboard's Content-Security-Policy allows no inline script
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return (violations as Violation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.help} (at ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(', ')})`,
    );
}

/** Fails, naming each serious or critical violation, unless there is none. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const found = await accessibilityViolations(page);
  if (found.length) throw new Error(`accessibility violations on ${where}:\n  ${found.join('\n  ')}`);
}
