// Every GraphQL example in the README and docs/ is valid against the printed schema: a renamed
// field or argument fails here, not in a user's GraphiQL.
import { readdirSync, readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const schema = buildSchema(readFileSync(new URL('schema.graphql', root), 'utf8'));
const files = [
  'README.md',
  ...readdirSync(new URL('docs/', root))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('GraphQL examples in the documentation', () => {
  it.each(files)('%s', (file) => {
    const text = readFileSync(new URL(file, root), 'utf8');
    const blocks = [...text.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
    for (const block of blocks) {
      // a block may hold several operations to paste one at a time
      const errors = validate(schema, parse(block)).filter((e) => !/must be the only defined operation/.test(e.message));
      expect(
        errors.map((e) => e.message),
        block,
      ).toEqual([]);
    }
  });
});
