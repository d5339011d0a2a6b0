import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('test/generated is what `npm run codegen` makes from schema.graphql and the operations', { timeout: 60_000 }, () => {
  const files = ['gql.ts', 'graphql.ts', 'index.ts'];
  const before = files.map((f) => readFileSync(new URL(`generated/${f}`, import.meta.url), 'utf8'));
  execFileSync(process.execPath, ['node_modules/@graphql-codegen/cli/cjs/bin.js', '--config', 'codegen.ts', '--silent'], { stdio: 'pipe' });
  const after = files.map((f) => readFileSync(new URL(`generated/${f}`, import.meta.url), 'utf8'));
  expect(after).toEqual(before);
});
