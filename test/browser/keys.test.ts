// The API keys page (#/keys) in headless Chromium: an admin makes a key in the page, copies the
// key shown once and calls the API with it, revokes it (after a confirmation) and the API refuses
// it; refusals at their field; a viewer and an operator are not offered the page and are told so
// at its address; desktop and phone width pass the accessibility check; a key made by keyboard alone.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expectAccessible } from '../helpers/axe.ts';
import { CHROMIUM, offlineContext, signedIn, SHOTS, browserReady, built, tabTo } from '../helpers/browser.ts';
import type { TestDb } from '../helpers/db.ts';
import { closeServer, okData, serverForFile, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

if (!browserReady)
  process.stderr.write(`keys browser tests skipped: ${built ? `no Chromium at ${CHROMIUM}` : 'web/dist not built (npm run build)'}\n`);

let t: TestDb;
let s: TestServer;
let browser: Browser;
let admin: string;
const offsite: string[] = [];

const key = async (role: string, name = `${role} ${Math.random()}`) =>
  (await okData(s, `mutation ($n: String!) { createApiKey(name: $n, role: ${role}) { key } }`, { n: name })).createApiKey.key as string;
/** what the API answers a request carrying this key */
const me = (apiKey: string) => s.gql(`{ me { name role brandIds } }`, {}, { authorization: `Bearer ${apiKey}` });
const row = (page: Page, name: string) => page.locator(`tr[data-key="${name}"]`);

describe.skipIf(!browserReady)('the API keys page', () => {
  beforeAll(async () => {
    ({ t, s } = await serverForFile());
    admin = await key('admin', 'page admin');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await closeServer(t, s);
  });

  it('an admin makes a key, uses the key shown once, revokes it and the API refuses it; refusals at their field', async () => {
    const brandId = (await okData(s, `mutation { createBrand(input: { name: "Northwind Coffee" }) { id } }`)).createBrand.id as string;
    const page = await signedIn(browser, offsite, `${s.url}/#/keys`, admin, 1300);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await row(page, 'page admin').waitFor();
    expect(await page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents()).toEqual([
      'Overview',
      'Spends',
      'Audit trail',
      'Backtest',
      'Keys',
      'Webhooks',
    ]);
    expect(await page.getByRole('link', { name: 'Keys' }).getAttribute('aria-current')).toBe('page');

    // an empty name, then an admin key limited to a brand: each at its field, nothing made
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Make the key' }) });
    await form.getByRole('button', { name: 'Make the key' }).click();
    await expect.poll(() => page.locator('#key-name-error').textContent()).toMatch(/^name /);
    expect(await form.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Name', { exact: true }).fill('Reporting job');
    await form.getByLabel('Role').selectOption('admin');
    await form.getByLabel('Northwind Coffee').check();
    await form.getByRole('button', { name: 'Make the key' }).click();
    await expect.poll(() => page.locator('#key-brandIds-error').textContent()).toContain('cannot be limited to some');
    await expect.poll(() => page.locator('#key-name-error').count()).toBe(0);
    expect((await okData(s, `{ apiKeys { name } }`)).apiKeys.map((k: { name: string }) => k.name)).toEqual(['page admin']);

    // a viewer of that brand: the key shown once, copied, and it works
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByRole('button', { name: 'Make the key' }).click();
    const shown = page.locator('section.shown-once');
    await expect.poll(() => shown.textContent()).toContain('it will not be shown again');
    const made = await shown.getByLabel('The new API key').inputValue();
    expect(made).toMatch(/^bk_[0-9a-f]{32}_/);
    await shown.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => shown.getByRole('status').textContent()).toBe('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(made);
    const answer = await me(made);
    expect(answer.status).toBe(200);
    expect(answer.data.me).toEqual({ name: 'Reporting job', role: 'viewer', brandIds: [brandId] });
    const cells = await row(page, 'Reporting job').locator('td').allTextContents();
    expect(cells.slice(0, 5)).toEqual([
      'viewer',
      'Northwind Coffee',
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/),
      'never',
      'no',
    ]);
    // its last use shows once the page reads the list again (after the service has noted it)
    await waitFor(
      async () =>
        (await okData(s, `{ apiKeys { name lastUsedAt } }`)).apiKeys.find((k: { name: string }) => k.name === 'Reporting job').lastUsedAt,
      {
        what: 'the last use noted',
      },
    );
    // once closed, the key is nowhere on the page, and the focus is back on the button that made it
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await expect.poll(() => page.locator('section.shown-once').count()).toBe(0);
    expect(await page.content()).not.toContain(made.slice(36));
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Make the key');
    await page.reload();
    await expect.poll(() => row(page, 'Reporting job').locator('td').nth(3).textContent()).toMatch(/UTC$/);

    await expectAccessible(page, 'keys page, 1300 px');
    await page.screenshot({ path: `${SHOTS}/dashboard-keys.png`, fullPage: true });

    // revoke: a refused confirmation keeps it, an accepted one revokes it and the API refuses it
    page.once('dialog', (d) => void d.dismiss());
    await row(page, 'Reporting job').getByRole('button', { name: 'Revoke Reporting job' }).click();
    expect((await me(made)).status).toBe(200);
    page.once('dialog', (d) => void (expect(d.message()).toContain('Revoke the key “Reporting job”?'), d.accept()));
    await row(page, 'Reporting job').getByRole('button', { name: 'Revoke Reporting job' }).click();
    await expect.poll(() => row(page, 'Reporting job').locator('td').nth(4).textContent()).toMatch(/UTC$/);
    expect(await row(page, 'Reporting job').getByRole('button').count()).toBe(0);
    await expect.poll(async () => (await me(made)).status).toBe(401);
    await page.context().close();
  });

  it('a viewer and an operator are not offered the page, and are told so at its address', async () => {
    for (const [role, links] of [
      ['viewer', ['Overview', 'Spends', 'Audit trail', 'Backtest']],
      ['operator', ['Overview', 'Spends', 'Audit trail', 'Backtest', 'Webhooks']],
    ] as const) {
      const page = await signedIn(browser, offsite, `${s.url}/#/keys`, await key(role), 1300);
      await expect.poll(() => page.getByRole('alert').textContent()).toBe(`Keys is for admin keys; this one is a ${role} key.`);
      expect(await page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents()).toEqual(links);
      expect(await page.locator('table.key-list').count()).toBe(0);
      await page.context().close();
    }
  });

  it('at phone width: nothing wider than the screen, the list scrolls in its own box, accessible', async () => {
    const page = await signedIn(browser, offsite, `${s.url}/#/keys`, admin, 375);
    await row(page, 'page admin').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Phone key');
    await page.getByRole('button', { name: 'Make the key' }).click();
    await page.locator('section.shown-once').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const box = page.locator('.scroll', { has: page.locator('table.key-list') });
    expect(await box.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
    await expectAccessible(page, 'keys page, 375 px');
    await page.screenshot({ path: `${SHOTS}/dashboard-keys-phone.png`, fullPage: true });
    await page.context().close();
  });

  it('a key made by keyboard alone: Tab to each field, type, Space, Enter', async () => {
    await okData(s, `mutation { createBrand(input: { name: "Keyboard Brand" }) { id } }`);
    const context = await offlineContext(browser, offsite, { width: 1300, height: 850 });
    const page = await context.newPage();
    await page.goto(`${s.url}/#/keys`);
    await tabTo(page, (el) => el.label === 'API key');
    await page.keyboard.type(admin);
    await page.keyboard.press('Enter');
    await row(page, 'page admin').waitFor();
    await tabTo(page, (el) => el.tag === 'INPUT' && el.label === 'Name');
    await page.keyboard.type('Typed key');
    await page.keyboard.press('Tab'); // the role
    await page.keyboard.press('ArrowDown'); // viewer → operator
    await tabTo(page, (el) => el.label === 'Keyboard Brand');
    await page.keyboard.press('Space');
    await tabTo(page, (el) => el.tag === 'BUTTON' && el.text === 'Make the key');
    await page.keyboard.press('Enter');
    // the key takes the focus: Tab reaches its Copy button
    await page.locator('section.shown-once').waitFor();
    await tabTo(page, (el) => el.tag === 'BUTTON' && el.text === 'Copy', 3);
    const made = await page.getByLabel('The new API key').inputValue();
    expect((await me(made)).data.me).toMatchObject({ name: 'Typed key', role: 'operator', brandIds: [expect.any(String)] });
    await tabTo(page, (el) => el.tag === 'BUTTON' && el.text === 'I have copied it', 3);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('section.shown-once').count()).toBe(0);
    await context.close();
  });
});
