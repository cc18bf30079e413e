/**
 * Money and volumes, never as floats. Money travels as decimal strings with two
 * fraction digits ("1044.02") and is computed as integer kopecks (bigint).
 * Volumes travel as decimal strings with up to three fraction digits and are
 * computed as integer litres (thousandths of m³).
 *
 * Every decimal the server reads — typed by a person, sent by an integrator, read from a CSV file, a
 * DECIMAL column or the environment — goes through the one reader below (decimalParts → readDecimal →
 * parseDecimal); callers pass their limits and their message, never a regular expression of their own.
 */
import { badInput } from './errors';

/** A decimal as written: its sign and its digits ("-0012,50" → negative, int "0012", frac "50"). */
export interface DecimalParts {
  negative: boolean;
  /** The digits before the separator, group separators removed; '' for ".5". */
  int: string;
  /** The digits after the separator; '' when there are none. */
  frac: string;
}

/**
 * How people type numbers in Russia and elsewhere: a decimal comma or point, thousands grouped by a space
 * (also the no-break and thin spaces that copied text brings: U+00A0, U+2009, U+202F) in threes only, a
 * leading + or minus (U+2212 too), and digits on at least one side of the separator ("1044," and ",5" are read).
 */
const TYPED = /^([+\-\u2212])?(\d{1,3}(?:[ \u00A0\u2009\u202F]\d{3})+|\d*)(?:[.,](\d*))?$/;
/** Machine forms (the API's own answers, DECIMAL columns, the environment): "-1044.02", digits on both sides of a point. */
const PLAIN = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * The sign and digits of `raw`, or null when it is not a decimal at all. `plain`: only the machine form
 * (no comma, no spaces, no +). Exponents ("1e3"), two separators ("1,044.02") and letters are never decimals.
 */
export function decimalParts(raw: unknown, plain = false): DecimalParts | null {
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'bigint') return null;
  const text = String(raw).trim();
  const m = (plain ? PLAIN : TYPED).exec(text);
  if (!m) return null;
  const int = (m[2] ?? '').replace(/\D/g, '');
  const frac = m[3] ?? '';
  if (!int && !frac) return null;
  return { negative: m[1] === '-' || m[1] === '\u2212', int, frac };
}

/** What is wrong with a decimal: not a number, a sign where none is allowed, too many fraction digits, out of range. */
export type DecimalProblem = 'format' | 'sign' | 'scale' | 'range';

export interface DecimalLimits {
  /** Fraction digits kept: the result is in units of 10^-scale (2: kopecks, 3: litres). Further digits must be zeros. */
  scale: number;
  /** Digits before the separator, at most, leading zeros not counted (default 15). */
  integerDigits?: number;
  /** Whether a minus is allowed (default no: "-5" and even "-0" are a `sign` problem). */
  signed?: boolean;
  /** Bounds in units, inclusive. */
  min?: bigint;
  max?: bigint;
  /** Only the machine form (decimalParts' `plain`); by default what a person types is read too. */
  plain?: boolean;
}

/** The value in units of 10^-scale, or the first problem found (format, then sign, scale, range). */
export function readDecimal(raw: unknown, limits: DecimalLimits): { units: bigint; problem?: undefined } | { units?: undefined; problem: DecimalProblem } {
  const parts = decimalParts(raw, limits.plain);
  if (!parts) return { problem: 'format' };
  if (parts.negative && !limits.signed) return { problem: 'sign' };
  if (/[1-9]/.test(parts.frac.slice(limits.scale))) return { problem: 'scale' };
  const int = parts.int.replace(/^0+/, '');
  if (int.length > (limits.integerDigits ?? 15)) return { problem: 'range' };
  const magnitude = BigInt(int || '0') * 10n ** BigInt(limits.scale) + BigInt(parts.frac.slice(0, limits.scale).padEnd(limits.scale, '0') || '0');
  const units = parts.negative ? -magnitude : magnitude;
  if ((limits.min !== undefined && units < limits.min) || (limits.max !== undefined && units > limits.max)) return { problem: 'range' };
  return { units };
}

/** The caller's words for each problem; those not given fall back to `format`. */
export type DecimalMessages = string | ({ format: string } & Partial<Record<Exclude<DecimalProblem, 'format'>, string>>);

