/** Checking the money amounts people and integrations send to the payment operations. */
import { fromKopecks, parseDecimal } from '../money';

/**
 * A positive amount in rubles with at most two fraction digits, within [min, max] kopecks, as a person
 * types it ("1044.02", "1 044,02"). Returns kopecks; anything else is BAD_USER_INPUT on `field` with a
 * Russian message.
 */
export function parsePaymentAmount(value: string, field: string, limits: { min: bigint; max: bigint }): bigint {
  const range = `от ${rubles(limits.min)} до ${rubles(limits.max)} ₽`;
  return parseDecimal(value, {
    scale: 2,
    min: limits.min,
    max: limits.max,
    field,
    message: {
      format: 'Укажите сумму в рублях числом, например 1044,02.',
      sign: `Сумма должна быть положительной: ${range}.`,
      scale: 'Сумма указывается в рублях с точностью до копейки: не больше двух знаков после запятой, например 1044,02.',
      range: `Сумма должна быть ${range}.`,
    },
  });
}

/** 50000000n → "500 000,00" for messages. */
function rubles(kopecks: bigint): string {
  const [int, frac] = fromKopecks(kopecks).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${frac}`;
}
