/**
 * GraphQL Code Generator: typed operations for the site, generated from the API's schema, the project's
 * ../schema.graphql (generated from the resolvers; `npm run schema:print`).
 * Output: src/lib/graphql/generated/ (committed, so that a build needs no codegen run).
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/lib/graphql/operations.ts', 'src/lib/staff/operations.ts'],
  ignoreNoDocuments: false,
  generates: {
    'src/lib/graphql/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        scalars: {
          Decimal: { input: 'string', output: 'string' },
          Volume: { input: 'string', output: 'string' },
          Date: { input: 'string', output: 'string' },
          DateTime: { input: 'string', output: 'string' },
          Period: { input: 'string', output: 'string' },
        },
      },
    },
  },
};

export default config;
