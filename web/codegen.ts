/**
 * GraphQL Code Generator: typed operations for the site, generated from the API's schema.
 *
 * Schema: the project's generated ../schema.graphql when it exists, else the public contract
 * (../../shared/contract/schema.graphql), plus src/lib/graphql/extra.graphql — the fields the API
 * adds beyond the contract — for as long as the root schema does not have them yet.
 * Output: src/lib/graphql/generated/ (committed, so that a build needs no codegen run).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';

const rootSchema = '../schema.graphql';
const contract = '../../shared/contract/schema.graphql';
const extra = 'src/lib/graphql/extra.graphql';

const base = existsSync(rootSchema) ? rootSchema : contract;
if (!existsSync(base)) throw new Error(`No schema: neither ${rootSchema} nor ${contract} exists`);

/** The extra fields, as they would appear in the root schema once the API has them. */
const extraMarkers = [/type\s+UtilityInfo\b/, /readingsWindow\s*:/, /unreadReplyCount\s*:/, /markAppealsRead\s*:/, /\bpayment\s*\(/];
const baseText = readFileSync(base, 'utf8');
const baseHasExtras = extraMarkers.every((re) => re.test(baseText));
/**
 * The operators' area (src/lib/staff) also uses operations other helpers are adding to the API.
 * Until the root schema has one, its piece under src/lib/staff/schema/ stands in for it; the pages
 * then say «Раздел появится после обновления API» when the running API does not answer it.
 */
const meterBlock = /type\s+Meter\s*\{([^}]*)\}/.exec(baseText)?.[1] ?? '';
const staffExtras: [string, boolean][] = [
  ['search', /\bsearchAccounts\s*\(/.test(baseText)],
  ['imports', /type\s+RegistryImportReport\b/.test(baseText)],
  ['audit', /type\s+AuditEntry\b/.test(baseText)],
  ['billing-service', /enum\s+BillingService\b/.test(baseText)],
  ['tariffs', /type\s+Tariff\b/.test(baseText)],
  ['billing', /type\s+BillingPeriod\b/.test(baseText)],
  ['residents', /\bsetResidents\s*\(/.test(baseText)],
  ['meter-account', /\baccount\s*:/.test(meterBlock)],
];
const staffSchema = staffExtras.filter(([, present]) => !present).map(([name]) => `src/lib/staff/schema/${name}.graphql`);
const schema = [...(baseHasExtras ? [base] : [base, extra]), ...staffSchema];

console.log(`codegen: schema ${schema.join(' + ')}`);

const config: CodegenConfig = {
  schema,
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
