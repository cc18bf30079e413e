/** API tokens' GraphQL surface: thin, the rules are in ApiTokenService. Managed only through a session. */
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ApiScope } from '../common/enums';
import type { Context } from '../graphql/context';
import { ApiToken } from './api-token.entity';
import { CreatedApiToken } from './api-token.types';

/** Subscribers and staff, by their session: a token never manages tokens. */
const SESSION = ['SUBSCRIBER', 'STAFF'];

@Resolver(() => ApiToken)
export class ApiTokenResolver {
  @Authorized(SESSION)
  @Query(() => [ApiToken], { description: "Staff or subscriber: the caller's API tokens." })
  apiTokens(@Ctx() ctx: Context): Promise<ApiToken[]> {
    return ctx.services.apiTokens.list(ctx.viewer);
  }

  @Authorized(SESSION)
  @Mutation(() => CreatedApiToken, {
    description:
      'Subscribers: ACCOUNT_READ, READINGS_WRITE, APPEALS_WRITE; staff: the narrow staff scopes or OPERATOR (all of them). The token is ' +
      'shown once and its owner is told by ' +
      'e-mail. Needs a fresh sign-in (the password checked within 10 minutes) or currentPassword: REAUTHENTICATION_REQUIRED otherwise.',
  })
  createApiToken(
    @Arg('name', () => String, { description: 'A name to tell it by, 1 to 100 characters, e.g. «Шлюз счётчиков».' }) name: string,
    @Arg('scopes', () => [ApiScope], {
      description: "What it may do, at least one scope; a subscriber's token only ACCOUNT_READ, READINGS_WRITE, APPEALS_WRITE (a staff scope is FORBIDDEN).",
    })
    scopes: ApiScope[],
    @Arg('currentPassword', () => String, { nullable: true, description: 'The current password, when the sign-in is older than 10 minutes.' })
    currentPassword: string | null,
    @Arg('expiresAt', () => Date, { nullable: true, description: 'When the token stops working (at most 5 years ahead); omitted: it does not expire.' })
    expiresAt: Date | null,
    @Arg('accountNumbers', () => [String], {
      nullable: true,
      description: "A subscriber's token limited to these of the person's accounts (at most 20); omitted: every account the person holds.",
    })
    accountNumbers: string[] | null,
    @Ctx() ctx: Context,
  ): Promise<CreatedApiToken> {
    return ctx.services.apiTokens.create(ctx.viewer, name, scopes, currentPassword, ctx.clientIp, expiresAt, accountNumbers);
  }

  @FieldResolver(() => [String], {
    nullable: true,
    description: "The accounts a subscriber's token is limited to (their numbers); null: every account the person holds (and staff tokens).",
  })
  accountNumbers(@Root() token: ApiToken, @Ctx() ctx: Context): Promise<string[] | null> {
    return ctx.services.apiTokens.limitedAccountNumbers(token);
  }

  @Authorized(SESSION)
  @Mutation(() => Boolean, { description: "Revokes one of the caller's own tokens: it stops being accepted at once." })
  revokeApiToken(
    @Arg('id', () => ID, { description: "ApiToken.id of one of the caller's live tokens; any other id is NOT_FOUND." }) id: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.apiTokens.revoke(ctx.viewer, id);
  }
}
