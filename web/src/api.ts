// GraphQL over HTTP with the signed-in key. The key lives in sessionStorage (this tab, until it
// closes or the user signs out) and travels as a Bearer header, never in a cookie. Every
// operation is a typed document (graphql(…), types from `npm run codegen` in web/src/generated).
import { graphql } from './generated/gql.ts';
import type { TypedDocumentString } from './generated/graphql.ts';

export { graphql };
const STORAGE = 'budget-control-key';

export const session = {
  key: () => sessionStorage.getItem(STORAGE),
  signIn: (key: string) => sessionStorage.setItem(STORAGE, key.trim()),
  signOut: () => sessionStorage.removeItem(STORAGE),
};

/** An error the API answered: its code and the field it is about; `all`: it and the others of the same answer (one per wrong field). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly field: string | undefined,
    readonly more: ApiError[] = [],
  ) {
    super(message);
  }

  get all(): ApiError[] {
    return [this, ...this.more];
  }
}

export async function gql<R, V>(document: TypedDocumentString<R, V>, variables?: V): Promise<R> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.key() ?? ''}` },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError('the service did not answer (network); nothing is known to be saved, try again', 'NETWORK', undefined);
  }
  const body = (await res.json().catch(() => ({
    errors: [{ message: `the service answered HTTP ${res.status} without a GraphQL answer; try again`, extensions: { code: 'HTTP' } }],
  }))) as { data?: R; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
  const [first, ...more] = (body.errors ?? []).map((e) => new ApiError(e.message, e.extensions?.code, e.extensions?.field));
  if (first) throw new ApiError(first.message, first.code, first.field, more);
  return body.data as R;
}

const MeQuery = graphql(`
  query Me {
    me {
      name
      role
      brandIds
    }
  }
`);

export type Me = Awaited<ReturnType<typeof whoAmI>>;
export type Role = Me['role'];
export const whoAmI = async () => (await gql(MeQuery)).me;
