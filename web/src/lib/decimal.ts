/**
 * Decimal strings without floats. Money arrives as "-2890.64", volumes as "241" or "241.375";
 * arithmetic is done on integers (kopecks, litres) as bigint.
 */

const MONEY = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

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

/** "241.375" → 241375n (litres). Accepts the API's volumes, which may carry leading zeros. */
function volumeToLitres(value: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,3}))?$/.exec(value.trim());
  if (!m) throw new RangeError(`not a volume: ${value}`);
  return BigInt(m[1]) * 1000n + BigInt((m[2] ?? '').padEnd(3, '0'));
}

/** 241375n → "241.375"; -1500n → "-1.5". */
function litresToVolume(litres: bigint): string {
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

/**
 * A number as people type it, made ready for the API, which checks it: spaces removed and the decimal
 * comma made a point ("1 500,5" → "1500.5"). Nothing is refused here: the API says what is wrong.
 */
export function normalizeNumberInput(raw: string): string {
  return raw.replace(/[\s\u00a0]/g, '').replace(',', '.');
}
