// GraphQL over HTTP with the signed-in key. The key lives in sessionStorage (this tab, until it
// closes or the user signs out) and travels as a Bearer header, never in a cookie.
const STORAGE = 'budget-control-key';

export const session = {
  key: () => sessionStorage.getItem(STORAGE),
  signIn: (key: string) => sessionStorage.setItem(STORAGE, key.trim()),
  signOut: () => sessionStorage.removeItem(STORAGE),
};

/** An error the API answered: its code and the field it is about. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly field: string | undefined,
  ) {
    super(message);
  }
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.key() ?? ''}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.message, error.extensions?.code, error.extensions?.field);
  return body.data as T;
}

export type Role = 'admin' | 'operator' | 'ingest' | 'viewer';
export interface Me {
  name: string;
  role: Role;
  brandIds: string[] | null;
}

export const whoAmI = async () => (await gql<{ me: Me }>('{ me { name role brandIds } }')).me;
