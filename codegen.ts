// `npm run codegen`: typed documents (client preset) from the operations written with graphql(…)
// in test/ (and later the dashboard), against schema.graphql. Output in test/generated/, committed.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/**/*.ts', '!test/generated/**'],
  ignoreNoDocuments: false,
  generates: {
    'test/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        emitLegacyCommonJSImports: false,
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { Money: 'string', DateTime: 'string', Date: 'string', LocalTime: 'string', TimeZone: 'string' },
      },
    },
  },
};

export default config;
