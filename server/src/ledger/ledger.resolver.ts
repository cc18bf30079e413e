import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Account } from '../accounts/account.entity';
import { toConnection } from '../common/pagination';
import type { Context } from '../graphql/context';
import { DateScalar } from '../graphql/scalars';
import { LedgerConnection, SortOrder } from './ledger.types';

@Resolver(() => Account)
export class AccountLedgerResolver {
  @FieldResolver(() => LedgerConnection, { description: 'Entries dated from..to inclusive, newest first (or oldest first with order: ASC).' })
  async ledger(
    @Root() account: Account,
    @Arg('from', () => DateScalar, { nullable: true }) from: string | null,
    @Arg('to', () => DateScalar, { nullable: true }) to: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('order', () => SortOrder, { nullable: true, defaultValue: SortOrder.DESC }) order: SortOrder,
    @Ctx() ctx: Context,
  ): Promise<LedgerConnection> {
    // One statement: the totals and the page (ledger.service.ts pageWithTotals).
    const { totals, page } = await ctx.services.ledger.pageWithTotals(account.id, { from, to, first, after, order });
    const { totalCount: _n, ...sums } = totals;
    return { ...toConnection(page), ...sums };
  }
}
