// The campaigns panel's edit form and bulk actions in headless Chromium (every request to another
// host blocked): an operator edits a campaign (a name the brand has already refused at its field),
// selects two of three campaigns and pauses, resumes and archives them, pauses and resumes the whole
// brand (the message counts only the campaigns it changed), holds a campaign its budget paused; at
// desktop and phone width with the accessibility check, and the bulk pause keyboard-only.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expectAccessible } from '../helpers/axe.ts';
import { CHROMIUM, signedIn as signIn, SHOTS, browserReady, tabTo } from '../helpers/browser.ts';
import type { TestDb } from '../helpers/db.ts';
import { closeServer, okData, serverForFile, type TestServer } from '../helpers/server.ts';

let t: TestDb;
let s: TestServer;
let browser: Browser;
const offsite: string[] = [];

const ok = <T = any>(query: string, variables?: Record<string, unknown>) => okData<T>(s, query, variables);

/** A brand and its campaigns (named as given); the campaigns' ids by name. */
async function brandWith(name: string, campaigns: string[], budgets: Record<string, unknown> = {}) {
  const brandId = (await ok(`mutation ($i: CreateBrandInput!) { createBrand(input: $i) { id } }`, { i: { name, ...budgets } })).createBrand
    .id as string;
  const ids: Record<string, string> = {};
  for (const c of campaigns) {
    ids[c] = (
      await ok(`mutation ($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }`, { i: { brandId, name: c } })
    ).createCampaign.id;
  }
  return { brandId, ids };
}

/** Each campaign's MANUAL events, as "from → to": act by act (an act's events share its instant), by name within one. */
async function manualEvents(ids: string[]) {
  const rows = await t.sql<{ name: string; change: string }>(
    `select campaign_name as name, from_status::text || '/' || coalesce(from_reason::text, '-') || ' → ' || to_status::text || '/' || coalesce(to_reason::text, '-') as change
       from campaign_status_events where campaign_id = any($1::uuid[]) and trigger = 'MANUAL' order by occurred_at, campaign_name`,
    [ids],
  );
  return rows.map((r) => `${r.name}: ${r.change}`);
}

/** Waits for a value; a page's read after an act may take a few seconds on a busy machine. */
const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 10_000 });

const status = (page: Page, campaign: string) => page.locator(`tr[data-campaign="${campaign}"] .status`).textContent();

