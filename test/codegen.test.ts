import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it(
  'test/generated and web/src/generated are what `npm run codegen` makes from schema.graphql and the operations',
  { timeout: 60_000 },
  () => {
    const files = ['test/generated', 'web/src/generated'].flatMap((dir) =>
      ['gql.ts', 'graphql.ts', 'index.ts'].map((f) => new URL(`../${dir}/${f}`, import.meta.url)),
    );
    const before = files.map((f) => readFileSync(f, 'utf8'));
    execFileSync(process.execPath, ['node_modules/@graphql-codegen/cli/cjs/bin.js', '--config', 'codegen.ts', '--silent'], {
      stdio: 'pipe',
    });
    const after = files.map((f) => readFileSync(f, 'utf8'));
    expect(after).toEqual(before);
  },
);
