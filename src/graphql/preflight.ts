// An error answer never hides a write. A mutation's answer is read after its transaction commits,
// so a field the key may not read (an ingest key selecting `brand { campaigns }` in recordSpend's
// payload) would answer FORBIDDEN for a spend that was recorded, and a client retrying without an
// externalId would count it twice. So a mutation is checked before it runs against the auth scopes
// of every field it selects, fragments included; one it may not read refuses the whole request,
// and nothing is written. The scopes are the ones Pothos enforces (field authScopes, and the root
// type's unless the field skips them), evaluated with the builder's own scopesOf.
import {
  getNamedType,
  getOperationAST,
  GraphQLError,
  isInterfaceType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { scopesOf, type AuthScopes } from './builder.ts';
import type { Context } from './context.ts';
import { currentRequestId } from '../log.ts';

type ScopeMap = Partial<Record<keyof AuthScopes, boolean>>;
interface PothosExtensions {
  pothosOptions?: { authScopes?: unknown; skipTypeScopes?: boolean };
}

export function useMutationPreflight(): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      const principal = (args.contextValue as Context).principal;
      // Without a key the root field's own check refuses before anything runs.
      if (operation?.operation !== 'mutation' || !principal) return;
      const root = args.schema.getMutationType()!;
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const d of args.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
      const denied = firstDenied(args.schema, fragments, operation.selectionSet, root, scopesOf(principal), root.name, new Set());
      if (!denied) return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError(
            `this ${principal.role} key may not read ${denied}, which this mutation selects: nothing was done. Leave that field out of the selection.`,
            { extensions: { code: 'FORBIDDEN', field: denied, ...(currentRequestId() ? { requestId: currentRequestId() } : {}) } },
          ),
        ],
      });
    },
  };
}

/** "Type.field" of the first selected field the scopes do not allow, or null. */
function firstDenied(
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
  selectionSet: SelectionSetNode,
  type: GraphQLNamedType,
  scopes: AuthScopes,
  rootName: string,
  spread: Set<string>,
): string | null {
  for (const selection of selectionSet.selections) {
    let denied: string | null = null;
    if (selection.kind === Kind.FIELD) {
      if (!(isObjectType(type) || isInterfaceType(type)) || selection.name.value.startsWith('__')) continue;
      const field = type.getFields()[selection.name.value];
      if (!field) continue;
      const options = (field.extensions as PothosExtensions).pothosOptions;
      const typeScopes =
        type.name === rootName && !options?.skipTypeScopes ? (type.extensions as PothosExtensions).pothosOptions?.authScopes : undefined;
      if (!allows(scopes, options?.authScopes) || !allows(scopes, typeScopes)) return `${type.name}.${field.name}`;
      if (selection.selectionSet) {
        denied = firstDenied(schema, fragments, selection.selectionSet, getNamedType(field.type), scopes, rootName, spread);
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
      if (on) denied = firstDenied(schema, fragments, selection.selectionSet, on, scopes, rootName, spread);
    } else {
      const fragment = fragments.get(selection.name.value);
      const on = fragment && schema.getType(fragment.typeCondition.name.value);
      if (!fragment || !on || spread.has(fragment.name.value)) continue;
      spread.add(fragment.name.value);
      denied = firstDenied(schema, fragments, fragment.selectionSet, on, scopes, rootName, spread);
    }
    if (denied) return denied;
  }
  return null;
}

/** Pothos reads an object of scopes as "any of these"; a function is left to the resolver's own check. */
function allows(scopes: AuthScopes, required: unknown): boolean {
  if (!required || typeof required !== 'object') return true;
  return Object.entries(required as ScopeMap).some(([scope, wanted]) => wanted === true && scopes[scope as keyof AuthScopes]);
}
