import { Arg, Authorized, Ctx, Field, FieldResolver, Int, Mutation, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import { secondsLeft } from '../common/progress';
import { Access } from '../auth/access';
import { ApiScope } from '../common/enums';
import type { Context } from '../graphql/context';
import { DateScalar, PeriodScalar } from '../common/scalars';
import { BillingPeriod } from './billing-period.entity';

@ObjectType({ description: 'Where the monthly close stands: the last month closed and the one to close next.' })
export class BillingCloseStatus {
  @Field(() => BillingPeriod, { nullable: true, description: 'The latest month closed; null before the first close.' })
  lastClosed: BillingPeriod | null;

  @Field(() => BillingPeriod, {
    nullable: true,
    description: 'A month whose close has started and not finished (running, or interrupted: closing it again resumes it), with its progress; null when none.',
  })
  inProgress: BillingPeriod | null;

  @Field(() => PeriodScalar, { nullable: true, description: 'The month to close next (months are closed in order); null when no tariff is set yet.' })
  nextPeriod: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'The first day nextPeriod can be closed: the day after it ends.' })
  closableFrom: string | null;

  @Field({ description: 'True when nextPeriod can be closed now.' })
  canClose: boolean;

  @Field(() => String, { nullable: true, description: 'Why it cannot, in words for the operator; null when it can.' })
  reason: string | null;

  @Field(() => String, { nullable: true, description: 'The error code closeBillingPeriod would answer with (PERIOD_NOT_FINISHED, PERIOD_BEFORE_TARIFFS, PERIOD_OUT_OF_ORDER).' })
  reasonCode: string | null;
}

@Resolver(() => BillingPeriod)
export class BillingCloseResolver {
  @Authorized(Access.staff(ApiScope.BILLING_ADMIN))
  @Mutation(() => BillingPeriod, {
    description:
      'Staff: closes a billing month: one charge line per account and service (by readings, average or norm), recalculations of months ' +
      'charged by average or norm once readings are back (ПП №354 п.61), and penalties for its days. Only a month that is over ' +
      '(PERIOD_NOT_FINISHED), not before the first tariff (PERIOD_BEFORE_TARIFFS), and in order: the month after the last one closed ' +
      '(PERIOD_OUT_OF_ORDER). An account whose month the billing system already charged by import is left out (accountsImported). ' +
      'Closing a closed month again returns it unchanged and charges nothing twice.',
  })
  closeBillingPeriod(@Arg('period', () => PeriodScalar, { description: 'The month, YYYY-MM.' }) period: string, @Ctx() ctx: Context): Promise<BillingPeriod> {
    return ctx.services.billingClose.close(period, ctx.viewer);
  }

  @Authorized(Access.staff(ApiScope.BILLING_ADMIN))
  @Mutation(() => BillingPeriod, {
    description:
      'Staff: starts closing a billing month in the background and answers at once with the month CLOSING (or unchanged when it is closed ' +
      'already): at a city\'s scale a close takes minutes. The same checks as closeBillingPeriod; follow it with ' +
      'Subscription.billingCloseProgress or billingCloseStatus.inProgress. A close already running is SERVICE_UNAVAILABLE; one that was ' +
      'interrupted resumes after its last committed batch.',
  })
  startBillingClose(@Arg('period', () => PeriodScalar, { description: 'The month, YYYY-MM.' }) period: string, @Ctx() ctx: Context): Promise<BillingPeriod> {
    return ctx.services.billingClose.start(period, ctx.viewer);
  }

  @Authorized(Access.staff(ApiScope.BILLING_ADMIN))
  @Subscription(() => BillingPeriod, {
    description: 'Staff: the month being closed, after it starts, after every batch of accounts and when it is CLOSED (accountsDone of accountsTotal, estimatedSecondsLeft).',
    topics: 'BILLING_CLOSE_PROGRESS',
  })
  async billingCloseProgress(@Root() event: { period: string }, @Ctx() ctx: Context): Promise<BillingPeriod> {
    return ctx.services.db.getRepository(BillingPeriod).findOneByOrFail({ period: event.period });
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'While CLOSING: seconds left at the pace of the current run so far; 0 once CLOSED; null before there is a pace to go by.',
  })
  estimatedSecondsLeft(@Root() period: BillingPeriod): number | null {
    if (period.status === 'CLOSED') return 0;
    if (!period.runStartedAt || !period.progressAt) return null;
    return secondsLeft({ done: period.accountsDone, total: period.accountsTotal, startedAt: period.runStartedAt.getTime(), doneAtStart: period.doneAtRunStart }, period.progressAt.getTime());
  }

  @Authorized(Access.staff(ApiScope.BILLING_ADMIN))
  @Query(() => BillingCloseStatus, { description: 'Staff: the last month closed, the month to close next and whether it can be closed now.' })
  billingCloseStatus(@Ctx() ctx: Context): Promise<BillingCloseStatus> {
    return ctx.services.billingClose.status();
  }
}
