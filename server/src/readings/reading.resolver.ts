import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access } from '../auth/access';
import { ApiScope, ReadingSource } from '../common/enums';
import { toConnection } from '../common/pagination';
import { forbidden } from '../errors';
import type { Context } from '../graphql/context';
import { VolumeScalar } from '../common/scalars';
import { Meter } from './meter.entity';
import { Account } from '../accounts/account.entity';
import { Reading } from './reading.entity';
import { ReadingConnection, ReadingInput } from './reading.types';
import { ReadingsWindow, readingsWindowAt } from './readings-window';

@Resolver(() => Meter)
export class MeterResolver {
  /** A meter gateway (READINGS_WRITE) lists the meters it writes to — and nothing else of the account. */
  @Authorized(Access.subscriber(ApiScope.READINGS_WRITE, ApiScope.ACCOUNT_READ))
  @Query(() => [Meter], {
    description:
      "The signed-in subscriber's meters in service: id, serial number, kind, the last accepted reading (previousReading) and the current " +
      "one; with Query.readingsWindow, all a meter gateway needs. A READINGS_WRITE token reaches these, not the account's other data.",
  })
  async myMeters(@Ctx() ctx: Context): Promise<Meter[]> {
    // Every account the person (or the token) reaches, #15: a gateway writes to the meters of all of them.
    const accounts = await ctx.services.accounts.reachableAccounts(ctx.services.accounts.subscriberOf(ctx.viewer));
    return (await ctx.loaders.metersByAccount.loadMany(accounts.map((a) => a.id))).flatMap((m) => (Array.isArray(m) ? m : []));
  }

  @Authorized(Access.subscriberOrStaff(ApiScope.ACCOUNT_READ))
  @Query(() => Meter, { name: 'meter', nullable: true, description: "A meter by id: the subscriber's own, or any for staff; null when there is no such meter." })
  async meterById(
    @Arg('id', () => ID, { description: "Meter.id; another account's meter is FORBIDDEN for a subscriber." }) id: string,
    @Ctx() ctx: Context,
  ): Promise<Meter | null> {
    if (!/^\d{1,10}$/.test(id)) return null;
    const meter = await ctx.loaders.meter.load(Number(id));
    if (!meter) return null;
    if (ctx.viewer.kind === 'subscriber' && !(await ctx.services.accounts.canReach(ctx.viewer, meter.accountId))) throw forbidden('Это прибор учёта чужого лицевого счёта.');
    return meter;
  }

  /** The account's data needs ACCOUNT_READ: a READINGS_WRITE token reaches the meter, not the account behind it. */
  @Authorized(Access.subscriberOrStaff(ApiScope.ACCOUNT_READ))
  @FieldResolver(() => Account, { description: 'The account the meter belongs to (an API token needs ACCOUNT_READ).' })
  async account(@Root() meter: Meter, @Ctx() ctx: Context): Promise<Account> {
    return (await ctx.loaders.account.load(meter.accountId))!;
  }

  @FieldResolver(() => Boolean, {
    description:
      "True when verificationDueOn is before today (the utility's local date): the meter takes no readings (METER_VERIFICATION_EXPIRED) until it is verified or replaced.",
  })
  verificationExpired(@Root() meter: Meter, @Ctx() ctx: Context): boolean {
    return meter.verificationDueOn < ctx.services.readings.today();
  }

  @FieldResolver(() => Reading, { nullable: true, description: 'The last accepted reading of an earlier period.' })
  previousReading(@Root() meter: Meter, @Ctx() ctx: Context): Promise<Reading | null> {
    return ctx.loaders.previousReading.load(meter.id);
  }

  @FieldResolver(() => Reading, { nullable: true, description: 'The latest reading submitted for the current period, whatever its status.' })
  currentReading(@Root() meter: Meter, @Ctx() ctx: Context): Promise<Reading | null> {
    return ctx.loaders.currentReading.load(meter.id);
  }

  @FieldResolver(() => ReadingConnection, { description: 'Every reading submitted for the meter, newest first.' })
  async readings(
    @Root() meter: Meter,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1..100 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page; omitted: the first page.' }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return toConnection(await ctx.loaders.readingsPage.load({ meterId: meter.id, first, after }));
  }
}

