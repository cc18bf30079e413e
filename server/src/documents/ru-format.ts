// ru-RU formatting of money, volumes, dates and periods.
import { decimalParts, fromKopecks, toKopecks } from '../money';

// Everything works on decimal strings ("1044.02", "-2890.64", "4.000"): no float is ever involved.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD = /^(\d{4})-(\d{2})$/;

const MONTHS = [
  'январь', 'февраль', 'март', 'апрель', 'май', 'июнь',
  'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь',
];

/** The sign and digits of a decimal from the database or the API ("0004.500" → "4", "500"). */
function digitsOf(value: string, what: string): { negative: boolean; int: string; frac: string } {
  const d = decimalParts(value, true);
  if (!d) throw new Error(`Неверное ${what}: «${value}» (ожидается десятичная строка вида 1044.02)`);
  return { ...d, int: d.int.replace(/^0+(?=\d)/, '') };
}

// Exact arithmetic lives in ../money.ts; these are re-exported for the documents' callers.
export { toKopecks, fromKopecks };

/** Sum of decimal money strings, exact. */
export function sumMoney(amounts: readonly string[]): string {
  return fromKopecks(amounts.reduce((acc, a) => acc + toKopecks(a), 0n));
}

/** "-1044.02" → "1044.02"; "1044.02" → "-1044.02"; zero stays "0.00". */
export function negateMoney(amount: string): string {
  return fromKopecks(-toKopecks(amount));
}

export function compareMoney(a: string, b: string): number {
  const d = toKopecks(a) - toKopecks(b);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}

function groupThousands(int: string, separator: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

export interface MoneyFormat {
  /** Thousands separator; a plain space by default ("1 044,02"); '' for none ("1044,02"). */
  group?: string;
  /** Append the currency: 'symbol' → " ₽", 'abbr' → " руб.". */
  currency?: 'symbol' | 'abbr';
}

/** "1044.02" → "1 044,02"; "-2890.6" → "-2 890,60"; with currency: "1 044,02 ₽". */
export function formatMoney(amount: string, opts: MoneyFormat = {}): string {
  const kopecks = toKopecks(amount);
  const [int, frac] = fromKopecks(kopecks < 0n ? -kopecks : kopecks).split('.');
  const sign = kopecks < 0n ? '-' : '';
  const text = `${sign}${groupThousands(int, opts.group ?? ' ')},${frac}`;
  if (opts.currency === 'symbol') return `${text} ₽`;
  if (opts.currency === 'abbr') return `${text} руб.`;
  return text;
}

/** A volume in m³ with a decimal comma, as given: "4" → "4", "4.500" → "4,500", "1234.5" → "1 234,5". */
export function formatVolume(volume: string, opts: { group?: string; fixed?: boolean } = {}): string {
  const d = digitsOf(volume, 'значение объёма');
  const int = groupThousands(d.int, opts.group ?? ' ');
  const frac = opts.fixed ? d.frac.padEnd(3, '0').slice(0, 3) : d.frac;
  return `${d.negative ? '-' : ''}${int}${frac ? `,${frac}` : ''}`;
}

/** Volumes and readings on the payment document: always three decimals (Приказ Минстроя 43/пр), "236" → "236,000". */
export const formatVolume3 = (volume: string): string => formatVolume(volume, { fixed: true });

/** "2020-01-31" → "31.01.2020". */
export function formatDate(isoDate: string): string {
  const m = ISO_DATE.exec(isoDate);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[3]) < 1 || Number(m[3]) > 31) {
    throw new Error(`Неверная дата: «${isoDate}» (ожидается ГГГГ-ММ-ДД)`);
  }
  return `${m[3]}.${m[2]}.${m[1]}`;
}

function parsePeriod(period: string): { year: string; month: number } {
  const m = PERIOD.exec(period);
  const month = m ? Number(m[2]) : 0;
  if (!m || month < 1 || month > 12) throw new Error(`Неверный расчётный период: «${period}» (ожидается ГГГГ-ММ)`);
  return { year: m[1], month };
}

/** "2020-01" → "январь 2020". */
export function formatPeriod(period: string): string {
  const { year, month } = parsePeriod(period);
  return `${MONTHS[month - 1]} ${year}`;
}

/** "2020-01" → "01.2020". */
export function formatPeriodShort(period: string): string {
  const { year, month } = parsePeriod(period);
  return `${String(month).padStart(2, '0')}.${year}`;
}

/** "2020-01" → "012020" (ГОСТ Р 56042-2014 PaymPeriod). */
export function periodToMMYYYY(period: string): string {
  const { year, month } = parsePeriod(period);
  return `${String(month).padStart(2, '0')}${year}`;
}

/** "123456789101" or "1234 5678 9101" → "1234-5678-9101"; anything else is returned trimmed. */
export function formatActivationCode(code: string): string {
  const digits = code.replace(/[\s-]/g, '');
  return /^\d{12}$/.test(digits) ? digits.replace(/^(\d{4})(\d{4})(\d{4})$/, '$1-$2-$3') : code.trim();
}
