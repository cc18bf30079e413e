/**
 * The readings window: readings are taken on days `from`..`to` of the month in the
 * utility's time zone (READINGS_WINDOW, default 15-25).
 */
import { Field, Int, ObjectType } from 'type-graphql';
import { config } from '../config';
import { localDate, nextPeriod } from '../common/calendar';
import { DateScalar, PeriodScalar } from '../common/scalars';

@ObjectType({ simpleResolvers: true, description: 'When readings are taken: days of the month, in the utility\'s time zone.' })
export class ReadingsWindow {
  @Field(() => Int, { description: 'First day of the month readings are taken.' }) from: number;
  @Field(() => Int, { description: 'Last day of the month readings are taken.' }) to: number;
  @Field({
    description:
      "True when today (the utility's local date) is within from..to: subscribers' readings are taken now; otherwise submitReadings answers " +
      'READINGS_WINDOW_CLOSED with opensOn (operators may submit at any time).',
  })
  isOpen: boolean;
  @Field(() => DateScalar, { description: 'The first day of the window now open, or of the next one.' }) opensOn: string;
  @Field(() => DateScalar, { description: 'The last day of that window.' }) closesOn: string;
  @Field(() => PeriodScalar, { description: 'The billing period readings are taken for now.' }) currentPeriod: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function readingsWindowAt(now: Date): ReadingsWindow {
  const { from, to } = config().readingsWindow;
  const today = localDate(now);
  const period = today.slice(0, 7);
  const day = Number(today.slice(8, 10));
  const lastDay = new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 0)).getUTCDate();
  const isOpen = day >= from && day <= Math.min(to, lastDay);
  const windowPeriod = day > Math.min(to, lastDay) ? nextPeriod(period) : period;
  const windowLast = new Date(Date.UTC(Number(windowPeriod.slice(0, 4)), Number(windowPeriod.slice(5, 7)), 0)).getUTCDate();
  return {
    from,
    to,
    isOpen,
    opensOn: `${windowPeriod}-${pad(Math.min(from, windowLast))}`,
    closesOn: `${windowPeriod}-${pad(Math.min(to, windowLast))}`,
    currentPeriod: period,
  };
}
