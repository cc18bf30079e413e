/** Checking a tariff's values: the same rules for the API and the seed. Errors name the input field. */
import { BillingService } from '../common/enums';
import { badInput } from '../errors';
import { fromKopecks, fromUnits, parseDecimal } from '../money';
import { isValidDate } from '../common/calendar';

export interface TariffValues {
  service: BillingService;
  pricePerM3: string;
  normPerResident: string;
  validFrom: string;
}

/** Normalised values ("45,1" → "45.10"), or BAD_USER_INPUT naming the field. */
export function checkTariff(input: TariffValues): TariffValues {
  if (!Object.values(BillingService).includes(input.service)) {
    throw badInput('service', 'Укажите услугу: COLD_WATER, HOT_WATER или WASTEWATER.');
  }
  const price = parseDecimal(input.pricePerM3, {
    scale: 2,
    integerDigits: 8,
    min: 1n,
    field: 'pricePerM3',
    message: 'Цена за 1 м³ — положительное число рублей, не больше двух знаков после запятой, например 45,12.',
  });
  const norm = parseDecimal(input.normPerResident, {
    scale: 3,
    integerDigits: 2,
    field: 'normPerResident',
    message: 'Норматив на одного человека — число м³ в месяц от 0 до 99,999, не больше трёх знаков после запятой, например 4,9.',
  });
  const validFrom = String(input.validFrom ?? '');
  if (!isValidDate(validFrom)) throw badInput('validFrom', 'Дата начала действия — в формате ГГГГ-ММ-ДД, например 2026-07-01.');
  if (!validFrom.endsWith('-01')) {
    throw badInput('validFrom', 'Тариф вводится с первого числа месяца: укажите, например, 2026-07-01.');
  }
  return {
    service: input.service,
    pricePerM3: fromKopecks(price),
    normPerResident: fromUnits(norm, 3),
    validFrom,
  };
}