export interface DecimalInput extends DecimalLimits {
  /** The input field (or CSV column) named in the error. */
  field: string;
  message: DecimalMessages;
}

/**
 * The one decimal parser: `raw` in units of 10^-scale within the caller's limits; otherwise `fail(field,
 * message)` is thrown — BAD_USER_INPUT on the field by default; a CSV import passes its own refusal.
 * "1 044,02" at scale 2 → 104402n; "241,375" at scale 3 → 241375n.
 */
export function parseDecimal(raw: unknown, input: DecimalInput, fail: (field: string, message: string) => Error = badInput): bigint {
  const read = readDecimal(raw, input);
  if (read.problem === undefined) return read.units;
  const messages = typeof input.message === 'string' ? { format: input.message } : input.message;
  throw fail(input.field, messages[read.problem] ?? messages.format);
}

/** Units of 10^-scale as a plain decimal with exactly `scale` fraction digits: (490n, 3) → "0.490". */
export function fromUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const unit = 10n ** BigInt(scale);
  const whole = (abs / unit).toString();
  const frac = scale > 0 ? `.${(abs % unit).toString().padStart(scale, '0')}` : '';
  return `${negative ? '-' : ''}${whole}${frac}`;
}

function machineValue(value: string, limits: DecimalLimits, what: string): bigint {
  const read = readDecimal(value, { ...limits, plain: true });
  if (read.problem !== undefined) throw new RangeError(`not ${what}: ${value}`);
  return read.units;
}

/** What DECIMAL(…,2) columns and fromKopecks give ("-1044.02", "0.00"): read without the general reader. */
const CANONICAL_MONEY = /^-?(?:0|[1-9]\d{0,14})\.\d\d$/;

/** "1044.02" → 104402n; "-5" → -500n. Throws RangeError on anything else. */
export function toKopecks(value: string): bigint {
  // The month close reads a few hundred thousand amounts: the canonical form skips the general reader (same result).
  if (typeof value === 'string' && CANONICAL_MONEY.test(value)) return BigInt(value.replace('.', ''));
  return machineValue(value, { scale: 2, signed: true }, 'a money amount');
}

/** 104402n → "1044.02"; -5n → "-0.05". */
export function fromKopecks(kopecks: bigint): string {
  return fromUnits(kopecks, 2);
}

/** Normalises any decimal string from the database ("1044.0200", "-0.5") to two fraction digits. */
export function normalizeMoney(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '0.00';
  const text = typeof value === 'number' ? numberToPlain(value) : value;
  const parts = decimalParts(text, true);
  if (!parts) throw new RangeError(`not a decimal: ${value}`);
  // Round half away from zero at the kopeck, as accounting does.
  const frac = parts.frac.padEnd(3, '0');
  let kopecks = BigInt(parts.int) * 100n + BigInt(frac.slice(0, 2));
  if (Number(frac[2]) >= 5) kopecks += 1n;
  return fromKopecks(parts.negative ? -kopecks : kopecks);
}

function numberToPlain(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  // JSON numbers from clients: at most two fraction digits are meaningful for money.
  return n.toFixed(3);
}

export function addMoney(...values: string[]): string {
  return fromKopecks(values.reduce((sum, v) => sum + toKopecks(v), 0n));
}

export function negateMoney(value: string): string {
  return fromKopecks(-toKopecks(value));
}

/** "241.375" → 241375n (litres). Throws RangeError on anything that is not a valid meter value. */
export function toLitres(value: string): bigint {
  return machineValue(value, { scale: 3, integerDigits: 5 }, 'a volume');
}

/** 241375n → "241.375"; 241000n → "241"; negative allowed for differences. */
export function fromLitres(litres: bigint): string {
  const negative = litres < 0n;
  const abs = negative ? -litres : litres;
  const whole = abs / 1000n;
  const frac = (abs % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** Normalises a DECIMAL(11,3) value from the database ("241.000") to the API's form ("241"). */
export function normalizeVolume(value: string): string {
  return fromLitres(machineValue(value, { scale: 3, signed: true, integerDigits: Infinity }, 'a volume'));
}
