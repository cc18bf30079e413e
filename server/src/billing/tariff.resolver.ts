import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Access } from '../auth/access';
import { ApiScope } from '../common/enums';
import { BillingService } from '../common/enums';
import type { Context } from '../graphql/context';
import { DateScalar } from '../common/scalars';
import { Tariff } from './tariff.entity';
import { SetTariffInput } from './tariff.types';

@Resolver(() => Tariff)
export class TariffResolver {
  @Authorized(Access.staff(ApiScope.BILLING_ADMIN))
  @Query(() => [Tariff], { description: 'Staff: the tariffs of a service (of every service when omitted), newest first.' })
  tariffs(
    @Arg('service', () => BillingService, { nullable: true, description: 'Only this service.' }) service: BillingService | null,
    @Ctx() ctx: Context,
  ): Promise<Tariff[]> {
    return ctx.services.tariffs.list(service);
  }

  @Authorized(Access.signedIn())
  @Query(() => Tariff, { nullable: true, description: 'The tariff of a service in force on a date; null when none had started by then.' })
  tariffInForce(
    @Arg('service', () => BillingService, { description: 'The service.' }) service: BillingService,
    @Arg('on', () => DateScalar, { description: 'The date, YYYY-MM-DD.' }) on: string,
    @Ctx() ctx: Context,
  ): Promise<Tariff | null> {
    return ctx.services.tariffs.inForce(service, on);
  }

  @Authorized(Access.staff(ApiScope.BILLING_ADMIN))
  @Mutation(() => Tariff, {
    description: "Staff: sets a service's price and norm from the first day of a month; the same service and date again updates it. Months already closed cannot be changed.",
  })
  setTariff(@Arg('input', () => SetTariffInput, { description: 'The service, price, norm and start date.' }) input: SetTariffInput, @Ctx() ctx: Context): Promise<Tariff> {
    return ctx.services.tariffs.set(input, ctx.viewer);
  }
}
