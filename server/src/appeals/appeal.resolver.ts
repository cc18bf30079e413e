/** The appeals' GraphQL surface: thin, the rules are in AppealService. */
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData, type SubscriptionHandlerData } from 'type-graphql';
import { Account } from '../accounts/account.entity';
import { Access } from '../auth/access';
import { ApiScope, AppealStatus } from '../common/enums';
import { toConnection } from '../common/pagination';
import { AppError, ErrorCode, notFound } from '../errors';
import type { Context } from '../graphql/context';
import { AppealReply } from './appeal-reply.entity';
import { Appeal } from './appeal.entity';
import { appealNotFound, isReplyRecipient, parseId, type AppealRepliedEvent } from './appeal.service';
import { AppealConnection, CreateAppealInput } from './appeal.types';

@Resolver(() => Appeal)
export class AppealResolver {
  @Authorized(Access.subscriber(ApiScope.APPEALS_WRITE))
  @Mutation(() => Appeal, {
    description:
      "Writes to the «виртуальная приёмная»: a new OPEN appeal about one of the person's accounts (the signed-in one unless " +
      "accountNumber says). Operators' replies come live " +
      '(Subscription.appealReplied) and by e-mail when the account has one.',
  })
  async createAppeal(@Arg('input', () => CreateAppealInput, { description: "The appeal's text, and which of the person's accounts it is about." }) input: CreateAppealInput, @Ctx() ctx: Context): Promise<Appeal> {
    const account = await ctx.services.accounts.ownAccountByNumber(ctx.viewer, input.accountNumber, 'accountNumber');
    return ctx.services.appeals.create(account.id, input.text);
  }

  @Authorized(Access.staff(ApiScope.APPEALS_REPLY))
  @Query(() => AppealConnection, { description: 'Staff: appeals by status, oldest first.' })
  async appealsForReview(
    @Arg('status', () => AppealStatus, { nullable: true, description: 'Only appeals of this status; omitted: every status.' }) status: AppealStatus | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1..100 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page; omitted: the first page.' }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<AppealConnection> {
    return toConnection(await ctx.services.appeals.listForReview(status, first, after));
  }

  @Authorized(Access.staff(ApiScope.APPEALS_REPLY))
  @Mutation(() => AppealReply, {
    description:
      'Staff: replies to an appeal. The appeal becomes ANSWERED and the subscriber gets the reply live (Subscription.appealReplied) and by ' +
      'e-mail when the account has one. A CLOSED appeal takes no replies (BAD_USER_INPUT). Audited as appeal.reply.',
  })
  replyToAppeal(
    @Arg('appealId', () => ID, { description: 'The appeal answered (Appeal.id); an unknown one is NOT_FOUND.' }) appealId: string,
    @Arg('text', () => String, { description: 'The reply, 1 to 2 000 characters.' }) text: string,
    @Ctx() ctx: Context,
  ): Promise<AppealReply> {
    return ctx.services.appeals.reply(ctx.viewer, parseId(appealId, appealNotFound), text);
  }

  @Authorized(Access.staff(ApiScope.APPEALS_REPLY))
  @Mutation(() => Appeal, { description: 'Staff: closes the appeal (status CLOSED); a closed appeal takes no more replies.' })
  closeAppeal(
    @Arg('appealId', () => ID, { description: 'The appeal to close (Appeal.id); closing a CLOSED one changes nothing.' }) appealId: string,
    @Ctx() ctx: Context,
  ): Promise<Appeal> {
    return ctx.services.appeals.close(ctx.viewer, parseId(appealId, appealNotFound));
  }

  /** Only the subscriber's own session marks replies read, never an API token. */
  @Authorized(['SUBSCRIBER'])
  @Mutation(() => Boolean, { description: "The subscriber has seen the operators' replies on an account: its unreadReplyCount becomes 0." })
  async markAppealsRead(
    @Arg('accountNumber', () => String, { nullable: true, description: "Which of the person's accounts; omitted: the signed-in one." }) accountNumber: string | null,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    const account = await ctx.services.accounts.ownAccountByNumber(ctx.viewer, accountNumber, 'accountNumber');
    await ctx.services.appeals.markRead(account.id);
    return true;
  }

  @Authorized(Access.subscriber(ApiScope.APPEALS_WRITE, ApiScope.ACCOUNT_READ))
  @Subscription(() => AppealReply, {
    description: "Replies to the appeals of every account the signed-in person holds (a token: the accounts it reaches), as operators post them.",
    topics: 'APPEAL_REPLIED',
    // Only the person's own events reach this subscription (-1: nobody's, for anyone else); the filter stays as
    // a second check, and limits a token to its accounts.
    topicId: ({ context }: SubscribeResolverData<unknown, Record<string, never>, Context>) => (context.viewer.kind === 'subscriber' ? context.viewer.subscriberId : -1),
    filter: ({ payload, context }: SubscriptionHandlerData<AppealRepliedEvent, Record<string, never>, Context>) => isReplyRecipient(context.viewer, payload),
  })
  async appealReplied(@Root() event: AppealRepliedEvent, @Ctx() ctx: Context): Promise<AppealReply> {
    // A live subscription keeps one context for all its events; its loaders are made for each event (app.ts).
    const reply = await ctx.services.appeals.replyById(Number(event.replyId));
    if (!reply) throw new AppError(ErrorCode.NOT_FOUND, 'Ответ на обращение не найден.');
    return reply;
  }

  /** The account's data needs ACCOUNT_READ: an APPEALS_WRITE token reaches the appeal, not the account behind it. */
  @Authorized(Access.subscriberOrStaff(ApiScope.ACCOUNT_READ))
  @FieldResolver(() => Account, { description: 'The account the appeal is about (an API token needs ACCOUNT_READ).' })
  async account(@Root() appeal: Appeal, @Ctx() ctx: Context): Promise<Account> {
    const account = await ctx.loaders.account.load(appeal.accountId);
    if (!account) throw notFound('Лицевой счёт');
    return account;
  }

  @FieldResolver(() => [AppealReply], { description: 'The thread, oldest first.' })
  replies(@Root() appeal: Appeal, @Ctx() ctx: Context): Promise<AppealReply[]> {
    return ctx.loaders.repliesByAppeal.load(appeal.id);
  }
}

@Resolver(() => AppealReply)
export class AppealReplyResolver {
  @FieldResolver(() => Appeal, { description: 'The appeal replied to.' })
  async appeal(@Root() reply: AppealReply, @Ctx() ctx: Context): Promise<Appeal> {
    const appeal = await ctx.loaders.appeal.load(reply.appealId);
    if (!appeal) throw appealNotFound();
    return appeal;
  }
}

@Resolver(() => Account)
export class AccountAppealsResolver {
  @FieldResolver(() => AppealConnection, { description: "The account's appeals, newest first." })
  async appeals(
    @Root() account: Account,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1..100 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page; omitted: the first page.' }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<AppealConnection> {
    return toConnection(await ctx.services.appeals.listForAccount(account.id, first, after));
  }

  @FieldResolver(() => Int, { description: "Operators' replies to the account's appeals that the subscriber has not read yet." })
  unreadReplyCount(@Root() account: Account, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.unreadReplyCount.load(account.id);
  }
}
