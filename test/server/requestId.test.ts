// Request ids: the caller's x-request-id (or a new one) is echoed back, carried by every log line
// of the request, and put in the errors of its answer, so a user can quote it and an operator find
// the request's lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { startProcess, type ServiceProcess } from '../helpers/processes.ts';
import { asAdmin } from '../helpers/server.ts';

let t: TestDb;
let server: ServiceProcess;
beforeAll(async () => {
  t = await freshDatabase();
  server = await startProcess(t.url, ['--server-only'], await freePort());
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await t.drop();
});

const post = (query: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { ...asAdmin, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });

describe('request ids', () => {
  it('echoes the caller’s id, logs the request’s lines with it, and puts it in the answer’s errors', async () => {
    const res = await post('mutation { createBrand(input: { name: "Ids", dailyBudget: "1.234" }) { id } }', {
      'x-request-id': 'ops-ticket-4711',
    });
    expect(res.headers.get('x-request-id')).toBe('ops-ticket-4711');
    const body = (await res.json()) as { errors: { extensions: Record<string, string> }[] };
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'INVALID_MONEY', field: 'dailyBudget', requestId: 'ops-ticket-4711' });
    await expect
      .poll(() => server.output(), { timeout: 5_000 })
      .toMatch(/"requestId":"ops-ticket-4711".*"code":"INVALID_MONEY"|"code":"INVALID_MONEY".*"requestId":"ops-ticket-4711"/);
  });

  it('makes one when none (or a malformed one) is given; a refusal before any operation carries it too', async () => {
    const fresh = await post('{ __typename }', { 'x-request-id': 'not ok; with spaces' });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await post('{ __typename }', { authorization: 'Bearer bk_nope', 'x-request-id': 'bad-key-1' });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { errors: { extensions: Record<string, string> }[] }).errors[0]!.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      requestId: 'bad-key-1',
    });
  });
});
