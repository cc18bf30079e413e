import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema } from 'type-graphql';
import '../common/enums';
import { AccountResolver } from '../accounts/account.resolver';
import { authChecker } from '../auth/access';
import { annotateAccess } from '../auth/access-catalogue';
import { guardAccountFields } from '../auth/account-fields-guard';
import { AuthResolver } from '../auth/auth.resolver';
import { AccountMetersResolver, MeterResolver, ReadingResolver } from '../readings/reading.resolver';
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
import { WebhookResolver } from '../webhooks/webhook.resolver';
import { RateLimitResolver } from '../http/rate-limit.resolver';
import { DateTimeScalar } from '../common/scalars';
import type { AppPubSub } from '../common/pubsub';

/** Every resolver of the API. */
export const resolvers: Function[] = [AuthResolver, AccountResolver, AccountMetersResolver, MeterResolver, ReadingResolver, AccountLedgerResolver, UtilityResolver, AppealResolver, AppealReplyResolver, AccountAppealsResolver, ApiTokenResolver, PaymentResolver, PaymentDocumentResolver, AuditResolver, AccountSearchResolver, LedgerImportResolver, TariffResolver, ResidentsResolver, BillingCloseResolver, MeterAdminResolver, RateLimitResolver, WebhookResolver];

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
  return describeRootTypes(annotateAccess(guardAccountFields(schema)));
}

/** The root types' descriptions: type-graphql has no option for them. */
const ROOT_DESCRIPTIONS: Record<string, string> = {
  Query:
    'What can be read, over HTTP POST at /graphql (or GET with the apollo-require-preflight header). Lists are Relay connections (first 1..100, default 20; opaque cursors). ' +
    'Each field says who may call it («Access: …»); errors carry a stable errors[].extensions.code.',
  Mutation:
    'What can be changed, over HTTP POST at /graphql. Each field says who may call it («Access: …»); errors carry a stable ' +
    'errors[].extensions.code (BAD_USER_INPUT with extensions.field) and a message in Russian saying what to do.',
  Subscription:
    'Live events over WebSocket (the graphql-ws protocol) at /graphql, authenticated in connection_init with ' +
    '{ "Authorization": "Bearer …" } or a one-time { ticket } (createSubscriptionTicket).',
};

function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (type && !type.description) type.description = ROOT_DESCRIPTIONS[type.name];
  }
  return schema;
}

/** The SDL committed as schema.graphql. */
export async function printAppSchema(): Promise<string> {
  const header = '# Generated from the resolvers by `npm run schema:print`. Do not edit by hand.\n\n';
  return header + printSchema(lexicographicSortSchema(await buildAppSchema())) + '\n';
}
