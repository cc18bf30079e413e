/**
 * Penalties for late payment (пени, ЖК РФ ст.155 ч.14), as a pure function.
 *
 * A debt is due on its `dueOn` date; day n of delay is `dueOn + n`. For the 1st–30th day nothing
 * accrues; from the 31st to the 90th day, 1/300 of the rate a day; from the 91st day on, 1/130.
 * The rate is the key rate, or the lower of the key rate and the cap for days before `capUntil`
 * (ПП №474, extended by ПП №329). Payments pay off the oldest debt first (FIFO) and count from the
 * day after they were made: the day of payment is still a day of delay («по день фактической оплаты»).
 *
 * Exact: amounts are kopecks, rates ten-thousandths of a percent, and the sum of every day's
 * share is rounded to the kopeck once (half up).
 */
import { addDays, nextPeriod, previousPeriod } from '../common/calendar';
import { fromKopecks, readDecimal, toKopecks } from '../money';

export interface PenaltyDebt {
  /** Money string, positive. */
  amount: string;
  /** The last day to pay without delay, YYYY-MM-DD. */
  dueOn: string;
}

export interface PenaltyPayment {
  /** Money string, positive. */
  amount: string;
  paidOn: string;
}

export interface PenaltyRates {
  /** Bank of Russia key rate, percent, e.g. "16.5". */
  keyRatePercent: string;
  /** The cap, percent, e.g. "9.5". */
  capPercent: string;
  /** The cap applies to days before this date; null: always. */
  capUntil: string | null;
}

export type PenaltyFraction = 300 | 130;

/** Consecutive days of one debt with the same unpaid amount, fraction and rate. */
export interface PenaltyPart {
  dueOn: string;
  /** The unpaid amount the penalty is on, money string. */
  debt: string;
  from: string;
  to: string;
  days: number;
  fraction: PenaltyFraction;
  /** Percent, as configured ("9.5"). */
  ratePercent: string;
  /** This part's penalty rounded to the kopeck (the total is rounded once, not summed from these). */
  amount: string;
}

export interface Penalty {
  /** Money string, "0.00" when nothing accrues. */
  amount: string;
  /** Days of the range on which some penalty accrued. */
  days: number;
  parts: PenaltyPart[];
}

/** From this day of delay on, 1/300; from the next threshold on, 1/130. */
export const PENALTY_FREE_DAYS = 30;
export const PENALTY_1_300_LAST_DAY = 90;

// Per day: debt (kopecks) × rate (1e-4 %) × share, share = 1/300 = 13/3900, 1/130 = 30/3900.
const SHARE: Record<PenaltyFraction, bigint> = { 300: 13n, 130: 30n };
const DENOMINATOR = 100n * 10_000n * 3900n;

/** A percentage as configured ("16.5"): up to 6 integer and 4 fraction digits, in units of 1e-4 %. */
const RATE = { scale: 4, integerDigits: 6, plain: true } as const;

function rateE4(percent: string): bigint {
  const read = readDecimal(percent, RATE);
  if (read.problem !== undefined) throw new RangeError(`not a rate: ${percent}`);
  return read.units;
}

function roundHalfUp(numerator: bigint): bigint {
  return (numerator * 2n + DENOMINATOR) / (2n * DENOMINATOR);
}

function fractionOn(dayOfDelay: number): PenaltyFraction | null {
  if (dayOfDelay <= PENALTY_FREE_DAYS) return null;
  return dayOfDelay <= PENALTY_1_300_LAST_DAY ? 300 : 130;
}

interface Rate {
  percent: string;
  e4: bigint;
}

/** The rate while the cap applies (the lower of the key rate and the cap) and after it (the key rate). */
function parseRates(rates: PenaltyRates): { capped: Rate; key: Rate } {
  const key = { percent: rates.keyRatePercent, e4: rateE4(rates.keyRatePercent) };
  const cap = { percent: rates.capPercent, e4: rateE4(rates.capPercent) };
  return { capped: cap.e4 < key.e4 ? cap : key, key };
}

/** The rates read once per object (a close passes the same one for every account of the month). */
const ratesRead = new WeakMap<PenaltyRates, { keyRatePercent: string; capPercent: string; read: { capped: Rate; key: Rate } }>();
function ratesOf(rates: PenaltyRates): { capped: Rate; key: Rate } {
  const known = ratesRead.get(rates);
  if (known && known.keyRatePercent === rates.keyRatePercent && known.capPercent === rates.capPercent) return known.read;
  const read = parseRates(rates);
  ratesRead.set(rates, { keyRatePercent: rates.keyRatePercent, capPercent: rates.capPercent, read });
  return read;
}

const DAY_MS = 86_400_000;
/**
 * Calendar dates as whole day numbers, so that the loop below does no date arithmetic. A close asks for the same few
 * dozen dates (due dates, payment days) for every account: they are remembered, up to DAY_CACHE_SIZE of them.
 */
const DAY_CACHE_SIZE = 4096;
const dayNumbers = new Map<string, number>();
function dayNumber(date: string): number {
  let day = dayNumbers.get(date);
  if (day === undefined) {
    day = Date.parse(`${date}T00:00:00Z`) / DAY_MS;
    if (dayNumbers.size >= DAY_CACHE_SIZE) dayNumbers.clear();
    dayNumbers.set(date, day);
  }
  return day;
}
const isoDates = new Map<number, string>();
/** A day number's date, remembered as the day numbers are (the parts of a million penalties begin and end on a few dozen days). */
function isoDate(day: number): string {
  let date = isoDates.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (isoDates.size >= DAY_CACHE_SIZE) isoDates.clear();
    isoDates.set(day, date);
  }
  return date;
}

