// The brand page's ad accounts in headless Chromium, against the in-process platform simulator
// (nothing reaches the internet): an operator connects a Google Ads and a Meta account through the
// form (a malformed id, and an account in another currency and time zone, refused at the field),
// imports campaigns (a linked one's platform id refused in its edit form), pauses one and sees "will pause" until Sync now puts it on the platform, sees a
// re-enable "in the UI" paused again with who did it, an expired token as AUTH FAILED, replaces it,
// sets the drift policy and disconnects; a viewer sees all of it without a write control.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { demoSeed } from '../../src/simulator/demo.ts';
import { expectAccessible } from '../helpers/axe.ts';
import { CHROMIUM, signedIn as signIn, SHOTS, browserReady, built } from '../helpers/browser.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { platformTestSettings, SECRET_KEY } from '../helpers/platforms.ts';
import { okData, testServer, type TestServer } from '../helpers/server.ts';
import { control, simulator, type Simulator } from '../helpers/simulator.ts';

if (!browserReady)
  process.stderr.write(
    `ad accounts browser tests skipped: ${built ? `no Chromium at ${CHROMIUM}` : 'web/dist not built (npm run build)'}\n`,
  );

const GOOGLE = { id: '1234567890', refreshToken: '1//sim-refresh-demo' };
const META = { id: 'act_100000000000001', accessToken: 'EAASIM-demo-token' };
const PARIS = { id: '2223334445', refreshToken: '1//sim-refresh-paris' };
/** the panel at desktop width, for a person to look at */
const PANEL_SHOT = process.env.DASH_ACCOUNTS_SHOT ?? `${SHOTS}/dashboard-ad-accounts.png`;

let t: TestDb;
let sim: Simulator;
let s: TestServer;
let browser: Browser;
const offsite: string[] = [];

const key = async (role: string) =>
  (await okData(s, `mutation { createApiKey(name: "${role} ${Math.random()}", role: ${role}) { key } }`)).createApiKey.key as string;
const simStatus = (account: string, campaign: string) => sim.world.accounts.get(account)!.campaigns.get(campaign)!.status;

