/**
 * Decimal strings without floats. Money arrives as "-2890.64", volumes as "241" or "241.375";
 * arithmetic is done on integers (kopecks, litres) as bigint.
 */

const MONEY = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;
const VOLUME = /^(\d{1,5})(?:\.(\d{1,3}))?$/;

/** Does a string look like a money amount ("1044.02", "-5", "0.5")? */
export function isMoney(value: string): boolean {
  return MONEY.test(value.trim());
}

/** Sign of a money string: 1, 0 or -1. */
export function moneySign(value: string): -1 | 0 | 1 {
  const m = MONEY.exec(value.trim());
  if (!m) return 0;
  const digits = (m[2] + (m[3] ?? '')).replace(/^0+/, '');
  if (!digits) return 0;
  return m[1] ? -1 : 1;
}

/** "-2890.64" → "2890.64". */
export function moneyAbs(value: string): string {
  return value.trim().replace(/^-/, '');
}

/**
 * A sum typed by a person ("1 044,02", "1044.2", "1044") → "1044.02", or null when it is not
 * a positive amount with at most two fraction digits and at most 9 integer digits.
 */
export function parseMoneyInput(raw: string): string | null {
  const text = raw.replace(/[\s\u00a0]/g, '').replace(',', '.');
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(text);
  if (!m) return null;
  const rubles = m[1].replace(/^0+(?=\d)/, '');
  const kopecks = (m[2] ?? '').padEnd(2, '0');
  if (/^0+$/.test(rubles + kopecks)) return null;
  return `${rubles}.${kopecks}`;
}

/** A meter value typed by a person ("241", "241,375") → "241.375", or null when it is not a volume. */
export function parseVolumeInput(raw: string): string | null {
  const text = raw.replace(/[\s\u00a0]/g, '').replace(',', '.');
  const m = VOLUME.exec(text);
  if (!m) return null;
  const whole = m[1].replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}

/** "241.375" → 241375n (litres). Accepts the API's volumes, which may carry leading zeros. */
export function volumeToLitres(value: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,3}))?$/.exec(value.trim());
  if (!m) throw new RangeError(`not a volume: ${value}`);
  return BigInt(m[1]) * 1000n + BigInt((m[2] ?? '').padEnd(3, '0'));
}

/** 241375n → "241.375"; -1500n → "-1.5". */
export function litresToVolume(litres: bigint): string {
  const negative = litres < 0n;
  const abs = negative ? -litres : litres;
  const whole = abs / 1000n;
  const frac = (abs % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** current − previous, as a volume string ("5", "0.375", "-2"). */
export function volumeDiff(current: string, previous: string): string {
  return litresToVolume(volumeToLitres(current) - volumeToLitres(previous));
}

/** Compares two volumes: -1, 0 or 1. */
export function compareVolumes(a: string, b: string): -1 | 0 | 1 {
  const x = volumeToLitres(a);
  const y = volumeToLitres(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * A number as people type it, made ready for the API, which checks it: spaces removed and the decimal
 * comma made a point ("1 500,5" → "1500.5"). Nothing is refused here: the API says what is wrong.
 */
export function normalizeNumberInput(raw: string): string {
  return raw.replace(/[\s\u00a0]/g, '').replace(',', '.');
}
