// `me`: the key a request carries, for clients that adapt to it (the dashboard).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, serverForFile, type TestServer } from '../helpers/server.ts';
import type { TestDb } from '../helpers/db.ts';

let t: TestDb;
let s: TestServer;
beforeAll(async () => {
  ({ t, s } = await serverForFile());
});
afterAll(() => closeServer(t, s));

describe('me', () => {
  it('answers the name, role and brands of the key; any key may ask; none is UNAUTHENTICATED', async () => {
    expect((await s.gql('{ me { name role brandIds } }')).data.me).toEqual({ name: 'BUDGET_ADMIN_KEY', role: 'admin', brandIds: null });
    const brand = (await s.gql(`mutation { createBrand(input: { name: "Mine" }) { id } }`)).data.createBrand.id;
    for (const role of ['viewer', 'ingest']) {
      const key = (
        await s.gql(`mutation ($b: [ID!]) { createApiKey(name: "${role} of Mine", role: ${role}, brandIds: $b) { key } }`, { b: [brand] })
      ).data.createApiKey.key;
      const me = await s.gql('{ me { name role brandIds } }', {}, { authorization: `Bearer ${key}` });
      expect(me.data.me).toEqual({ name: `${role} of Mine`, role, brandIds: [brand] });
    }
    const anonymous = await s.gql('{ me { name } }', {}, {});
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });
});
