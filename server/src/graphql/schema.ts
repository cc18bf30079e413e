import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import '../common/enums';
import { AccountResolver } from '../accounts/account.resolver';
import { authChecker } from '../auth/access';
import { AuthResolver } from '../auth/auth.resolver';
import { DateTimeScalar } from './scalars';

export const resolvers = [AuthResolver, AccountResolver] as const;

let cached: Promise<GraphQLSchema> | null = null;

/** The GraphQL schema, built from the resolvers once per process. */
export function buildAppSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: [...resolvers] as any,
    authChecker,
    validate: true,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  });
  return cached;
}

/** The SDL committed as schema.graphql. */
export async function printAppSchema(): Promise<string> {
  const header = '# Generated from the resolvers by `npm run schema:print`. Do not edit by hand.\n\n';
  return header + printSchema(lexicographicSortSchema(await buildAppSchema())) + '\n';
}
