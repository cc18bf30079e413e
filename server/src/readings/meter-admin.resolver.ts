import { Arg, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { Access } from '../auth/access';
import { ApiScope } from '../common/enums';
import type { Context } from '../graphql/context';
import { DateScalar, VolumeScalar } from '../common/scalars';
import { Meter } from './meter.entity';
import { Reading } from './reading.entity';

@InputType({ description: "A meter replacement: the old meter's final reading and the new meter's details." })
export class ReplaceMeterInput {
  @Field(() => ID, { description: 'The meter taken off.' }) meterId: string;
  @Field(() => DateScalar, { description: 'The day of the replacement (not in a closed month, not in the future).' }) replacedOn: string;
  @Field(() => VolumeScalar, { nullable: true, description: "The old meter's final reading; omit it when the meter cannot be read (the month is then charged by average or norm)." })
  finalReading?: string | null;
  @Field({ description: "The new meter's serial number (зав. №)." }) serialNumber: string;
  @Field(() => VolumeScalar, { description: 'The value the new meter starts from.' }) initialValue: string;
  @Field(() => DateScalar, { description: "The end of the new meter's verification (дата окончания поверки)." }) verificationDueOn: string;
  @Field(() => String, { nullable: true, description: "The new meter's display name; the old one's when omitted." }) title?: string | null;
}

@ObjectType({ description: 'The result of a meter replacement.' })
export class MeterReplacement {
  @Field(() => Meter, { description: 'The meter taken off (removedOn set).' }) removed: Meter;
  @Field(() => Meter, { description: 'The new meter, in service from replacedOn.' }) installed: Meter;
  @Field(() => Reading, { nullable: true, description: "The old meter's final reading, ACCEPTED; null when none was given." }) finalReading: Reading | null;
}

@Resolver()
export class MeterAdminResolver {
  @Authorized(Access.staff(ApiScope.BILLING_ADMIN))
  @Mutation(() => MeterReplacement, {
    description:
      "Staff: records a meter replacement. The old meter's final reading is accepted in the month of the replacement and the new meter " +
      'counts from its initial value, so that month is charged for both parts. A date in a closed month is PERIOD_CLOSED. Audited as meter.replace.',
  })
  replaceMeter(
    @Arg('input', () => ReplaceMeterInput, { description: "The meter taken off, the day, its final reading and the new meter's details." }) input: ReplaceMeterInput,
    @Ctx() ctx: Context,
  ): Promise<MeterReplacement> {
    return ctx.services.meterAdmin.replace(ctx.viewer, input);
  }

  @Authorized(Access.staff(ApiScope.BILLING_ADMIN))
  @Mutation(() => Meter, {
    description:
      'Staff: records that a meter failed (ПП №354 п.59 «а»): its readings are no longer taken; the account is charged by the average for ' +
      'AVERAGE_MAX_MONTHS months, then by the norm × NORM_INCREASE_FACTOR (п.60) until it is replaced. Audited as meter.fail.',
  })
  markMeterFailed(
    @Arg('meterId', () => ID, { description: 'The failed meter.' }) meterId: string,
    @Arg('failedOn', () => DateScalar, { description: 'The day it failed (not in a closed month, not in the future).' }) failedOn: string,
    @Ctx() ctx: Context,
  ): Promise<Meter> {
    return ctx.services.meterAdmin.markFailed(ctx.viewer, meterId, failedOn);
  }
}