interface OpenPart {
  dueOn: string;
  debtKopecks: bigint;
  from: number;
  to: number;
  fraction: PenaltyFraction;
  ratePercent: string;
  numerator: bigint;
}

/** A debt in kopecks, as the month close keeps it (penaltyOfKopecks). */
export interface KopeckDebt {
  kopecks: bigint;
  dueOn: string;
}

/** A payment in kopecks, as the month close keeps it. */
export interface KopeckPayment {
  kopecks: bigint;
  paidOn: string;
}

/** The penalty accrued on the days from..to (inclusive). */
export function penaltyFor(debts: PenaltyDebt[], payments: PenaltyPayment[], from: string, to: string, rates: PenaltyRates): Penalty {
  return penaltyOfKopecks(
    debts.map((d) => ({ dueOn: d.dueOn, kopecks: toKopecks(d.amount) })),
    payments.map((p) => ({ paidOn: p.paidOn, kopecks: toKopecks(p.amount) })),
    from,
    to,
    rates,
  );
}

/**
 * penaltyFor with the amounts in kopecks: the month close's own call, for a million accounts, without writing every
 * debt and payment as a money string and reading it back.
 */
export function penaltyOfKopecks(debts: KopeckDebt[], payments: KopeckPayment[], from: string, to: string, rates: PenaltyRates): Penalty {
  const sorted = debts
    .filter((d) => d.kopecks > 0n)
    .map((d) => ({ dueOn: d.dueOn, due: dayNumber(d.dueOn), kopecks: d.kopecks }))
    .sort((a, b) => a.due - b.due);
  const paid = payments
    .filter((p) => p.kopecks > 0n)
    .map((p) => ({ day: dayNumber(p.paidOn), kopecks: p.kopecks }))
    .sort((a, b) => a.day - b.day);
  const { capped, key } = ratesOf(rates);
  const capEnds = rates.capUntil === null ? Infinity : dayNumber(rates.capUntil);

  // Nothing changes between these days: the range's ends, the day after each payment, each
  // debt's 31st and 91st day of delay, the end of the cap. Each stretch between them is one step.
  const first = dayNumber(from);
  const end = dayNumber(to) + 1;
  const breaks = new Set<number>([first, end]);
  for (const p of paid) breaks.add(p.day + 1);
  for (const d of sorted) breaks.add(d.due + PENALTY_FREE_DAYS + 1).add(d.due + PENALTY_1_300_LAST_DAY + 1);
  if (capEnds !== Infinity) breaks.add(capEnds);
  const steps = [...breaks].filter((day) => day >= first && day <= end).sort((a, b) => a - b);

  const parts: OpenPart[] = [];
  const open: (OpenPart | undefined)[] = [];
  let total = 0n;
  let days = 0;
  let paidSoFar = 0n;
  let next = 0;
  for (let i = 0; i + 1 < steps.length; i++) {
    const day = steps[i];
    const length = steps[i + 1] - day;
    // Payments made before this day count; the payment day itself is still a day of delay.
    while (next < paid.length && paid[next].day < day) paidSoFar += paid[next++].kopecks;
    const rate = day < capEnds ? capped : key;
    let cumulative = 0n;
    let accrued = false;
    for (let index = 0; index < sorted.length; index++) {
      const debt = sorted[index];
      const before = cumulative;
      cumulative += debt.kopecks;
      // FIFO: what has been paid covers the oldest debts first.
      const unpaid = cumulative <= paidSoFar ? 0n : before >= paidSoFar ? debt.kopecks : cumulative - paidSoFar;
      const fraction = unpaid > 0n ? fractionOn(day - debt.due) : null;
      if (fraction === null) {
        open[index] = undefined;
        continue;
      }
      accrued = true;
      const numerator = unpaid * rate.e4 * SHARE[fraction] * BigInt(length);
      total += numerator;
      const part = open[index];
      if (part && part.debtKopecks === unpaid && part.fraction === fraction && part.ratePercent === rate.percent && part.to + 1 === day) {
        part.to = day + length - 1;
        part.numerator += numerator;
      } else {
        const started: OpenPart = { dueOn: debt.dueOn, debtKopecks: unpaid, from: day, to: day + length - 1, fraction, ratePercent: rate.percent, numerator };
        parts.push(started);
        open[index] = started;
      }
    }
    if (accrued) days += length;
  }
  return {
    amount: fromKopecks(roundHalfUp(total)),
    days,
    parts: parts.map((p) => ({
      dueOn: p.dueOn,
      debt: fromKopecks(p.debtKopecks),
      from: isoDate(p.from),
      to: isoDate(p.to),
      days: p.to - p.from + 1,
      fraction: p.fraction,
      ratePercent: p.ratePercent,
      amount: fromKopecks(roundHalfUp(p.numerator)),
    })),
  };
}

/** The due date of a period's bill: `dueDay` of the following month. */
export function dueDateOf(period: string, dueDay: number): string {
  return `${nextPeriod(period)}-${String(dueDay).padStart(2, '0')}`;
}

/**
 * Debts of periods up to this one were due at least 91 days before the period starts: they bear
 * 1/130 on every day of it, so they are summed into one debt (exact: FIFO takes them one after the
 * other and the penalty is linear in each).
 */
export function lumpedUpTo(periodStart: string, dueDay: number): string {
  const latestDue = addDays(periodStart, -(PENALTY_1_300_LAST_DAY + 1));
  let period = previousPeriod(periodStart.slice(0, 7));
  while (dueDateOf(period, dueDay) > latestDue) period = previousPeriod(period);
  return period;
}
