// Subscribers asking the same thing share one execution per event; a stalled one is ended
// without holding the others back for longer than stallMs.
import type { ExecutionResult } from 'graphql';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createMulticast, shareKey } from '../../src/server/multicast.ts';
import { sleep, waitFor } from '../helpers/wait.ts';

/** A source of results pushed by the test, counting how often it was started and returned. */
function source() {
  const pending: ((r: IteratorResult<ExecutionResult>) => void)[] = [];
  const queued: IteratorResult<ExecutionResult>[] = [];
  const state = { started: 0, returned: 0 };
  const emit = (r: IteratorResult<ExecutionResult>) => (pending.length ? pending.shift()!(r) : queued.push(r));
  return {
    state,
    send: (n: number) => emit({ value: { data: { n } }, done: false }),
    end: () => emit({ value: undefined, done: true }),
    start: () => {
      state.started++;
      const it: AsyncIterableIterator<ExecutionResult> = {
        next: () => (queued.length ? Promise.resolve(queued.shift()!) : new Promise((r) => pending.push(r))),
        return: () => {
          state.returned++;
          return Promise.resolve({ value: undefined, done: true });
        },
        [Symbol.asyncIterator]: () => it,
      };
      return it;
    },
  };
}

async function take(it: AsyncIterator<ExecutionResult>, count: number): Promise<unknown[]> {
  const out = [];
  for (let i = 0; i < count; i++) out.push(((await it.next()).value as ExecutionResult).data);
  return out;
}

describe('multicast', () => {
  it('one source for every subscriber of a key; each gets every result, in order; the last to leave ends it', async () => {
    const s = source();
    const multicast = createMulticast();
    const a = (await multicast.subscribe('k', s.start)) as AsyncIterableIterator<ExecutionResult>;
    const b = (await multicast.subscribe('k', s.start)) as AsyncIterableIterator<ExecutionResult>;
    expect(s.state.started).toBe(1);
    for (let n = 1; n <= 3; n++) s.send(n);
    expect(await take(a, 3)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(await take(b, 3)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    await a.return!();
    expect(s.state.returned).toBe(0);
    await b.return!();
    expect(s.state.returned).toBe(1);
    expect(multicast.size()).toBe(0);
  });

  it('a subscriber that reads nothing is ended with SUBSCRIBER_TOO_SLOW after stallMs; the others go on', async () => {
    const s = source();
    const multicast = createMulticast({ maxQueue: 2, stallMs: 100 });
    const reader = (await multicast.subscribe('k', s.start)) as AsyncIterableIterator<ExecutionResult>;
    const stalled = (await multicast.subscribe('k', s.start)) as AsyncIterableIterator<ExecutionResult>;
    const read = take(reader, 5);
    for (let n = 1; n <= 5; n++) s.send(n);
    expect(await read).toEqual([1, 2, 3, 4, 5].map((n) => ({ n })));
    // what reached it before the stall, then the error that says what to do
    expect(await take(stalled, 2)).toEqual([{ n: 1 }, { n: 2 }]);
    await expect(stalled.next()).rejects.toMatchObject({ extensions: { code: 'SUBSCRIBER_TOO_SLOW' } });
  });

  it('a burst is read at the pace of the slowest reader that still reads: nobody is dropped', async () => {
    const s = source();
    const multicast = createMulticast({ maxQueue: 2, stallMs: 1_000 });
    const fast = (await multicast.subscribe('k', s.start)) as AsyncIterableIterator<ExecutionResult>;
    const slow = (await multicast.subscribe('k', s.start)) as AsyncIterableIterator<ExecutionResult>;
    for (let n = 1; n <= 20; n++) s.send(n);
    const fastRead = take(fast, 20);
    const slowRead: unknown[] = [];
    for (let i = 0; i < 20; i++) {
      slowRead.push(((await slow.next()).value as ExecutionResult).data);
      await sleep(10); // time is the condition: a reader slower than the source
    }
    expect(await fastRead).toHaveLength(20);
    expect(slowRead).toEqual(Array.from({ length: 20 }, (_, i) => ({ n: i + 1 })));
  });

  it('a reader that crawls (never drains its queue back to half) is ended after stallMs; the others are not held longer', async () => {
    const s = source();
    const multicast = createMulticast({ maxQueue: 4, stallMs: 200 });
    const fast = (await multicast.subscribe('k', s.start)) as AsyncIterableIterator<ExecutionResult>;
    const crawler = (await multicast.subscribe('k', s.start)) as AsyncIterableIterator<ExecutionResult>;
    let crawling = true;
    const crawl = (async () => {
      try {
        while (crawling) {
          await crawler.next();
          await sleep(100); // time is the condition: a crawler, two reads per stallMs
        }
      } catch (error) {
        return error;
      }
    })();
    const started = Date.now();
    const fastRead = take(fast, 50);
    for (let n = 1; n <= 50; n++) s.send(n);
    expect(await fastRead).toHaveLength(50);
    expect(Date.now() - started).toBeLessThan(2_000); // 50 events at the crawler's pace would take 5 s
    expect(await crawl).toMatchObject({ extensions: { code: 'SUBSCRIBER_TOO_SLOW' } });
    crawling = false;
  });

  it('ends every subscriber when the source ends; the next subscriber starts a new one', async () => {
    const s = source();
    const multicast = createMulticast();
    const a = (await multicast.subscribe('k', s.start)) as AsyncIterableIterator<ExecutionResult>;
    s.send(1);
    s.end();
    expect(await take(a, 1)).toEqual([{ n: 1 }]);
    expect((await a.next()).done).toBe(true);
    await waitFor(() => multicast.size() === 0, { what: 'the ended source to be let go' });
    await multicast.subscribe('k', s.start);
    expect(s.state.started).toBe(2);
  });

  it('does not share an error answer, nor a subscription resuming from afterEventId', async () => {
    const multicast = createMulticast();
    let calls = 0;
    const failing = () => (calls++, { errors: [] });
    await multicast.subscribe('k', failing);
    await multicast.subscribe('k', failing);
    expect(calls).toBe(2);
    const throwing = () => Promise.reject(new Error('down'));
    await expect(multicast.subscribe('t', throwing)).rejects.toThrow('down');
    expect(multicast.size()).toBe(0); // the next one tries again
    const query = 'subscription { campaignStatusChanged(afterEventId: "5") { id } }';
    expect(shareKey('key', parse(query), query, {}, null)).toBeNull();
    const alerts = 'subscription ($a: ID) { budgetAlert(afterAlertId: $a) { id } }'; // a replay is its own, whatever resumes it
    expect(shareKey('key', parse(alerts), alerts, { a: '7' }, null)).toBeNull();
    const live = 'subscription { campaignStatusChanged { id } }';
    expect(shareKey('key', parse(live), live, {}, null)).not.toBe(shareKey('other key', parse(live), live, {}, null));
  });
});
