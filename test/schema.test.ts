import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { printedSchema } from '../src/graphql/schema.ts';

it('schema.graphql is the printed schema (run `npm run schema` after changing types)', () => {
  expect(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8')).toBe(printedSchema());
});
