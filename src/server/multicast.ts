// One execution per event for every WebSocket subscriber asking the same thing. Dashboards open
// the same subscription with the same key by the hundred; each used to run its own feed
// subscription and execute its selection for every event, so a pause reached the thousandth
// subscriber after a thousand executions. Subscribers of one key, document and variables now
// share one source: it is executed once per event and its result handed to every one of them.
//
// Each subscriber has its own queue of at most maxQueue (MAX_LAG, as the feed's) results, shared
// objects: a queue is an array of references. When one is full the source waits for it, so a
// burst (a midnight reset) is read at the pace of the readers and the feed's own bound takes over
// behind it. A reader whose queue stays full (never drained back to half) for stallMs is ended
// with SUBSCRIBER_TOO_SLOW and the others go on: a stalled or crawling dashboard holds the others
// back for stallMs at most. stallMs is a third of the feed's own, so the shared source keeps
// reading and the feed never ends it for one slow reader. A subscription resuming from
// afterEventId has its own position in the feed and is not shared.
import { GraphQLError, Kind, visit, type DocumentNode, type ExecutionResult } from 'graphql';
import { MAX_LAG, STALL_MS } from '../feed/hub.ts';
import { subscriptionsStarted } from '../metrics.ts';

export interface MulticastOptions {
  /** results waiting for one subscriber before the source waits for it */
  maxQueue?: number;
  /** how long a subscriber's queue may stay full before it is ended */
  stallMs?: number;
}

type Source = AsyncIterableIterator<ExecutionResult> | AsyncGenerator<ExecutionResult>;
type Started = ExecutionResult | Source;

interface Group {
  source: Source;
  sinks: Set<Sink>;
  /** its entry in the map, while new subscribers may join it */
  entry: Promise<Group | ExecutionResult>;
  ended: boolean;
}

export interface Multicast {
  /** `start` runs the subscription; results are shared with the others of the same key. */
  subscribe(key: string | null, start: () => Promise<Started> | Started): Promise<Started>;
  /** open shared sources (for tests and metrics) */
  size(): number;
}

/** The sharing key of a subscription, or null where it must run alone (afterEventId). */
export function shareKey(owner: string, document: DocumentNode, query: string, variables: unknown, operationName: unknown): string | null {
  let resumes = false;
  visit(document, {
    [Kind.ARGUMENT]: (node) => {
      if (node.name.value === 'afterEventId') resumes = true;
    },
  });
  return resumes ? null : JSON.stringify([owner, query, variables ?? null, operationName ?? null]);
}

export function createMulticast({ maxQueue = MAX_LAG, stallMs = STALL_MS / 3 }: MulticastOptions = {}): Multicast {
  const groups = new Map<string, Promise<Group | ExecutionResult>>();

  function close(key: string, group: Group) {
    group.ended = true;
    if (groups.get(key) === group.entry) groups.delete(key);
  }

  async function pump(key: string, group: Group) {
    try {
      for await (const result of group.source) {
        for (const sink of group.sinks) sink.push(result);
        // wait for room at every full reader; one full for stallMs is ended
        for (let full = fullOf(group); full.length > 0; full = fullOf(group)) {
          const deadline = Math.min(...full.map((sink) => sink.fullSince! + stallMs));
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            Promise.all(full.map((sink) => sink.room())),
            new Promise((r) => (timer = setTimeout(r, Math.max(0, deadline - Date.now())))),
          ]);
          clearTimeout(timer);
          for (const sink of full) if (sink.full && Date.now() - sink.fullSince! >= stallMs) sink.fail(tooSlow(stallMs));
        }
      }
      close(key, group);
      for (const sink of group.sinks) sink.end();
    } catch (error) {
      close(key, group);
      for (const sink of group.sinks) sink.fail(error);
    }
  }

  return {
    async subscribe(key, start) {
      if (key === null) return start();
      let entry = groups.get(key);
      const joins = entry !== undefined;
      if (!entry) {
        const started = Promise.resolve(start()).then(
          (result): Group | ExecutionResult => {
            if (!isSource(result)) {
              groups.delete(key); // an error answer is not shared: the next subscriber tries again
              return result;
            }
            const group: Group = { source: result, sinks: new Set(), entry: started, ended: false };
            queueMicrotask(() => void pump(key, group));
            return group;
          },
          (error: unknown) => {
            if (groups.get(key) === started) groups.delete(key); // a failed start is not kept either
            throw error;
          },
        );
        groups.set(key, (entry = started));
      }
      const group = await entry;
      if (!('sinks' in group)) return group;
      if (group.ended) return this.subscribe(key, start);
      const sink = new Sink(maxQueue, () => {
        group.sinks.delete(sink);
        if (group.sinks.size === 0 && !group.ended) {
          close(key, group);
          group.source.return?.(undefined).catch(() => undefined);
        }
      });
      group.sinks.add(sink);
      // joining a running execution: it is live once that one is (its start was counted by the feed)
      if (joins) subscriptionsStarted.inc();
      return sink;
    },
    size: () => groups.size,
  };
}

