// Abuse limits: query depth (fragments expanded; 15 levels, so GraphiQL's
// introspection works), aliases, tokens and directives through GraphQL Armor; the cost, ours, which
// knows what the heavy fields cost and how big the pages are (src/graphql/cost.ts); the request
// body (4 MB, enough for 10,000 spends); introspection only for authenticated keys; a per-key rate.
// A hit is a clear error and an HTTP status below 500.
import { useDisableIntrospection } from '@envelop/disable-introspection';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ServerResponse } from 'node:http';
import type { Principal } from '../domain/scope.ts';
import { COST_LIMIT, useCostLimit } from '../graphql/cost.ts';

export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** How long a connection answered before its body was read stays half-closed before it is cut (closeUnread). */
export const LINGER_MS = 1_000;

/**
 * For an answer given before the request body was read (413): call before writing it, with
 * Connection: close. Nothing more of the body is read; once the answer is flushed our side of the
 * connection ends (FIN), so the client sees the answer and the end together and stops sending,
 * and lingerMs later the socket is cut. Not at once: closing a socket with unread bytes resets
 * the connection (RST), and a client still writing then loses the answer it has not read yet
 * (its next write fails first); a sender that goes on writing is stopped by the reset.
 */
export function closeUnread(res: ServerResponse, lingerMs = LINGER_MS): void {
  const { req, socket } = res;
  req.removeAllListeners('data');
  req.pause();
  // Read at most a buffer's worth: Node would otherwise drain an unread body after the answer.
  req.read(0);
  if (!socket) return;
  // Node ends a Connection: close response's socket with destroySoon (end, then destroy once
  // flushed): here it only ends, and the timer destroys.
  socket.destroySoon = () => void socket.end();
  res.once('finish', () => setTimeout(() => socket.destroy(), lingerMs).unref());
}

export const LIMITS = {
  maxDepth: 15,
  maxAliases: 30,
  maxCost: COST_LIMIT,
  maxTokens: 20_000,
  maxDirectives: 50,
};

/** authenticated: does this (initial) context carry a valid key? */
export function limitPlugins(authenticated: (context: Record<string, unknown>) => boolean): Plugin[] {
  return [
    EnvelopArmorPlugin({
      maxDepth: { n: LIMITS.maxDepth, flattenFragments: true },
      maxAliases: { n: LIMITS.maxAliases },
      // Armor's cost knows neither page sizes nor which fields are heavy: useCostLimit does
      costLimit: { enabled: false },
      maxTokens: { n: LIMITS.maxTokens },
      maxDirectives: { n: LIMITS.maxDirectives },
      // suggestions are left to useNoSuggestionsForStrangers: a key's holder keeps them
      blockFieldSuggestion: { enabled: false },
    }) as Plugin,
    useCostLimit(LIMITS.maxCost),
    useDisableIntrospection({ disableIf: ({ context }) => !authenticated(context as Record<string, unknown>) }) as Plugin,
    useNoSuggestionsForStrangers(authenticated),
  ];
}

// graphql-js ends a message with what it would have matched: `Did you mean "brand" or "brands"?`,
// `Did you mean the enum value "ACTIVE"?`. It names the schema's fields, types, arguments and values.
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

function withoutSuggestions<E extends Error>(errors: readonly E[]): E[] {
  return errors.map((e) => {
    const message = e.message.replace(SUGGESTION, '');
    if (message === e.message || !(e instanceof GraphQLError)) return e;
    const { nodes, source, positions, path, extensions } = e;
    return new GraphQLError(message, { nodes, source, positions, path, extensions }) as unknown as E;
  });
}

/**
 * Like introspection, suggestions ("did you mean …") describe the schema: a request without a key
 * gets its mistakes named without them, in validation (an unknown field, type or argument) and in
 * the variables' coercion (an unknown enum value).
 */
export function useNoSuggestionsForStrangers(authenticated: (context: Record<string, unknown>) => boolean): Plugin {
  return {
    onValidate({ context }) {
      if (authenticated(context as unknown as Record<string, unknown>)) return;
      return ({ valid, result, setResult }) => {
        if (!valid) setResult(withoutSuggestions(result));
      };
    },
    onExecute({ args }) {
      if (authenticated(args.contextValue as unknown as Record<string, unknown>)) return;
      return {
        onExecuteDone({ result, setResult }) {
          if (!('errors' in result) || !result.errors?.length) return;
          setResult({ ...result, errors: withoutSuggestions(result.errors) });
        },
      };
    },
  };
}

export interface RateLimiter {
  readonly ratePerSecond: number;
  /** false when the key has used up its rate; BUDGET_ADMIN_KEY is exempt. Takes a token when true. */
  allows(principal: Principal): boolean;
}

/** Per key and limiter (one per server): a token bucket refilled at ratePerSecond, holding a second's worth. */
export function createRateLimiter(ratePerSecond: number): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    ratePerSecond,
    allows(principal) {
      if (principal.exempt || !principal.keyId) return true;
      const now = performance.now();
      const b = buckets.get(principal.keyId) ?? { tokens: ratePerSecond, at: now };
      b.tokens = Math.min(ratePerSecond, b.tokens + ((now - b.at) / 1_000) * ratePerSecond);
      b.at = now;
      buckets.set(principal.keyId, b);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
  };
}
