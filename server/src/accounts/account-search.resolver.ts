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
    description:
      'Staff: accounts by number (prefix), or by words of the holder\'s name and the address in any order — each word typed is the start of a word of the account\'s, any case; a number is a whole house or flat number («Ленина 24», «Петрова Ан»). Ordered by name; open one with account(number).',
  })
  async searchAccounts(
    @Arg('query', () => String, { description: 'At least 2 characters: digits of the account number, or words of the name and address (up to 5 count; «д.», «г.» and other one-letter abbreviations with a dot are skipped).' }) query: string,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1..100 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return toConnection(await ctx.services.accountSearch.search(query, first, after));
  }
}
