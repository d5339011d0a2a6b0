// One execution per event for every subscriber asking the same thing, over WebSocket and SSE alike.
// Dashboards open the same subscription with the same key by the hundred; each used to run its own
// feed subscription and execute its selection for every event, so a pause reached the thousandth
// subscriber after a thousand executions. Subscribers of one key, document and variables now share
// one source (useSharedSubscriptions, a Yoga plugin): it is executed once per event, its result
// serialized once, and the same bytes handed to every one of them.
//
// - A WebSocket subscriber (graphql-ws) gets each result written to its socket here, as the
//   graphql-ws frame made from the shared payload text and its own subscription id. graphql-ws
//   still starts the subscription and writes its end (complete, or the error), after every frame.
// - An SSE subscriber is read by Yoga's stream, which uses the result's own `stringify`: it answers
//   the text made for the first.
//
// Each subscriber has its own queue of at most maxQueue (MAX_LAG, as the feed's) results, shared
// objects: a queue is an array of references. A socket's results queue once it holds
// SOCKET_BUFFER bytes not yet taken by the kernel. When one queue is full the source waits for it,
// so a burst (a midnight reset) is read at the pace of the readers and the feed's own bound takes
// over behind it. A reader whose queue stays full (never drained back to half) for stallMs is ended
// with SUBSCRIBER_TOO_SLOW and the others go on: a stalled or crawling dashboard holds the others
// back for stallMs at most. stallMs is a third of the feed's own, so the shared source keeps
// reading and the feed never ends it for one slow reader. A subscription resuming from
// afterEventId (or afterAlertId) has its own position in the feed and is not shared.
import type { Plugin } from '@envelop/core';
import { GraphQLError, Kind, visit, type DocumentNode, type ExecutionResult } from 'graphql';
import { WebSocket } from 'ws';
import type { Principal } from '../domain/scope.ts';
import { MAX_LAG, STALL_MS } from '../feed/hub.ts';
import { subscriptionsStarted } from '../metrics.ts';

/** Bytes a socket may hold unsent before its results wait in its queue instead. */
const SOCKET_BUFFER = 64 * 1024;
/** Subscribers written to before the pump lets other work in. */
const SLICE = 1_000;

export interface MulticastOptions {
  /** results waiting for one subscriber before the source waits for it */
  maxQueue?: number;
  /** how long a subscriber's queue may stay full before it is ended */
  stallMs?: number;
}

type Source = AsyncIterableIterator<ExecutionResult> | AsyncGenerator<ExecutionResult>;
type Started = ExecutionResult | Source;

/** A subscriber's socket: its results are written to it as `frame(result)`. */
export interface Outlet {
  socket: WebSocket;
  frame(result: ExecutionResult): string;
}

interface Group {
  source: Source;
  sinks: Set<Subscriber>;
  /** its entry in the map, while new subscribers may join it */
  entry: Promise<Group | ExecutionResult>;
  ended: boolean;
}

export interface Multicast {
  /**
   * `start` runs the subscription; results are shared with the others of the same key. With an
   * outlet, they are written to its socket and the answer only ends (or fails) once all are.
   */
  subscribe(key: string, start: () => Promise<Started> | Started, outlet?: Outlet): Promise<Started>;
  /** open shared sources (for tests and metrics) */
  size(): number;
}

