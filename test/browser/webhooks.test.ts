// The webhook endpoints page (#/webhooks) in headless Chromium, with the worker delivering to a
// local receiver: an operator adds an endpoint (a private address refused at the URL field), gets
// its secret once and the receiver checks the first delivery's signature with it; the delivery log
// shows it; Redeliver sends it again; Rotate shows a new secret once that signs what follows;
// Disable stops deliveries and Enable sends what was missed; Edit refuses no event type at its
// field. The log pages (Older, Newer). A key limited to one brand adds endpoints for it only; a
// viewer is not offered the page. Desktop and phone width pass the accessibility check.
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startWorker, type Worker } from '../../src/worker/runner.ts';
import { workerSetup } from '../../tasks/index.ts';
import { expectAccessible } from '../helpers/axe.ts';
import { CHROMIUM, signedIn, SHOTS, browserReady, built } from '../helpers/browser.ts';
import type { TestDb } from '../helpers/db.ts';
import { Receiver, RECEIVER_HOST, type Received } from '../helpers/receiver.ts';
import { closeServer, okData, serverForFile, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

if (!browserReady)
  process.stderr.write(`webhooks browser tests skipped: ${built ? `no Chromium at ${CHROMIUM}` : 'web/dist not built (npm run build)'}\n`);

let t: TestDb;
let s: TestServer;
let worker: Worker;
let browser: Browser;
const receivers: Receiver[] = [];
const offsite: string[] = [];

const key = async (role: string) =>
  (await okData(s, `mutation ($n: String!) { createApiKey(name: $n, role: ${role}) { key } }`, { n: `${role} ${Math.random()}` }))
    .createApiKey.key as string;
const receiver = async () => {
  const r = await new Receiver().start();
  receivers.push(r);
  return r;
};
/** A brand with one campaign: pausing or resuming it makes a CAMPAIGN_STATUS_CHANGED message. */
async function brandWithCampaign(name: string) {
  const brandId = (await okData(s, `mutation ($n: String!) { createBrand(input: { name: $n }) { id } }`, { n: name })).createBrand
    .id as string;
  const campaignId = (
    await okData(s, `mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Search" }) { id } }`, { b: brandId })
  ).createCampaign.id as string;
  return { brandId, campaignId };
}
const pause = (id: string) => okData(s, `mutation ($id: ID!) { pauseCampaign(id: $id) { id } }`, { id });
const resume = (id: string) => okData(s, `mutation ($id: ID!) { resumeCampaign(id: $id) { id } }`, { id });
/** Standard Webhooks: is this request signed with this secret? */
const signedWith = (secret: string, r: Received) => {
  const expected = createHmac('sha256', Buffer.from(secret.split('_')[1]!, 'base64'))
    .update(`${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`)
    .digest('base64');
  return String(r.headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
};
const received = (rx: Receiver, n: number) => waitFor(() => rx.received.length >= n, { what: `${n} deliveries`, timeout: 15_000 });
/** No delivery job of the endpoint waits or runs: nothing more goes to it until a dispatch adds one. */
const idle = (endpointId: string) =>
  waitFor(
    async () =>
      (
        await t.sql<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs where queue_name = $1`, [`webhook:${endpointId}`])
      )[0]!.n === 0,
    { what: `no delivery job for ${endpointId}` },
  );
const card = (page: Page, url: string) => page.locator(`li.endpoint[data-endpoint="${url}"]`);
const logRows = (c: Locator) => c.locator('table.deliveries tbody tr');
/** for what the log shows once the worker has written it: the open log reads itself again every 3 s */
const LOGGED = { timeout: 10_000 };

describe.skipIf(!browserReady)('the webhook endpoints page', () => {
  beforeAll(async () => {
    ({ t, s } = await serverForFile({ outboundAllowHosts: [RECEIVER_HOST] }));
    worker = await startWorker(
      t.url,
      workerSetup(t.url, { webhooks: { retryMs: 50, maxFailures: 3, timeoutMs: 2_000, allowHosts: [RECEIVER_HOST] } }),
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await Promise.all(receivers.map((r) => r.close()));
    await closeServer(t, s);
  });

  it('add, deliver, log, redeliver, rotate, disable and enable, edit: each in the page, refusals at their field', async () => {
    const rx = await receiver();
    const acme = await brandWithCampaign('Acme Shoes');
    const page = await signedIn(browser, offsite, `${s.url}/#/webhooks`, await key('operator'), 1300);
    await expect.poll(() => page.locator('main.webhooks').textContent()).toContain('None yet');
    expect(await page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents()).toEqual([
      'Overview',
      'Spends',
      'Audit trail',
      'Backtest',
      'Webhooks',
    ]);

    // a private address and no event type: each at its field, nothing made
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Add the endpoint' }) });
    await form.getByLabel('URL').fill('https://10.1.2.3/hook');
    await form.getByRole('button', { name: 'Add the endpoint' }).click();
    await expect.poll(() => page.locator('#hook-url-error').textContent()).toContain('must lead to a public address');
    expect(await form.getByLabel('URL').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('URL').fill(rx.url);
    for (const type of ['Campaign paused or resumed', 'Budget alert', 'Ad platform event']) await form.getByLabel(type).uncheck();
    await form.getByRole('button', { name: 'Add the endpoint' }).click();
    await expect.poll(() => page.locator('#hook-eventTypes-error').textContent()).toContain('eventTypes must be one or more of');
    expect((await okData(s, `{ webhookEndpoints { totalCount } }`)).webhookEndpoints.totalCount).toBe(0);

    // made for one brand: the secret shown once
    await form.getByLabel('Campaign paused or resumed').check();
    await form.getByLabel('Description').fill('ops room');
    await form.getByLabel('Brand').selectOption({ label: 'Acme Shoes' });
    await form.getByRole('button', { name: 'Add the endpoint' }).click();
    const shown = page.locator('section.shown-once');
    await expect.poll(() => shown.textContent()).toContain('it will not be shown again');
    const secret = await shown.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    const c = card(page, rx.url);
    await expect.poll(() => c.textContent()).toContain('Acme Shoes · Campaign paused or resumed · ops room');
    expect(await c.locator('.endpoint-status').textContent()).toBe('enabled');
    const endpointId = (await okData(s, `{ webhookEndpoints { edges { node { id } } } }`)).webhookEndpoints.edges[0].node.id as string;

    // an event: the receiver gets it, signed with the secret the page showed; the log shows it
    await pause(acme.campaignId);
    await received(rx, 1);
    expect(signedWith(secret, rx.received[0]!)).toBe(true);
    await c.getByRole('button', { name: 'Delivery log' }).click();
    await expect.poll(() => logRows(c).count(), LOGGED).toBe(1);
    const first = await logRows(c).first().locator('td').allTextContents();
    expect(first[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(first.slice(1, 4)).toEqual([expect.stringMatching(/^Campaign paused or resumed evt_\d+$/), 'delivered', '1']);
    expect(first[4]).toMatch(/^200 \d+ ms$/);
    await expectAccessible(page, 'webhooks page with its log, 1300 px');
    await page.screenshot({ path: `${SHOTS}/dashboard-webhooks.png`, fullPage: true });

    // redeliver: a second delivery, logged as sent again
    await logRows(c)
      .first()
      .getByRole('button', { name: /^Redeliver evt_/ })
      .click();
    await expect.poll(() => c.locator('.delivery-log [role=status]').textContent()).toMatch(/^evt_\d+ will be sent again \(1 waiting\)\.$/);
    await received(rx, 2);
    expect(JSON.parse(rx.received[1]!.body)).toEqual(JSON.parse(rx.received[0]!.body));
    await expect.poll(() => logRows(c).count(), LOGGED).toBe(2);
    expect(await logRows(c).first().locator('td').nth(2).textContent()).toBe('delivered (sent again)');

    // rotate: a new secret, shown once, signs what follows; the old one no longer does
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    page.once('dialog', (d) => void d.accept());
    await c.getByRole('button', { name: 'Rotate secret' }).click();
    await expect.poll(() => shown.count()).toBe(1);
    const rotated = await shown.getByLabel('Signing secret').inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await resume(acme.campaignId);
    await received(rx, 3);
    expect(signedWith(rotated, rx.received[2]!)).toBe(true);
    expect(signedWith(secret, rx.received[2]!)).toBe(false);
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.content()).not.toContain(rotated.slice(6));
    // the focus is back on the button that made it
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Rotate secret');

    // disable: an event of the brand reaches another endpoint, not this one; enable sends it
    const control = await receiver();
    await okData(s, `mutation ($b: ID, $u: String!) { createWebhookEndpoint(input: { brandId: $b, url: $u }) { secret } }`, {
      b: acme.brandId,
      u: control.url,
    });
    await c.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => c.locator('.endpoint-status').textContent()).toBe('disabled');
    expect(await c.locator('.endpoint-why').textContent()).toMatch(
      /^Stopped .* UTC: disabled by operator .*\. Enabling it sends what it missed\.$/,
    );
    await pause(acme.campaignId);
    await received(control, 1);
    await idle(endpointId);
    expect(rx.received).toHaveLength(3);
    await c.getByRole('button', { name: 'Enable' }).click();
    await expect.poll(() => c.locator('.endpoint-status').textContent()).toBe('enabled');
    await received(rx, 4);
    expect(rx.received[3]!.headers['webhook-id']).toBe(control.received[0]!.headers['webhook-id']);

    // edit: no event type refused at its field; then a new description and a type more
    await c.getByRole('button', { name: 'Edit' }).click();
    const edit = c.locator('form.edit-endpoint');
    await edit.getByLabel('Campaign paused or resumed').uncheck();
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.locator(`#edit-${endpointId}-eventTypes-error`).textContent())
      .toContain('eventTypes must be one or more of');
    await edit.getByLabel('Campaign paused or resumed').check();
    await edit.getByLabel('Budget alert').check();
    await edit.getByLabel('Description').fill('ops room, night shift');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => c.locator('p').first().textContent())
      .toBe('Acme Shoes · Campaign paused or resumed, Budget alert · ops room, night shift');
    expect(await edit.count()).toBe(0);
    await page.context().close();
  });

  it('at phone width: the log scrolls in its own box, nothing wider than the screen, accessible', async () => {
    const rx = await receiver();
    const phone = await brandWithCampaign('Phone Brand');
    await okData(s, `mutation ($b: ID, $u: String!) { createWebhookEndpoint(input: { brandId: $b, url: $u }) { secret } }`, {
      b: phone.brandId,
      u: rx.url,
    });
    await pause(phone.campaignId);
    await received(rx, 1);
    const page = await signedIn(browser, offsite, `${s.url}/#/webhooks`, await key('admin'), 375);
    const c = card(page, rx.url);
    await c.getByRole('button', { name: 'Delivery log' }).click();
    await expect.poll(() => logRows(c).count(), LOGGED).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await c.locator('.scroll').evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
    await expectAccessible(page, 'webhooks page with its log, 375 px');
    await page.screenshot({ path: `${SHOTS}/dashboard-webhooks-phone.png`, fullPage: true });
    await page.context().close();
  });

  it('the delivery log pages: the newest 20, then Older, then Newer', async () => {
    const rx = await receiver();
    const paged = await brandWithCampaign('Paged Brand');
    await okData(s, `mutation ($b: ID, $u: String!) { createWebhookEndpoint(input: { brandId: $b, url: $u }) { secret } }`, {
      b: paged.brandId,
      u: rx.url,
    });
    for (let i = 0; i < 11; i++) {
      await pause(paged.campaignId);
      await resume(paged.campaignId);
    }
    await received(rx, 22);
    const ids = rx.received.map((r) => r.headers['webhook-id']);
    const page = await signedIn(browser, offsite, `${s.url}/#/webhooks`, await key('operator'), 1300);
    const c = card(page, rx.url);
    await c.getByRole('button', { name: 'Delivery log' }).click();
    await expect.poll(() => c.locator('table.deliveries caption').textContent(), LOGGED).toBe('22 deliveries, newest first');
    expect(await logRows(c).count()).toBe(20);
    expect(await logRows(c).first().getAttribute('data-message')).toBe(ids[21]);
    await c.getByRole('button', { name: 'Older' }).click();
    await expect.poll(() => logRows(c).count()).toBe(2);
    expect(await logRows(c).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-message')))).toEqual([ids[1], ids[0]]);
    expect(await c.getByRole('button', { name: 'Older' }).count()).toBe(0);
    await c.getByRole('button', { name: 'Newer' }).click();
    await expect.poll(() => logRows(c).count()).toBe(20);
    expect(await c.getByRole('button', { name: 'Newer' }).count()).toBe(0);
    await page.context().close();
  });

  it('an operator limited to one brand sees its endpoints only, and adds one for it (no "every brand")', async () => {
    const rx = await receiver();
    const own = await brandWithCampaign('Limited Brand');
    const limited = (
      await okData(s, `mutation ($b: [ID!]) { createApiKey(name: "limited operator", role: operator, brandIds: $b) { key } }`, {
        b: [own.brandId],
      })
    ).createApiKey.key as string;
    const page = await signedIn(browser, offsite, `${s.url}/#/webhooks`, limited, 1300);
    await expect.poll(() => page.locator('main.webhooks').textContent()).toContain('None yet');
    expect(await page.getByLabel('Brand').locator('option').allTextContents()).toEqual(['Limited Brand']);
    await page.getByLabel('URL').fill(rx.url);
    await page.getByRole('button', { name: 'Add the endpoint' }).click();
    await expect.poll(() => card(page, rx.url).locator('p').first().textContent()).toMatch(/^Limited Brand · /);
    expect(await page.locator('li.endpoint').count()).toBe(1);
    await pause(own.campaignId);
    await received(rx, 1);
    await page.context().close();
  });

  it('a viewer is not offered the page, and is told so at its address', async () => {
    const page = await signedIn(browser, offsite, `${s.url}/#/webhooks`, await key('viewer'), 1300);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Webhooks is for operator and admin keys; this one is a viewer key.');
    expect(await page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents()).toEqual([
      'Overview',
      'Spends',
      'Audit trail',
      'Backtest',
    ]);
    await page.context().close();
  });
});
