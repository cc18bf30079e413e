import { Arg, Authorized, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Access } from '../auth/access';
import { ApiScope } from '../common/enums';
import type { Context } from '../graphql/context';
import { DecimalScalar } from '../graphql/scalars';
import { Meter } from '../readings/meter.entity';
import { Account } from './account.entity';
import { splitBalance } from './account.service';
import { SettingsInput } from './settings.input';

@Resolver(() => Account)
export class AccountResolver {
  @Authorized(Access.subscriber(ApiScope.ACCOUNT_READ))
  @Query(() => Account, { description: "The signed-in subscriber's account." })
  async me(@Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Account> {
    const id = ctx.services.accounts.ownAccountId(ctx.viewer);
    // Asked for the balance or the unread count: the account and both in one statement.
    const account = await (asksForStats(info) ? ctx.loaders.accountWithStats : ctx.loaders.account).load(id);
    return account ?? ctx.services.accounts.byId(id);
  }

  @Authorized(Access.subscriberOrStaff(ApiScope.ACCOUNT_READ))
  @Query(() => Account, { nullable: true, description: 'An account by number: staff, or its own subscriber.' })
  account(
    @Arg('number', () => String, {
      description:
        'The account number (лицевой счёт), 8–20 digits; spaces and dashes are ignored. A subscriber may give only their own (FORBIDDEN ' +
        'otherwise); for staff, null when no account has it.',
    })
    number: string,
    @Ctx() ctx: Context,
  ): Promise<Account | null> {
    return ctx.services.accounts.byNumberFor(ctx.viewer, number);
  }

  /** Settings change only through the subscriber's own session, never through an API token. */
  @Authorized(['SUBSCRIBER'])
  @Mutation(() => Account, {
    description:
      '«Настройка кабинета»: changes the e-mail, the phone, how receipts are sent, and the password. Every change needs currentPassword ' +
      '(CURRENT_PASSWORD_INVALID; limited like a sign-in). A new password ends every other sign-in and every API token of the account; the ' +
      'subscriber is told by e-mail, and of a new e-mail address at the old address too. Answers the account as saved.',
  })
  updateSettings(
    @Arg('input', () => SettingsInput, { description: 'What to change; fields left out or null stay as they are.' }) input: SettingsInput,
    @Ctx() ctx: Context,
  ): Promise<Account> {
    const v = ctx.viewer;
    return ctx.services.accounts.updateSettings(ctx.services.accounts.ownAccountId(v), input, {
      clientIp: ctx.clientIp,
      sessionFamily: v.kind === 'subscriber' ? (v.sessionFamily ?? null) : null,
    });
  }

  @FieldResolver(() => DecimalScalar, { description: 'Positive: the subscriber owes this much. Negative: an advance.' })
  async balance(@Root() account: Account, @Ctx() ctx: Context): Promise<string> {
    return splitBalance(await ctx.loaders.balance.load(account.id)).balance;
  }

  @FieldResolver(() => DecimalScalar, { description: 'max(balance, 0).' })
  async amountDue(@Root() account: Account, @Ctx() ctx: Context): Promise<string> {
    return splitBalance(await ctx.loaders.balance.load(account.id)).amountDue;
  }

  @FieldResolver(() => DecimalScalar, { description: 'max(-balance, 0).' })
  async advance(@Root() account: Account, @Ctx() ctx: Context): Promise<string> {
    return splitBalance(await ctx.loaders.balance.load(account.id)).advance;
  }

  @FieldResolver(() => [Meter], { description: "The account's meters in service (replaced ones are left out; failed ones stay until replaced), by id." })
  meters(@Root() account: Account, @Ctx() ctx: Context): Promise<Meter[]> {
    return ctx.loaders.metersByAccount.load(account.id);
  }
}

const STATS_FIELDS = new Set(['balance', 'amountDue', 'advance', 'unreadReplyCount']);

/** Whether the query selects a field that accountWithStats loads (fragments included). */
function asksForStats(info: GraphQLResolveInfo): boolean {
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.kind === 'Field') return STATS_FIELDS.has(s.name.value);
      if (s.kind === 'InlineFragment') return walk(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      return walk(info.fragments[s.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => walk(node.selectionSet));
}
