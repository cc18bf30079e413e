/**
 * An account's data is read with ACCOUNT_READ (a subscriber's token) or ACCOUNTS_READ_ANY (a staff token),
 * whichever path reaches it. Query.account and the Meter/Appeal → account fields say so in their own rules;
 * this guard covers the paths that return an Account as the answer of something else — e.g. setResidents for
 * a BILLING_ADMIN token — so such a token sees the account's id, number, residents and owners, and is refused
 * (FORBIDDEN with requiredScopes) its personal data, ledger, meters and appeals. Sessions, and a sign-in's own
 * answer, pass at once.
 */
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { ApiScope } from '../common/enums';
import type { Context } from '../graphql/context';
import { Access, checkAccess } from './access';

/** What anyone who reached the account (and may call the operation that answered it) sees. */
export const OPEN_ACCOUNT_FIELDS = new Set(['id', 'number', 'residents', 'owners']);

const ACCOUNT_READ_RULE = Access.subscriberOrStaff(ApiScope.ACCOUNT_READ);

function checkAccountRead(context: Context): void {
  const viewer = context.viewer;
  // Sessions have every power of their kind; an anonymous caller holds an account only as the answer of
  // its own sign-in (login, refreshSession). Only API tokens are limited to their scopes.
  if (viewer.kind === 'anonymous' || viewer.via === 'session') return;
  checkAccess(context, ACCOUNT_READ_RULE);
}

export function guardAccountFields(schema: GraphQLSchema): GraphQLSchema {
  const account = schema.getType('Account') as GraphQLObjectType | undefined;
  if (!account) return schema;
  for (const field of Object.values(account.getFields())) {
    if (OPEN_ACCOUNT_FIELDS.has(field.name)) continue;
    const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, context, info) => {
      checkAccountRead(context);
      return resolve(source, args, context, info);
    };
  }
  return schema;
}
