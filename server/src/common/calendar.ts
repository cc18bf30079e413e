/**
 * The utility's calendar: local dates and billing periods in its time zone
 * (Europe/Moscow by default). Everything date-like in the domain goes through here.
 */
import { config } from '../config';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A real day of the calendar written YYYY-MM-DD ("2026-02-29" is not). The Date scalar and every check of a date use it. */
export function isValidDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** A billing period written YYYY-MM, month 01 to 12. */
export function isValidPeriod(text: string): boolean {
  return PERIOD.test(text);
}

/** Today's date (YYYY-MM-DD) in the utility's time zone. */
export function localDate(at: Date = new Date(), timeZone = config().timeZone): string {
  // Days change on whole seconds: the same second in the same zone is the same date.
  const second = Math.floor(at.getTime() / 1000);
  if (last && last.second === second && last.timeZone === timeZone) return last.date;
  const parts = dateFormat(timeZone).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  const date = `${get('year')}-${get('month')}-${get('day')}`;
  last = { second, timeZone, date };
  return date;
}
let last: { second: number; timeZone: string; date: string } | null = null;

/** One formatter per time zone: constructing an Intl.DateTimeFormat costs far more than using one. */
const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, f);
  }
  return f;
}

/** The billing period (YYYY-MM) a moment falls into. */
export function periodOf(at: Date = new Date(), timeZone = config().timeZone): string {
  return localDate(at, timeZone).slice(0, 7);
}

export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The period n months before ('2026-10', 8 → '2026-02'). */
export function monthsBefore(period: string, n: number): string {
  const [y, m] = period.split('-').map(Number);
  const index = y * 12 + (m - 1) - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Last calendar date of a period. */
export function periodEnd(period: string): string {
  const [y, m] = period.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${period}-${String(last).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

const MONTHS_NOMINATIVE = ['Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь', 'Июль', 'Август', 'Сентябрь', 'Октябрь', 'Ноябрь', 'Декабрь'];

/** "2020-03" → "Март 2020". */
export function periodTitle(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return `${MONTHS_NOMINATIVE[m - 1]} ${y}`;
}

/** "2020-03-16" → "16.03.2020". */
export function ruDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}
