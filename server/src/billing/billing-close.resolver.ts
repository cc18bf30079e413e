import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { Access } from '../auth/access';
import type { Context } from '../graphql/context';
import { PeriodScalar } from '../graphql/scalars';
import { BillingPeriod } from './billing-period.entity';

@Resolver(() => BillingPeriod)
export class BillingCloseResolver {
  @Authorized(Access.staff())
  @Mutation(() => BillingPeriod, {
    description:
      'Staff: closes a billing month: one charge line per account and service (by readings, average or norm) and penalties for its days. ' +
      'Closing a closed month again returns it unchanged and charges nothing twice. A month still to come is BAD_USER_INPUT (field period).',
  })
  closeBillingPeriod(@Arg('period', () => PeriodScalar, { description: 'The month, YYYY-MM.' }) period: string, @Ctx() ctx: Context): Promise<BillingPeriod> {
    return ctx.services.billingClose.close(period, ctx.viewer);
  }
}