describe.skipIf(!browserReady)('ad accounts on the brand page', () => {
  beforeAll(async () => {
    t = await freshDatabase();
    const seed = demoSeed(Date.now());
    seed.accounts!.push({
      platform: 'GOOGLE_ADS',
      id: PARIS.id,
      name: 'Paris search',
      currency: 'EUR',
      timeZone: 'Europe/Paris',
      credentials: [PARIS.refreshToken],
    });
    sim = await simulator(seed);
    s = await testServer(t.url, {
      outboundAllowHosts: [new URL(sim.url).host],
      platforms: { ...platformTestSettings(sim), secretKey: SECRET_KEY },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await sim?.close();
    await t?.drop();
  });

  it('an operator connects, imports, syncs and sees each campaign on its platform; refusals at their field; a viewer only reads', async () => {
    const brandId = (
      await okData(s, `mutation { createBrand(input: { name: "Acme Ads", currency: "USD", timezone: "America/New_York" }) { id } }`)
    ).createBrand.id as string;
    const page = await signIn(browser, offsite, s.url, await key('operator'), 1300);
    await page.goto(`${s.url}/#/brands/${brandId}`);
    const panel = page.locator('section.ad-accounts');
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain('None connected');

    // a malformed customer id, then an account whose days are not the brand's: each at its field, nothing connected
    await panel.getByText('Connect an account').click();
    const form = panel.locator('form.connect');
    expect(await form.getByLabel('Refresh token').getAttribute('type')).toBe('password');
    await form.getByLabel('Customer id', { exact: true }).fill('12345');
    await form.getByLabel('Refresh token').fill(GOOGLE.refreshToken);
    await form.getByRole('button', { name: 'Connect' }).click();
    const idError = page.locator('#connect-externalAccountId-error');
    await expect.poll(() => idError.textContent()).toContain('externalAccountId must be a Google Ads customer id (10 digits');
    expect(await form.getByLabel('Customer id', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Customer id', { exact: true }).fill(PARIS.id);
    await form.getByLabel('Refresh token').fill(PARIS.refreshToken);
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect
      .poll(() => idError.textContent())
      .toContain(
        "the account's currency is EUR and its time zone Europe/Paris; the brand's are USD and America/New_York: its days would not be the brand's days",
      );

    // connected: the card, ACTIVE, not synced yet; the form forgets the token
    await form.getByLabel('Customer id', { exact: true }).fill('123-456-7890');
    await form.getByLabel('Refresh token').fill(GOOGLE.refreshToken);
    await form.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Connected Acme Search (demo): import its campaigns next.');
    await expect.poll(() => idError.count()).toBe(0);
    expect(await form.getByLabel('Refresh token').inputValue()).toBe('');
    const google = panel.locator(`li[data-account="${GOOGLE.id}"]`);
    await expect.poll(() => google.locator('.account-status').textContent()).toBe('ACTIVE');
    const head = await google.locator('.account-head').textContent();
    for (const part of ['Google Ads 123-456-7890', 'Acme Search (demo)', 'USD · America/New_York']) expect(head).toContain(part);
    expect(await google.locator('.account-sync').textContent()).toBe('Not synced yet · 0 campaigns linked');

    // its campaigns imported: each row says how it stands on Google Ads
    await google.getByRole('button', { name: 'Import campaigns' }).click();
    await expect.poll(() => google.locator('.result').textContent()).toBe('Imported: 0 linked, 4 created');
    const row = (name: string) => page.locator(`tr[data-campaign="${name}"]`);
    await expect.poll(() => row('Generic search').locator('.platform-badge').textContent()).toBe('Google Ads: ENABLED');
    expect(await row('Display retargeting').locator('.platform-badge').textContent()).toBe('Google Ads: PAUSED (not by us)');
    await expect.poll(() => google.locator('.account-sync').textContent()).toBe('Not synced yet · 4 campaigns linked');

    // a linked campaign's platform reference is its account's: the edit form refuses a new one at its field
    await row('Brand search').getByRole('button', { name: 'Edit Brand search' }).click();
    const edit = page.getByRole('form', { name: 'Edit Brand search' });
    await edit.getByLabel('Platform', { exact: true }).fill('google_ads');
    await edit.getByLabel('Platform’s campaign id').fill('99');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => edit.getByLabel('Platform’s campaign id').getAttribute('aria-invalid')).toBe('true');
    expect(await edit.getByRole('alert').textContent()).toMatch(/linked to an ad account/);
    await edit.getByRole('button', { name: 'Cancel' }).click();

    // paused here: on its way to the platform until the sync pushes it
    await row('Generic search').getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => row('Generic search').locator('.platform-badge').textContent()).toBe('Google Ads: ENABLED — will pause');
    expect(await row('Generic search').locator('.platform-badge').getAttribute('class')).toContain('pending');
    await google.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(() => google.locator('.result').textContent(), { timeout: 15_000 })
      .toMatch(/^Synced: read \d+ dates?, \d+ entr(y|ies) written, 0 drift, 1 paused on the platform$/);
    await expect.poll(() => row('Generic search').locator('.platform-badge').textContent()).toBe('Google Ads: PAUSED (by us)');
    expect(simStatus(GOOGLE.id, '21000000002')).toBe('PAUSED');
    expect(await row('Brand search').locator('.platform-badge').textContent()).toBe('Google Ads: ENABLED');
    // the spends it booked are listed, from their source
    await expect.poll(() => page.locator('table.spends').textContent()).toContain('google_ads');
    await expect.poll(() => google.locator('.account-sync').textContent()).toBe('Last sync just now · 4 campaigns linked');
    expect(await google.locator('.account-sync time').getAttribute('title')).toMatch(/\d{4}.* \d\d?:\d\d:\d\d/);

    // someone enables it in Google's UI: the next sync pauses it again and says who did it
    await control(sim, 'POST', `/accounts/${GOOGLE.id}/campaigns/21000000002/ui`, { status: 'ENABLED', actor: 'alice@agency.example' });
    await google.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(() => google.locator('.result').textContent(), { timeout: 15_000 })
      .toMatch(/, 1 drift \(1 paused again\), 1 paused on the platform$/);
    await expect
      .poll(() => google.locator('ol.platform-events li').first().textContent())
      .toMatch(
        /DRIFT_REPAUSED "Generic search" runs on Google Ads \(enabled by alice@agency\.example at [^)]*\) while this service holds it paused: pausing it again$/,
      );
    expect(simStatus(GOOGLE.id, '21000000002')).toBe('PAUSED');

    // a Meta account through the same form, its token expired on Meta: AUTH FAILED in Meta's words
    await form.getByLabel('Platform').selectOption('META');
    expect(await form.getByLabel('Refresh token').count()).toBe(0);
    expect(await form.getByLabel('Access token').getAttribute('type')).toBe('password');
    await form.getByLabel('Ad account id').fill(META.id);
    await form.getByLabel('Access token').fill(META.accessToken);
    await form.getByRole('button', { name: 'Connect' }).click();
    const meta = panel.locator(`li[data-account="${META.id}"]`);
    await expect.poll(() => meta.locator('.account-status').textContent()).toBe('ACTIVE');
    await control(sim, 'POST', `/accounts/${META.id}/credentials`, { action: 'expire' });
    await meta.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => meta.locator('.result').textContent(), { timeout: 15_000 }).toMatch(/^Sync failed: .+/);
    expect(await meta.locator('.result').getAttribute('class')).toContain('error');
    await expect.poll(() => meta.locator('.account-status').textContent()).toBe('AUTH FAILED');
    expect(await meta.locator('.account-error').textContent()).toMatch(/nothing reaches the account until they are replaced/);
    await expect.poll(() => meta.locator('ol.platform-events li').first().getAttribute('data-kind')).toBe('AUTH_FAILED');
    await panel.screenshot({ path: PANEL_SHOT });
    await expectAccessible(page, 'the brand page with its ad accounts, one of them refused');
    await page.setViewportSize({ width: 375, height: 850 });
    await expectAccessible(page, 'the same at 375 px');
    await page.setViewportSize({ width: 1300, height: 850 });
    await page
      .locator('table')
      .first()
      .screenshot({ path: `${SHOTS}/dashboard-platform-badges.png` });
    await page.screenshot({ path: `${SHOTS}/dashboard-ad-accounts-page.png`, fullPage: true });
    // no credential anywhere on the page
    const html = await page.content();
    for (const secret of [GOOGLE.refreshToken, META.accessToken, PARIS.refreshToken]) expect(html).not.toContain(secret);

    // new credentials: the platform's refusal at the form, then ACTIVE again
    await meta.getByRole('button', { name: 'Replace credentials' }).click();
    const replace = meta.locator('form.credentials');
    await replace.getByLabel('Access token').fill('EAA-not-a-token');
    await replace.getByRole('button', { name: 'Replace' }).click();
    await expect.poll(() => replace.locator('.error').textContent()).toMatch(/^Meta refused the credentials: /);
    const issued = (await control(sim, 'POST', `/accounts/${META.id}/credentials`, { action: 'issue' })).body.token as string;
    await replace.getByLabel('Access token').fill(issued);
    await replace.getByRole('button', { name: 'Replace' }).click();
    await expect.poll(() => meta.locator('.account-status').textContent()).toBe('ACTIVE');
    expect(await meta.locator('form.credentials').count()).toBe(0);
    expect(await page.content()).not.toContain(issued);

    // the drift policy: report only
    const policy = panel.locator('form.drift-policy');
    expect(await policy.getByRole('radio', { name: /^Pause it again:/ }).isChecked()).toBe(true);
    await policy.getByRole('radio', { name: /^Report only:/ }).check();
    await policy.getByRole('button', { name: 'Save drift policy' }).click();
    await expect.poll(() => policy.getByRole('status').textContent()).toBe('Saved.');
    expect((await okData(s, `query ($id: ID!) { brand(id: $id) { driftPolicy } }`, { id: brandId })).brand.driftPolicy).toBe('REPORT');

    // disconnected after a confirm: its card goes, its campaigns stay
    page.once('dialog', (d) => void d.accept());
    await meta.getByRole('button', { name: 'Disconnect' }).click();
    await expect.poll(() => meta.count()).toBe(0);
    await page.context().close();

    // a viewer sees the accounts, the badges and the policy, and no control that writes
    const viewer = await signIn(browser, offsite, s.url, await key('viewer'), 1300);
    await viewer.goto(`${s.url}/#/brands/${brandId}`);
    const seen = viewer.locator(`li[data-account="${GOOGLE.id}"]`);
    await expect.poll(() => seen.locator('.account-status').textContent()).toBe('ACTIVE');
    await expect
      .poll(() => viewer.locator('tr[data-campaign="Generic search"] .platform-badge').textContent())
      .toBe('Google Ads: PAUSED (by us)');
    expect(await viewer.locator('.drift-policy').textContent()).toMatch(/^Drift: Report only — /);
    for (const name of ['Sync now', 'Import campaigns', 'Replace credentials', 'Disconnect'])
      expect(await viewer.getByRole('button', { name }).count(), name).toBe(0);
    expect(await viewer.getByText('Connect an account').count()).toBe(0);
    await viewer.context().close();
    expect(offsite).toEqual([]);
  });
});
