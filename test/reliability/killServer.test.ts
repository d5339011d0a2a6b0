// kill -9 of a server process while 32 writers ingest. Each writer sends its spends one by one,
// each with its own externalId, and sends again whatever got no answer (the connection died with
// the process) until it is answered, by the server started again on the same port. Every spend
// acknowledged before the kill is in the ledger once; every spend meant is in it once; a resend
// of a spend whose first try had committed answers duplicate: true; the invariants hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { db } from '../../src/db/index.ts';
import { verify } from '../../src/reads/verify.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';
import { startProcess, type ServiceProcess } from '../helpers/processes.ts';
import { asAdmin } from '../helpers/server.ts';
import { sleep, waitFor } from '../helpers/wait.ts';
import { formatMoney } from '../../src/domain/money.ts';

const WRITERS = 32;
const EACH = 40;
let t: TestDb;
const running: ServiceProcess[] = [];
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  await t.drop();
});

// the brands are in USD: a cent is ten thousandths (src/domain/money.ts)
const money = (cents: number) => formatMoney(BigInt(cents) * 10n, 'USD');

describe('kill -9 of a server under ingest', () => {
  it('loses no acknowledged spend and counts every resent one once', { timeout: 180_000 }, async () => {
    // four brands, two campaigns each; one brand reaches its daily budget during the run
    const campaigns: string[] = [];
    for (let b = 0; b < 4; b++) {
      const brand = await make.brand({ dailyBudget: b === 0 ? '300.00' : '1000000.00' });
      for (const c of await make.campaigns(brand.id, 2)) campaigns.push(c.id);
    }
    const port = await freePort();
    running.push(await startProcess(t.url, ['--server-only'], port));
    const url = `http://127.0.0.1:${port}/graphql`;

    const acknowledged = new Map<string, number>(); // externalId → cents
    const meant = new Map<string, number>();
    const figures = { answered: 0, duplicates: 0, transportErrors: 0, refused: 0, ackedBeforeKill: 0 };
    const ackedBeforeKill = new Set<string>();
    let killed = false;
    const send = async (externalId: string, campaignId: string, cents: number) => {
      for (;;) {
        const res = await fetch(url, {
          method: 'POST',
          headers: { ...asAdmin, 'content-type': 'application/json' },
          body: JSON.stringify({
            query: `mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate } }`,
            variables: { i: { campaignId, amount: money(cents), source: 'kill-test', externalId } },
          }),
        }).catch(() => null);
        const body = res
          ? ((await res.json().catch(() => null)) as { data?: { recordSpend: { duplicate: boolean } }; errors?: unknown[] } | null)
          : null;
        if (body?.data?.recordSpend) {
          figures.answered++;
          if (body.data.recordSpend.duplicate) figures.duplicates++;
          acknowledged.set(externalId, cents);
          if (!killed) ackedBeforeKill.add(externalId);
          return;
        }
        if (body?.errors) figures.refused++;
        else figures.transportErrors++;
        await sleep(50); // time is the condition: a client pausing before it retries while the server is down
      }
    };
    const writer = async (w: number) => {
      for (let i = 0; i < EACH; i++) {
        const externalId = `k${w}-${i}`;
        const cents = 1 + ((w * 97 + i * 13) % 700);
        meant.set(externalId, cents);
        await send(externalId, campaigns[(w + i) % campaigns.length]!, cents);
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));

    // kill -9 once a third of the spends are answered, with requests in flight; start it again
    await waitFor(() => acknowledged.size >= (WRITERS * EACH) / 3, {
      timeout: 60_000,
      interval: 10,
      what: 'a third of the spends answered',
    });
    await running[0]!.stop('SIGKILL');
    killed = true;
    const killedAt = performance.now();
    figures.ackedBeforeKill = ackedBeforeKill.size;
    running.push(await startProcess(t.url, ['--server-only'], port));
    const restartMs = Math.round(performance.now() - killedAt);
    await Promise.all(writers);

    const rows = await db().$queryRaw<{ external_id: string; amount: bigint }[]>`
      select external_id, amount / 10 as amount from spends where source = 'kill-test'`;
    const inLedger = new Map(rows.map((r) => [r.external_id, Number(r.amount)]));
    expect(rows.length).toBe(inLedger.size); // no externalId twice
    for (const id of ackedBeforeKill) expect(inLedger.get(id), id).toBe(meant.get(id));
    expect(inLedger).toEqual(meant);
    const checked = await verify(db());
    expect(checked.checks.filter((c) => !c.ok)).toEqual([]);
    console.log(
      `kill -9 under ${WRITERS} writers: ${figures.ackedBeforeKill} spends acknowledged before the kill, all in the ledger; ` +
        `${meant.size} meant, ${acknowledged.size} acknowledged in the end, ${inLedger.size} in the ledger, each once; ` +
        `${figures.transportErrors} sends got no answer and were sent again, ${figures.duplicates} of the resends had committed (answered duplicate), ` +
        `${figures.refused} refused; the server was back ${restartMs} ms after the kill`,
    );
  });
});
