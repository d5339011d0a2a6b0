// `npm run codegen`: typed documents (client preset) from the operations written with graphql(…),
// against schema.graphql, for the tests (test/generated/) and the dashboard (web/src/generated/,
// as plain strings: the dashboard posts them with fetch and needs no GraphQL parser). Committed;
// test/codegen.test.ts fails when they are stale.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config = {
  presetConfig: { fragmentMasking: false },
  config: {
    emitLegacyCommonJSImports: false,
    enumsAsTypes: true,
    useTypeImports: true,
    scalars: { Money: 'string', DateTime: 'string', Date: 'string', LocalTime: 'string', TimeZone: 'string' },
  },
} as const;

const codegen: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    'test/generated/': { preset: 'client', documents: ['test/**/*.ts', '!test/generated/**'], ...config },
    'web/src/generated/': {
      preset: 'client',
      documents: ['web/src/**/*.{ts,tsx}', '!web/src/generated/**'],
      presetConfig: config.presetConfig,
      config: { ...config.config, documentMode: 'string' },
    },
  },
};

export default codegen;
