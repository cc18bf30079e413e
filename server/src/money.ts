/**
 * Money and volumes, never as floats. Money travels as decimal strings with two
 * fraction digits ("1044.02") and is computed as integer kopecks (bigint).
 * Volumes travel as decimal strings with up to three fraction digits and are
 * computed as integer litres (thousandths of m³).
 */

/** Rubles with at most kopeck precision; trailing zeros beyond it ("1044.0200" from DECIMAL columns) are fine. */
const MONEY = /^(-)?(\d{1,15})(?:\.(\d{1,2})0*)?$/;
const VOLUME = /^(\d{1,5})(?:\.(\d{1,3}))?$/;

/** "1044.02" → 104402n; "-5" → -500n. Throws RangeError on anything else. */
export function toKopecks(value: string): bigint {
  const m = MONEY.exec(value.trim());
  if (!m) throw new RangeError(`not a money amount: ${value}`);
  const kopecks = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -kopecks : kopecks;
}

/** 104402n → "1044.02"; -5n → "-0.05". */
export function fromKopecks(kopecks: bigint): string {
  const negative = kopecks < 0n;
  const abs = negative ? -kopecks : kopecks;
  const rubles = abs / 100n;
  const rest = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${rubles}.${rest}`;
}

/** Normalises any decimal string from the database ("1044.0200", "-0.5") to two fraction digits. */
export function normalizeMoney(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '0.00';
  const text = typeof value === 'number' ? numberToPlain(value) : value;
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new RangeError(`not a decimal: ${value}`);
  // Round half away from zero at the kopeck, as accounting does.
  const frac = (m[3] ?? '').padEnd(3, '0');
  let kopecks = BigInt(m[2]) * 100n + BigInt(frac.slice(0, 2));
  if (Number(frac[2]) >= 5) kopecks += 1n;
  return fromKopecks(m[1] && kopecks !== 0n ? -kopecks : kopecks);
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

export function maxMoney(a: string, b: string): string {
  return toKopecks(a) >= toKopecks(b) ? a : b;
}

export function isMoney(value: string): boolean {
  return MONEY.test(value);
}

/** "241.375" → 241375n (litres). Throws RangeError on anything that is not a valid meter value. */
export function toLitres(value: string): bigint {
  const m = VOLUME.exec(value.trim());
  if (!m) throw new RangeError(`not a volume: ${value}`);
  return BigInt(m[1]) * 1000n + BigInt((m[2] ?? '').padEnd(3, '0'));
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
  const m = /^(-)?(\d+)(?:\.(\d{1,3}))?0*$/.exec(value.trim());
  if (!m) throw new RangeError(`not a volume: ${value}`);
  const litres = BigInt(m[2]) * 1000n + BigInt((m[3] ?? '').padEnd(3, '0'));
  return fromLitres(m[1] ? -litres : litres);
}
