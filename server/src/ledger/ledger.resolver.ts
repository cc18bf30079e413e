import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Account } from '../accounts/account.entity';
import { toConnection } from '../common/pagination';
import type { Context } from '../graphql/context';
import { DateScalar } from '../common/scalars';
import { LedgerConnection, SortOrder } from './ledger.types';

@Resolver(() => Account)
export class AccountLedgerResolver {
  @FieldResolver(() => LedgerConnection, { description: 'Entries dated from..to inclusive, newest first (or oldest first with order: ASC).' })
  async ledger(
    @Root() account: Account,
    @Arg('from', () => DateScalar, { nullable: true, description: 'The first day of the range («С»), inclusive; omitted: from the first entry.' }) from: string | null,
    @Arg('to', () => DateScalar, {
      nullable: true,
      description: 'The last day of the range («По»), inclusive; omitted: up to the latest entry. Before from: BAD_USER_INPUT (field to).',
    })
    to: string | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1..100 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page (asked with the same range and order); omitted: the first page.' })
    after: string | null,
    @Arg('order', () => SortOrder, { nullable: true, defaultValue: SortOrder.DESC, description: 'By date: DESC newest first (the default), ASC oldest first.' })
    order: SortOrder,
    @Ctx() ctx: Context,
  ): Promise<LedgerConnection> {
    // One statement: the totals and the page (ledger.service.ts pageWithTotals).
    const { totals, page } = await ctx.services.ledger.pageWithTotals(account.id, { from, to, first, after, order });
    const { totalCount: _n, ...sums } = totals;
    return { ...toConnection(page), ...sums };
  }
}