describe.skipIf(!browserReady)('the campaigns panel: edit, bulk actions, hold', () => {
  let operator: string;
  beforeAll(async () => {
    ({ t, s } = await serverForFile());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    mkdirSync(SHOTS, { recursive: true });
    operator = (await ok(`mutation { createApiKey(name: "bulk operator", role: operator) { key } }`)).createApiKey.key;
  });
  afterAll(async () => {
    await browser?.close();
    await closeServer(t, s);
    expect(offsite).toEqual([]);
  });

  const open = async (brand: string, width = 1300) => {
    const page = await signIn(browser, offsite, s.url, operator, width);
    await page.getByRole('link', { name: brand }).click();
    await page.getByRole('heading', { name: brand }).waitFor();
    return page;
  };

  it('edits a campaign, then pauses, resumes and archives two of three, and pauses and resumes the whole brand (1300 px)', async () => {
    const { ids } = await brandWith('Bulk Brand', ['Alpha', 'Bravo', 'Charlie'], { dailyBudget: '100.00' });
    const page = await open('Bulk Brand');

    // edit: a name the brand has already is refused at the name field; then saved with a platform reference
    await page.getByRole('button', { name: 'Edit Alpha' }).click();
    const form = page.getByRole('form', { name: 'Edit Alpha' });
    await form.getByLabel('Name').fill('Bravo');
    await form.getByRole('button', { name: 'Save' }).click();
    await poll(() => form.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    expect(
      await form
        .locator('.field', { has: page.getByLabel('Name') })
        .getByRole('alert')
        .textContent(),
    ).toMatch(/already has a campaign with this name/);
    await expectAccessible(page, 'the campaign edit form with an error (1300 px)');
    await form.getByLabel('Name').fill('Alpha One');
    await form.getByLabel('Platform', { exact: true }).fill('google');
    await form.getByLabel('Platform’s campaign id').fill('G-1');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.locator('tr[data-campaign="Alpha One"]').waitFor();
    expect(await form.count()).toBe(0);
    // focus goes back to the Edit button, on Save as on Escape
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Edit Alpha/);
    await page.getByRole('button', { name: 'Edit Alpha One' }).click();
    await page.getByRole('form', { name: 'Edit Alpha One' }).getByLabel('Name').press('Escape');
    expect(await page.getByRole('form', { name: 'Edit Alpha One' }).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Edit Alpha One');
    expect((await ok(`query ($id: ID!) { campaign(id: $id) { name platform externalCampaignId } }`, { id: ids.Alpha })).campaign).toEqual({
      name: 'Alpha One',
      platform: 'google',
      externalCampaignId: 'G-1',
    });

    // two of three selected: the count is shown; Pause, Resume, Archive act on those two only
    const bar = page.getByRole('group', { name: 'Bulk actions' });
    await page.getByRole('checkbox', { name: 'Select Alpha One' }).check();
    await page.getByRole('checkbox', { name: 'Select Bravo' }).check();
    await poll(() => bar.locator('.selected').textContent()).toBe('2 campaigns selected');
    await bar.getByRole('button', { name: 'Pause selected' }).click();
    await poll(() => bar.getByRole('status').textContent()).toBe('Pause: 2 campaigns paused.');
    await poll(() => status(page, 'Bravo')).toBe('paused: manual');
    expect(await status(page, 'Alpha One')).toBe('paused: manual');
    // each bulk act clears the selection
    await poll(() => bar.locator('.selected').textContent()).toBe('0 campaigns selected');
    expect(await status(page, 'Charlie')).toBe('active');
    await expectAccessible(page, 'the campaigns panel with two selected (1300 px)');

    // the whole brand, asked first: declined, nothing changes; then only the one that was running is counted as paused
    page.once('dialog', (d) => void (expect(d.message()).toContain('Pause every campaign of this brand by hand?'), d.dismiss()));
    await bar.getByRole('button', { name: 'Pause all' }).click();
    await poll(() => bar.getByRole('status').textContent()).toBe('Pause: 2 campaigns paused.');
    expect(await status(page, 'Charlie')).toBe('active');
    page.once('dialog', (d) => void d.accept());
    await bar.getByRole('button', { name: 'Pause all' }).click();
    await poll(() => bar.getByRole('status').textContent()).toBe('Pause all: 1 campaign paused; 2 were paused already.');
    await poll(() => status(page, 'Charlie')).toBe('paused: manual');
    const pick = async () => {
      await page.getByRole('checkbox', { name: 'Select Alpha One' }).check();
      await page.getByRole('checkbox', { name: 'Select Bravo' }).check();
      await poll(() => bar.locator('.selected').textContent()).toBe('2 campaigns selected');
    };
    await pick();
    await bar.getByRole('button', { name: 'Resume selected' }).click();
    await poll(() => bar.getByRole('status').textContent()).toBe('Resume: 2 campaigns resumed.');
    await poll(() => status(page, 'Alpha One')).toBe('active');
    expect(await status(page, 'Charlie')).toBe('paused: manual');
    page.once('dialog', (d) => void (expect(d.message()).toContain('those held before too'), d.accept()));
    await bar.getByRole('button', { name: 'Resume all' }).click();
    await poll(() => bar.getByRole('status').textContent()).toBe('Resume all: 1 campaign resumed.');
    await poll(() => status(page, 'Charlie')).toBe('active');
    await pick();
    await bar.getByRole('button', { name: 'Archive selected' }).click();
    await poll(() => bar.getByRole('status').textContent()).toBe('Archive: 2 campaigns archived.');
    await poll(() => status(page, 'Bravo')).toBe('archived');
    expect(await status(page, 'Alpha One')).toBe('archived');
    expect(await status(page, 'Charlie')).toBe('active');
    // nothing stays selected, and an archived campaign cannot be selected
    await poll(() => bar.locator('.selected').textContent()).toBe('0 campaigns selected');
    expect(await page.getByRole('checkbox', { name: 'Select Bravo' }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'Select Bravo' }).isDisabled()).toBe(true);
    expect(await bar.getByRole('button', { name: 'Resume selected' }).isDisabled()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/dashboard-bulk.png`, fullPage: true });

    // one event per change, none for a campaign that was paused already
    expect(await manualEvents(Object.values(ids))).toEqual([
      'Alpha One: ACTIVE/- → PAUSED/MANUAL',
      'Bravo: ACTIVE/- → PAUSED/MANUAL',
      'Charlie: ACTIVE/- → PAUSED/MANUAL',
      'Alpha One: PAUSED/MANUAL → ACTIVE/-',
      'Bravo: PAUSED/MANUAL → ACTIVE/-',
      'Charlie: PAUSED/MANUAL → ACTIVE/-',
      'Alpha One: ACTIVE/- → PAUSED/MANUAL',
      'Bravo: ACTIVE/- → PAUSED/MANUAL',
    ]);
    // the live feed shows them
    await page.getByRole('link', { name: '← All brands' }).click();
    const feed = page.getByRole('list', { name: 'Pauses and resumes' });
    await poll(() => feed.textContent()).toMatch(/Charlie resumed/);
    expect(await feed.textContent()).toMatch(/Bravo paused \(manual\)/);
    await page.context().close();
  });

  it('a campaign its budget paused offers Hold, which says what it does; the panel at 375 px', async () => {
    const { ids } = await brandWith('Held Brand', ['Held'], { dailyBudget: '10.00' });
    await ok(`mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "10.00" }) { duplicate } }`, { c: ids.Held });
    const page = await open('Held Brand', 375);
    const hold = page.getByRole('button', {
      name: 'Hold Held: Pause by hand: stays paused after the budget resets, until someone resumes it',
    });
    await hold.waitFor();
    expect(await hold.getAttribute('title')).toBe('Pause by hand: stays paused after the budget resets, until someone resumes it');
    expect(await page.getByRole('button', { name: 'Pause Held' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Edit Held' }).click();
    await expectAccessible(page, 'the campaigns panel with Hold and the edit form (375 px)');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await hold.click();
    await poll(() => status(page, 'Held')).toMatch(/^paused: manual/);
    expect(await manualEvents([ids.Held!])).toEqual(['Held: PAUSED/DAILY_BUDGET → PAUSED/MANUAL']);
    await page.screenshot({ path: `${SHOTS}/dashboard-bulk-phone.png`, fullPage: true });
    await page.context().close();
  });

  it('keyboard only (375 px): Space selects, Enter pauses the selected and resumes the brand', async () => {
    const { ids } = await brandWith('Keys Bulk', ['K1', 'K2', 'K3']);
    const page = await open('Keys Bulk', 375);
    await page.getByRole('link', { name: '← All brands' }).focus();
    await tabTo(page, 'Select K1');
    await page.keyboard.press('Space');
    await tabTo(page, 'Select K3');
    await page.keyboard.press('Space');
    const bar = page.getByRole('group', { name: 'Bulk actions' });
    await poll(() => bar.locator('.selected').textContent()).toBe('2 campaigns selected');
    await tabTo(page, 'Pause selected');
    await page.keyboard.press('Enter');
    await poll(() => bar.getByRole('status').textContent()).toBe('Pause: 2 campaigns paused.');
    await poll(() => status(page, 'K3')).toBe('paused: manual');
    expect(await status(page, 'K2')).toBe('active');
    await expectAccessible(page, 'the bulk actions after a keyboard pause (375 px)');
    await tabTo(page, 'Resume all');
    page.once('dialog', (d) => void d.accept());
    await page.keyboard.press('Enter');
    await poll(() => bar.getByRole('status').textContent()).toBe('Resume all: 2 campaigns resumed.');
    await poll(() => status(page, 'K1')).toBe('active');
    // the select-all box: Space selects every campaign shown
    await page.getByRole('checkbox', { name: 'Select all campaigns' }).focus();
    await page.keyboard.press('Space');
    await poll(() => bar.locator('.selected').textContent()).toBe('3 campaigns selected');
    expect(await manualEvents(Object.values(ids))).toHaveLength(4);
    await page.context().close();
  });
});
