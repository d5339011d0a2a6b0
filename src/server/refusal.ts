// A request refused before any operation runs (a wrong key, over the rate, a body too big): its
// status comes from the one code → status table, its body has GraphQL's error shape, on every route.
import { HTTP_STATUS, type DomainError } from '../domain/errors.ts';

export interface Refusal {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function refusal(error: DomainError): Refusal {
  const status = HTTP_STATUS[error.code];
  const extensions = { code: error.code, ...(error.field ? { field: error.field } : {}) };
  return {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
    },
    body: JSON.stringify({ errors: [{ message: error.message, extensions }] }),
  };
}
