// Abuse limits (SPEC section 6): query depth (fragments expanded; 15 levels, so GraphiQL's
// introspection works), aliases, cost, tokens and directives through GraphQL Armor; the request
// body (4 MB, enough for 10,000 spends); introspection only for authenticated keys. A hit is a
// clear error and an HTTP status below 500.
import { useDisableIntrospection } from '@envelop/disable-introspection';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';

export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export const LIMITS = {
  maxDepth: 15,
  maxAliases: 30,
  maxCost: 50_000,
  maxTokens: 20_000,
  maxDirectives: 50,
};

/** authenticated: does this (initial) context carry a valid key? */
export function limitPlugins(authenticated: (context: Record<string, unknown>) => boolean): Plugin[] {
  return [
    EnvelopArmorPlugin({
      maxDepth: { n: LIMITS.maxDepth, flattenFragments: true },
      maxAliases: { n: LIMITS.maxAliases },
      costLimit: { maxCost: LIMITS.maxCost },
      maxTokens: { n: LIMITS.maxTokens },
      maxDirectives: { n: LIMITS.maxDirectives },
      // Suggestions ("did you mean …") describe the schema to whoever asks: authenticated or not.
      blockFieldSuggestion: { enabled: false },
    }) as Plugin,
    useDisableIntrospection({ disableIf: ({ context }) => !authenticated(context as Record<string, unknown>) }) as Plugin,
  ];
}
