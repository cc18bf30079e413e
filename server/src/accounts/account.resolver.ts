import { Arg, Authorized, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Access } from '../auth/access';
import { ApiScope } from '../common/enums';
import type { Context } from '../graphql/context';
import { DecimalScalar } from '../common/scalars';
import { Account } from './account.entity';
import { splitBalance } from './account.service';
import { LinkAccountInput, SettingsInput } from './settings.input';

@Resolver(() => Account)
export class AccountResolver {
  @Authorized(Access.subscriber(ApiScope.ACCOUNT_READ))
  @Query(() => Account, { description: "The signed-in subscriber's account: the one signed in with (a person may hold several: myAccounts)." })
  async me(@Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Account> {
    const v = ctx.services.accounts.subscriberOf(ctx.viewer);
    // A token limited to some of the person's accounts: its first one, when the one it was made from is not among them.
    const id = v.tokenAccountIds && !v.tokenAccountIds.includes(v.accountId) ? (await ctx.services.accounts.ownAccountByNumber(v, null)).id : v.accountId;
    // Asked for the balance or the unread count: the account and both in one statement.
    const account = await (asksForStats(info) ? ctx.loaders.accountWithStats : ctx.loaders.account).load(id);
    return account ?? ctx.services.accounts.byId(id);
  }

  @Authorized(Access.subscriberOrStaff(ApiScope.ACCOUNT_READ))
  @Query(() => Account, { nullable: true, description: 'An account by number: staff, or its own subscriber.' })
  account(
    @Arg('number', () => String, {
      description:
        'The account number (лицевой счёт), 8–20 digits; spaces and dashes are ignored. A subscriber may give any of their own accounts ' +
        '(FORBIDDEN otherwise, existing or not); for staff, null when no account has it.',
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
      '«Настройка кабинета»: changes the e-mail, the phone, how receipts are sent, and the password — the person\'s, for every account they ' +
      'hold. Every change needs currentPassword ' +
      '(CURRENT_PASSWORD_INVALID; limited like a sign-in). A new password ends every other sign-in and every API token of the person; the ' +
      'subscriber is told by e-mail, and of a new e-mail address at the old address too. Answers the account as saved.',
  })
  updateSettings(
    @Arg('input', () => SettingsInput, { description: 'What to change; fields left out or null stay as they are.' }) input: SettingsInput,
    @Ctx() ctx: Context,
  ): Promise<Account> {
    const v = ctx.viewer;
    return ctx.services.accounts.updateSettings(v, input, {
      clientIp: ctx.clientIp,
      sessionFamily: v.kind === 'subscriber' ? (v.sessionFamily ?? null) : null,
    });
  }

  @Authorized(Access.subscriber(ApiScope.ACCOUNT_READ))
  @Query(() => [Account], { description: 'Every account the signed-in person holds; the one signed in with comes first, then by number. A token limited to some accounts: those.' })
  myAccounts(@Ctx() ctx: Context): Promise<Account[]> {
    return ctx.services.accounts.reachableAccounts(ctx.services.accounts.subscriberOf(ctx.viewer));
  }

  /** Linking changes who signs in: only the person's own session, never an API token. */
  @Authorized(['SUBSCRIBER'])
  @Mutation(() => Account, {
    description:
      "Adds an account to the signed-in person's accounts; afterwards any of their account numbers signs in with the same password. " +
      'Proof: the activation code from the bill of an account not registered yet, or the password of an account already registered (its ' +
      'sign-in then joins this person with every account it held: its sessions and API tokens end). Limited like registration; a wrong ' +
      'number, code or password is ACTIVATION_FAILED alike. An account the person holds already is answered as it is.',
  })
  linkAccount(@Arg('input', () => LinkAccountInput, { description: 'The account and its proof.' }) input: LinkAccountInput, @Ctx() ctx: Context): Promise<Account> {
    return ctx.services.accountLinks.link(ctx.viewer, input, ctx.clientIp);
  }

  @Authorized(['SUBSCRIBER'])
  @Mutation(() => Boolean, {
    description:
      "Removes an account from the person's accounts (not the last one: BAD_USER_INPUT); it keeps its ledger and can be registered again " +
      "with its bill's code. Sign-ins opened with it end; API tokens limited to it alone are revoked.",
  })
  unlinkAccount(
    @Arg('accountNumber', () => String, { description: 'The account number to remove, one of the person’s.' }) accountNumber: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.accountLinks.unlink(ctx.viewer, accountNumber);
  }

  @FieldResolver(() => [Account], {
    description:
      'Every account of the person who holds this one (this one included), by number; empty when it is not registered. Staff see the ' +
      "holder's other accounts; a subscriber sees those they reach.",
  })
  async holderAccounts(@Root() account: Account, @Ctx() ctx: Context): Promise<Account[]> {
    if (!account.subscriberId) return [];
    const v = ctx.viewer;
    if (v.kind === 'subscriber') return v.subscriberId === account.subscriberId ? [...(await ctx.services.accounts.reachableAccounts(v))].sort((a, b) => a.number.localeCompare(b.number)) : [];
    return ctx.loaders.accountsByHolder.load(account.subscriberId);
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