@Resolver(() => Reading)
export class ReadingResolver {
  @FieldResolver(() => Meter, { description: 'The meter it was read from.' })
  async meter(@Root() reading: Reading, @Ctx() ctx: Context): Promise<Meter> {
    return (await ctx.loaders.meter.load(reading.meterId))!;
  }

  @FieldResolver(() => VolumeScalar, { nullable: true, description: "value minus the previous period's accepted value." })
  consumption(@Root() reading: Reading): string | null {
    return reading.consumption;
  }

  @Query(() => ReadingsWindow, { description: 'When readings are taken (no sign-in needed).' })
  readingsWindow(@Ctx() ctx: Context): ReadingsWindow {
    return readingsWindowAt(ctx.services.clock.now());
  }

  @Authorized(Access.subscriberOrStaff(ApiScope.READINGS_WRITE, ApiScope.READINGS_REVIEW))
  @Mutation(() => [Reading], {
    description:
      'All readings are stored, or none. Within a period the last submission counts. A consumption above the usual (HIGH_CONSUMPTION_M3) ' +
      'or a counter roll-over is flagged for the operator; a signed-in subscriber must confirm it first (CONFIRMATION_REQUIRED lists them ' +
      'in extensions.readings; send again with confirmUnusual: true).',
  })
  async submitReadings(
    @Arg('readings', () => [ReadingInput], { description: "1 to 20 readings, each meter at most once; a subscriber's own meters only (NOT_FOUND otherwise)." }) readings: ReadingInput[],
    @Arg('confirmUnusual', () => Boolean, { nullable: true, description: 'The subscriber confirmed the unusual readings CONFIRMATION_REQUIRED listed.' })
    confirmUnusual: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<Reading[]> {
    const v = ctx.viewer;
    const options = { confirmUnusual: confirmUnusual === true };
    if (v.kind === 'subscriber') {
      const reachable = (await ctx.services.accounts.reachableAccounts(v)).map((a) => a.id);
      return ctx.services.readings.submit(reachable, readings, v.via === 'token' ? ReadingSource.API : ReadingSource.SITE, options);
    }
    if (v.kind === 'staff') return ctx.services.readings.submit(null, readings, ReadingSource.OPERATOR, options);
    throw forbidden();
  }

  @Authorized(Access.staff(ApiScope.READINGS_REVIEW))
  @Query(() => ReadingConnection, { description: 'Staff: readings waiting for review, flagged first, then oldest first.' })
  async readingsForReview(
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1..100 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page; omitted: the first page.' }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return toConnection(await ctx.services.readings.forReview(first, after));
  }

  @Authorized(Access.staff(ApiScope.READINGS_REVIEW))
  @Mutation(() => Reading, {
    description:
      'Staff: accepts a PENDING reading, or rejects it with a reason (e-mailed to the subscriber). Accepting a flagged one needs ' +
      'confirmFlagged: true (CONFIRMATION_REQUIRED otherwise): it becomes the baseline of every later month.',
  })
  reviewReading(
    @Arg('readingId', () => ID, { description: 'The PENDING reading (Reading.id); one already reviewed or superseded is BAD_USER_INPUT.' }) readingId: string,
    @Arg('accept', () => Boolean, { description: 'true accepts the reading; false rejects it (reason needed).' }) accept: boolean,
    @Arg('reason', () => String, {
      nullable: true,
      description: 'Why it is rejected, up to 500 characters: shown to the subscriber and e-mailed. Required to reject; ignored when accepting.',
    })
    reason: string | null,
    @Arg('confirmFlagged', () => Boolean, { nullable: true, description: 'The operator checked the flagged reading and accepts it.' }) confirmFlagged: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<Reading> {
    return ctx.services.readings.review(ctx.viewer, readingId, accept, reason, confirmFlagged === true);
  }
}

/** Account.meters: the account's side of its meters, kept with the meters so that accounts/ never imports readings/. */
@Resolver(() => Account)
export class AccountMetersResolver {
  @FieldResolver(() => [Meter], { description: "The account's meters in service (replaced ones are left out; failed ones stay until replaced), by id." })
  meters(@Root() account: Account, @Ctx() ctx: Context): Promise<Meter[]> {
    return ctx.loaders.metersByAccount.load(account.id);
  }
}
