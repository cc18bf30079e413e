import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema } from 'type-graphql';
import '../common/enums';
import { AccountResolver } from '../accounts/account.resolver';
import { authChecker } from '../auth/access';
import { annotateAccess } from '../auth/access-catalogue';
import { guardAccountFields } from '../auth/account-fields-guard';
import { AuthResolver } from '../auth/auth.resolver';
import { MeterResolver, ReadingResolver } from '../readings/reading.resolver';
import { MeterAdminResolver } from '../readings/meter-admin.resolver';
import { AccountLedgerResolver } from '../ledger/ledger.resolver';
import { UtilityResolver } from '../utility/utility.resolver';
import { AccountAppealsResolver, AppealReplyResolver, AppealResolver } from '../appeals/appeal.resolver';
import { ApiTokenResolver } from '../api-tokens/api-token.resolver';
import { PaymentDocumentResolver, PaymentResolver } from '../payments/payment.resolver';
import { AuditResolver } from '../audit/audit.resolver';
import { AccountSearchResolver } from '../accounts/account-search.resolver';
import { LedgerImportResolver } from '../imports/ledger-import.resolver';
import { TariffResolver } from '../billing/tariff.resolver';
import { ResidentsResolver } from '../billing/residents.resolver';
import { BillingCloseResolver } from '../billing/billing-close.resolver';
import { RateLimitResolver } from '../http/rate-limit.resolver';
import { DateTimeScalar } from './scalars';
import type { AppPubSub } from './pubsub';

/** Every resolver of the API. */
export const resolvers: Function[] = [AuthResolver, AccountResolver, MeterResolver, ReadingResolver, AccountLedgerResolver, UtilityResolver, AppealResolver, AppealReplyResolver, AccountAppealsResolver, ApiTokenResolver, PaymentResolver, PaymentDocumentResolver, AuditResolver, AccountSearchResolver, LedgerImportResolver, TariffResolver, ResidentsResolver, BillingCloseResolver, MeterAdminResolver, RateLimitResolver];

/**
 * The GraphQL schema, built from the resolvers around the process's event bus.
 * Access is checked on root fields and field resolvers (@Authorized), never on an object type's
 * plain fields: those are declared with `simpleResolvers: true`, so graphql-js reads them directly
 * instead of through type-graphql's per-field wrapper (docs/BENCHMARKS.md).
 */
export async function buildAppSchema(pubSub: AppPubSub = createPubSub()): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: resolvers as [Function, ...Function[]],
    authChecker,
    validate: true,
    pubSub,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  });
  // Every operation says who may call it, from the rules the auth checker enforces; an account's data
  // needs ACCOUNT_READ / ACCOUNTS_READ_ANY by whatever path a token reaches it.
  return annotateAccess(guardAccountFields(schema));
}

/** The SDL committed as schema.graphql. */
export async function printAppSchema(): Promise<string> {
  const header = '# Generated from the resolvers by `npm run schema:print`. Do not edit by hand.\n\n';
  return header + printSchema(lexicographicSortSchema(await buildAppSchema())) + '\n';
}