function fullOf(group: Group): Sink[] {
  return [...group.sinks].filter((sink) => sink.full);
}

function isSource(value: Started): value is Source {
  return typeof (value as Source)[Symbol.asyncIterator] === 'function';
}

function tooSlow(stallMs: number): GraphQLError {
  return new GraphQLError(
    `this subscription fell behind and did not catch up for ${stallMs / 1000} s, so it was ended; subscribe again (campaignStatusChanged: with afterEventId set to the id of the last event you received, and every later one arrives)`,
    { extensions: { code: 'SUBSCRIBER_TOO_SLOW' } },
  );
}

/** One subscriber's end of a shared source: a bounded queue read by graphql-ws. */
class Sink implements AsyncIterableIterator<ExecutionResult> {
  private queue: ExecutionResult[] = [];
  private reader: { resolve: (r: IteratorResult<ExecutionResult>) => void; reject: (e: unknown) => void } | null = null;
  private drained: (() => void) | null = null;
  private done = false;
  private error: unknown = null;
  /** when its queue became full; cleared once the reader has drained it back to half */
  fullSince: number | null = null;

  constructor(
    private readonly max: number,
    private readonly leave: () => void,
  ) {}

  get full(): boolean {
    return !this.done && this.queue.length >= this.max;
  }

  /** resolves once the reader has taken a result from a full queue (or left) */
  room(): Promise<void> {
    return this.full ? new Promise((resolve) => (this.drained = resolve)) : Promise.resolve();
  }

  push(result: ExecutionResult) {
    if (this.done) return;
    if (this.reader) {
      const { resolve } = this.reader;
      this.reader = null;
      resolve({ value: result, done: false });
    } else {
      this.queue.push(result);
      if (this.queue.length >= this.max) this.fullSince ??= Date.now();
    }
  }

  /** the source ended: the reader gets what is queued, then the end */
  end() {
    this.finish();
    this.settle();
  }

  /** the reader gets what is queued, then this error */
  fail(error: unknown) {
    this.error = error;
    this.finish();
    this.settle();
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    const value = this.queue.shift();
    if (this.queue.length <= this.max / 2) this.fullSince = null;
    if (this.drained && this.queue.length < this.max) {
      this.drained();
      this.drained = null;
    }
    if (value) return Promise.resolve({ value, done: false });
    if (this.error) return Promise.reject(this.error);
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.reader = { resolve, reject }));
  }

  return(): Promise<IteratorResult<ExecutionResult>> {
    this.queue = [];
    this.error = null;
    this.finish();
    this.settle();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  private settle() {
    this.drained?.();
    this.drained = null;
    if (!this.reader || this.queue.length > 0) return;
    const { resolve, reject } = this.reader;
    this.reader = null;
    if (this.error) reject(this.error);
    else resolve({ value: undefined, done: true });
  }

  private finish() {
    if (this.done) return;
    this.done = true;
    this.leave();
  }
}
