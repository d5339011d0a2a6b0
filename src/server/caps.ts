// What one API key may hold open in this process: WebSocket connections
// (BUDGET_MAX_CONNECTIONS_PER_KEY) and subscriptions, WebSocket and SSE together
// (BUDGET_MAX_SUBSCRIPTIONS_PER_KEY). Each costs memory for as long as it stays open, which the
// rate limit does not bound: one key once held 8,489 subscriptions (+388 MB) and 2,000 sockets
// (+133 MB). BUDGET_ADMIN_KEY is exempt, as from the rate.
//
// The counts are what is open, so an end missed cannot lock a key out: a socket counts from its
// connection_init to its close event; its subscriptions are graphql-ws's own record of the
// operations it runs (an id enters before onSubscribe and leaves when the operation ends, however
// it ends, all at once when the socket closes); an SSE subscription counts from its start to the
// end of its stream, however it ends (done, failed, or returned when the client leaves).
import type { Plugin } from 'graphql-yoga';
import { DomainError } from '../domain/errors.ts';
import type { Principal } from '../domain/scope.ts';
import { isStream } from './observe.ts';

export interface CapSettings {
  /** BUDGET_MAX_SUBSCRIPTIONS_PER_KEY */
  maxSubscriptionsPerKey: number;
  /** BUDGET_MAX_CONNECTIONS_PER_KEY */
  maxConnectionsPerKey: number;
}

/** A graphql-ws connection's context: `subscriptions` holds the operations it runs, by id. */
export interface Connection {
  readonly subscriptions: Readonly<Record<string, unknown>>;
}

/**
 * Refused at connection_init past the cap. graphql-ws's 4xxx codes mirror HTTP's (429: too many);
 * its own 4429 is "too many initialisation requests", which its client does not retry by itself:
 * our dashboard does, after a pause (web/src/live.ts).
 */
export const TOO_MANY_CONNECTIONS_CLOSE = 4429;

export interface KeyCaps<C extends Connection> {
  /**
   * Counts an authenticated socket for its key until the returned release is called (at its
   * close); TOO_MANY_CONNECTIONS, counting nothing, when the key already has the most it may.
   */
  connect(principal: Principal, connection: C): (() => void) | DomainError;
  /** The open connections of a key (a revoked key's are closed). */
  connections(keyId: string): ReadonlySet<C>;
  /** keys with connections open */
  keys(): string[];
  /**
   * For an operation over WebSocket, already in its connection's record: TOO_MANY_SUBSCRIPTIONS
   * when it takes the key past its cap, else null.
   */
  refuseOperation(principal: Principal): DomainError | null;
  /** SSE subscriptions (GraphQL over HTTP): counted while their stream is open, refused past the cap. */
  plugin(): Plugin;
  /** what a key holds open (tests, and the SSE gauge: `sse` counts every key's, the exempt too) */
  open(keyId: string): { connections: number; subscriptions: number };
  readonly sse: { open: number };
}

export function createKeyCaps<C extends Connection>({ maxSubscriptionsPerKey, maxConnectionsPerKey }: CapSettings): KeyCaps<C> {
  const byKey = new Map<string, Set<C>>();
  /** SSE subscriptions by key ('' for the exempt) */
  const streams = new Map<string, number>();
  const sse = { open: 0 };

  const cappedKey = (principal: Principal | null | undefined) => (principal && !principal.exempt ? principal.keyId : null);
  function subscriptions(keyId: string): number {
    let n = streams.get(keyId) ?? 0;
    for (const connection of byKey.get(keyId) ?? []) n += Object.keys(connection.subscriptions).length;
    return n;
  }
  const tooMany = () =>
    new DomainError(
      'TOO_MANY_SUBSCRIPTIONS',
      `this API key has ${maxSubscriptionsPerKey} subscriptions open, the most it may: end one before starting another`,
    );

  /** One more SSE subscription of this key, until release. */
  function stream(keyId: string): () => void {
    streams.set(keyId, (streams.get(keyId) ?? 0) + 1);
    sse.open++;
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      sse.open--;
      const left = streams.get(keyId)! - 1;
      if (left === 0) streams.delete(keyId);
      else streams.set(keyId, left);
    };
  }

  return {
    connect(principal, connection) {
      const keyId = cappedKey(principal);
      if (!keyId) return () => undefined;
      const open = byKey.get(keyId) ?? new Set();
      if (open.size >= maxConnectionsPerKey) {
        return new DomainError('TOO_MANY_CONNECTIONS', `too many connections for this API key: at most ${maxConnectionsPerKey} at once`);
      }
      open.add(connection);
      byKey.set(keyId, open);
      return () => {
        open.delete(connection);
        if (open.size === 0 && byKey.get(keyId) === open) byKey.delete(keyId);
      };
    },
    connections: (keyId) => byKey.get(keyId) ?? new Set(),
    keys: () => [...byKey.keys()],
    refuseOperation(principal) {
      const keyId = cappedKey(principal);
      return keyId && subscriptions(keyId) > maxSubscriptionsPerKey ? tooMany() : null;
    },
    plugin: () => ({
      onSubscribe({ args, subscribeFn, setSubscribeFn }) {
        const context = args.contextValue as { socket?: unknown; principal?: Principal | null };
        if (context.socket) return; // over WebSocket: counted in its connection's record
        const keyId = cappedKey(context.principal) ?? '';
        setSubscribeFn(async (a) => {
          const release = stream(keyId);
          if (keyId && subscriptions(keyId) > maxSubscriptionsPerKey) {
            release();
            throw tooMany();
          }
          try {
            const result = await subscribeFn(a);
            if (isStream(result)) return whileOpen(result, release);
            release(); // an error answer: nothing stays open
            return result;
          } catch (error) {
            release();
            throw error;
          }
        });
      },
    }),
    open: (keyId) => ({ connections: byKey.get(keyId)?.size ?? 0, subscriptions: subscriptions(keyId) }),
    sse,
  };
}

/**
 * The stream, calling `end` once when it ends: done, failed, or returned. Not an async generator:
 * a generator's return() waits for the next() in progress, that is, for the next event.
 */
function whileOpen<T>(source: AsyncIterable<T>, end: () => void): AsyncIterableIterator<T> {
  const it = source[Symbol.asyncIterator]();
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () =>
      it.next().then(
        (r) => {
          if (r.done) end();
          return r;
        },
        (error: unknown) => {
          end();
          throw error;
        },
      ),
    return: (value?: unknown) => {
      end();
      return it.return?.(value) ?? Promise.resolve({ done: true, value: undefined });
    },
    throw: (error?: unknown) => {
      end();
      return it.throw?.(error) ?? Promise.reject(error);
    },
  };
}
