/** Checking the money amounts people and integrations send to the payment operations. */
import { badInput } from '../errors';
import { fromKopecks } from '../money';

const AMOUNT = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/**
 * A positive amount in rubles with at most two fraction digits, within [min, max] kopecks.
 * Returns kopecks; anything else is BAD_USER_INPUT on `field` with a Russian message.
 */
export function parsePaymentAmount(value: string, field: string, limits: { min: bigint; max: bigint }): bigint {
  const text = String(value ?? '').trim();
  const range = `от ${rubles(limits.min)} до ${rubles(limits.max)} ₽`;
  const m = AMOUNT.exec(text);
  if (!m) {
    if (/^-/.test(text)) throw badInput(field, `Сумма должна быть положительной: ${range}.`);
    if (/^\d+\.\d{3,}$/.test(text)) throw badInput(field, 'Сумма указывается в рублях с точностью до копейки: не больше двух знаков после точки, например 1044.02.');
    throw badInput(field, 'Укажите сумму в рублях числом, например 1044.02.');
  }
  const kopecks = BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
  if (kopecks < limits.min || kopecks > limits.max) throw badInput(field, `Сумма должна быть ${range}.`);
  return kopecks;
}

/** 50000000n → "500 000,00" for messages. */
function rubles(kopecks: bigint): string {
  const [int, frac] = fromKopecks(kopecks).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${frac}`;
}
