/** Staff's account search: thin, the rules are in AccountSearchService. */
import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { Access } from '../auth/access';
import { ApiScope } from '../common/enums';
import { toConnection } from '../common/pagination';
import type { Context } from '../graphql/context';
import { Account } from './account.entity';
import { AccountConnection } from './account-search.types';

@Resolver(() => Account)
export class AccountSearchResolver {
  @Authorized(Access.staff(ApiScope.ACCOUNTS_READ_ANY))
  @Query(() => AccountConnection, {
    description: 'Staff: accounts by number (prefix), name («Фамилия Имя Отчество», prefixes, any case) or address (substring); open one with account(number).',
  })
  async searchAccounts(
    @Arg('query', () => String, { description: 'At least 2 characters: digits of the account number, a last name (optionally with first and middle name), or part of the address.' }) query: string,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1..100 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return toConnection(await ctx.services.accountSearch.search(query, first, after));
  }
}