/** The sharing key of a subscription, or null where it must run alone (resuming: afterEventId, afterAlertId). */
export function shareKey(owner: string, document: DocumentNode, query: string, variables: unknown, operationName: unknown): string | null {
  let resumes = false;
  visit(document, {
    [Kind.ARGUMENT]: (node) => {
      if (/^after[A-Z]\w*Id$/.test(node.name.value)) resumes = true;
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
        serializeOnce(result);
        // those subscribed when it came: one that joins while it is written gets the next
        const sinks = [...group.sinks];
        for (let i = 0; i < sinks.length; i++) {
          sinks[i]!.push(result);
          if ((i + 1) % SLICE === 0) await new Promise((r) => setImmediate(r));
        }
        // wait for room at every full reader; one full for stallMs is ended
        for (let full = fullOf(group); full.length > 0; full = fullOf(group)) {
          const deadline = full.reduce((first, sink) => Math.min(first, sink.fullSince! + stallMs), Infinity);
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
    async subscribe(key, start, outlet) {
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
      if (group.ended) return this.subscribe(key, start, outlet);
      const leave = () => {
        group.sinks.delete(sink);
        if (group.sinks.size === 0 && !group.ended) {
          close(key, group);
          group.source.return?.(undefined).catch(() => undefined);
        }
      };
      const sink = outlet ? new SocketSink(maxQueue, leave, outlet) : new Sink(maxQueue, leave);
      group.sinks.add(sink);
      // joining a running execution: it is live once that one is (its start was counted by the feed)
      if (joins) subscriptionsStarted.inc();
      return sink;
    },
    size: () => groups.size,
  };
}

function fullOf(group: Group): Subscriber[] {
  return [...group.sinks].filter((sink) => sink.full);
}

/**
 * Yoga's SSE stream serializes a result with its `stringify` where it has one: the text is made for
 * the first subscriber and answered to the rest. (Yoga hands it the result with its errors'
 * internals left out, the same for every subscriber.)
 */
function serializeOnce(result: ExecutionResult) {
  if (!Object.isExtensible(result) || 'stringify' in result) return;
  let text: string | undefined;
  Object.defineProperty(result, 'stringify', { value: (sanitized: unknown) => (text ??= JSON.stringify(sanitized)) });
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

/** One subscriber's end of a shared source: a bounded queue of results, ended or failed by the source. */
abstract class Subscriber implements AsyncIterableIterator<ExecutionResult> {
  protected queue: ExecutionResult[] = [];
  protected reader: { resolve: (r: IteratorResult<ExecutionResult>) => void; reject: (e: unknown) => void } | null = null;
  private drained: (() => void) | null = null;
  protected done = false;
  protected error: unknown = null;
  /** when its queue became full; cleared once it has drained back to half */
  fullSince: number | null = null;

  constructor(
    protected readonly max: number,
    private readonly leave: () => void,
  ) {}

  get full(): boolean {
    return !this.done && this.queue.length >= this.max;
  }

  /** resolves once a result has left a full queue (or the subscriber left) */
  room(): Promise<void> {
    return this.full ? new Promise((resolve) => (this.drained = resolve)) : Promise.resolve();
  }

  abstract push(result: ExecutionResult): void;
  abstract next(): Promise<IteratorResult<ExecutionResult>>;

  /** the source ended: what is queued goes first, then the end */
  end() {
    this.finish();
    this.settle();
  }

  /** what is queued goes first, then this error */
  fail(error: unknown) {
    this.error = error;
    this.finish();
    this.settle();
  }

  /** the subscriber left: nothing more reaches it */
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

  protected enqueue(result: ExecutionResult) {
    this.queue.push(result);
    if (this.queue.length >= this.max) this.fullSince ??= Date.now();
  }

  /** after results left the queue */
  protected taken() {
    if (this.queue.length <= this.max / 2) this.fullSince = null;
    if (this.drained && (this.done || this.queue.length < this.max)) {
      this.drained();
      this.drained = null;
    }
  }

  /** a waiting reader gets the end, or the error (once: Yoga's SSE stream reads on after one), once the queue is empty */
  protected settle() {
    this.taken();
    if (!this.reader || !this.done || this.queue.length > 0) return;
    const { resolve, reject } = this.reader;
    this.reader = null;
    const error = this.error;
    this.error = null;
    if (error) reject(error);
    else resolve({ value: undefined, done: true });
  }

  private finish() {
    if (this.done) return;
    this.done = true;
    this.leave();
  }
}

/** A subscriber whose reader takes results from its queue (Yoga's SSE stream). */
class Sink extends Subscriber {
  push(result: ExecutionResult) {
    if (this.done) return;
    if (!this.reader) return this.enqueue(result);
    const { resolve } = this.reader;
    this.reader = null;
    resolve({ value: result, done: false });
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    const value = this.queue.shift();
    this.taken();
    if (value) return Promise.resolve({ value, done: false });
    return new Promise((resolve, reject) => {
      this.reader = { resolve, reject };
      this.settle();
    });
  }
}

/**
 * A subscriber whose results are written to its socket here. graphql-ws reads no result from it: it
 * waits for the end, then writes complete or the error, after every frame.
 */
class SocketSink extends Subscriber {
  /** a frame written past SOCKET_BUFFER: the rest wait until the kernel has taken it */
  private waiting = false;

  constructor(max: number, leave: () => void, private readonly outlet: Outlet) {
    super(max, leave);
  }

  push(result: ExecutionResult) {
    if (this.done) return;
    if (this.waiting || this.queue.length > 0) this.enqueue(result);
    else this.write(result);
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    return new Promise((resolve, reject) => {
      this.reader = { resolve, reject };
      this.settle();
    });
  }

  private write(result: ExecutionResult) {
    const { socket, frame } = this.outlet;
    if (socket.readyState !== WebSocket.OPEN) return; // closing: graphql-ws returns this sink
    if (socket.bufferedAmount < SOCKET_BUFFER) return socket.send(frame(result));
    this.waiting = true;
    socket.send(frame(result), () => {
      this.waiting = false;
      while (this.queue.length > 0 && !this.waiting) this.write(this.queue.shift()!);
      this.settle();
    });
  }
}

/** What the plugin reads from a subscription's context. */
interface SharingContext {
  principal?: Principal | null;
  params?: { query?: string; variables?: unknown; operationName?: unknown };
  /** set by the WebSocket server (websocket.ts): where this subscriber's results are written */
  outlet?: Outlet;
}

/**
 * The Yoga plugin: a subscription with a key shares its source with those of the same key, document
 * and variables. Placed before the plugins that count subscriptions, so they count each subscriber.
 */
export function useSharedSubscriptions(options?: MulticastOptions): Plugin {
  const multicast = createMulticast(options);
  return {
    onSubscribe({ args, subscribeFn, setSubscribeFn }) {
      const { principal, params, outlet } = args.contextValue as SharingContext;
      if (!principal || typeof params?.query !== 'string') return;
      const key = shareKey(principal.keyId ?? principal.actor, args.document, params.query, params.variables, params.operationName);
      if (key === null) return;
      setSubscribeFn((a) => multicast.subscribe(key, () => subscribeFn(a), outlet));
    },
  };
}
