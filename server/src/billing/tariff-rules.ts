/** Checking a tariff's values: the same rules for the API and the seed. Errors name the input field. */
import { BillingService } from '../common/enums';
import { badInput } from '../errors';
import { isValidDate } from '../graphql/scalars';

export interface TariffValues {
  service: BillingService;
  pricePerM3: string;
  normPerResident: string;
  validFrom: string;
}

const PRICE = /^(\d{1,8})(?:[.,](\d{1,2}))?$/;
const NORM = /^(\d{1,2})(?:[.,](\d{1,3}))?$/;

/** Normalised values ("45,1" → "45.10"), or BAD_USER_INPUT naming the field. */
export function checkTariff(input: TariffValues): TariffValues {
  if (!Object.values(BillingService).includes(input.service)) {
    throw badInput('service', 'Укажите услугу: COLD_WATER, HOT_WATER или WASTEWATER.');
  }
  const price = PRICE.exec(String(input.pricePerM3 ?? '').trim());
  if (!price || /^0*$/.test(price[1] + (price[2] ?? ''))) {
    throw badInput('pricePerM3', 'Цена за 1 м³ — положительное число рублей, не больше двух знаков после запятой, например 45.12.');
  }
  const norm = NORM.exec(String(input.normPerResident ?? '').trim());
  if (!norm) {
    throw badInput('normPerResident', 'Норматив на одного человека — число м³ в месяц от 0 до 99,999, не больше трёх знаков после запятой, например 4.9.');
  }
  const validFrom = String(input.validFrom ?? '');
  if (!isValidDate(validFrom)) throw badInput('validFrom', 'Дата начала действия — в формате ГГГГ-ММ-ДД, например 2026-07-01.');
  if (!validFrom.endsWith('-01')) {
    throw badInput('validFrom', 'Тариф вводится с первого числа месяца: укажите, например, 2026-07-01.');
  }
  return {
    service: input.service,
    pricePerM3: `${BigInt(price[1])}.${(price[2] ?? '').padEnd(2, '0')}`,
    normPerResident: `${BigInt(norm[1])}.${(norm[2] ?? '').padEnd(3, '0')}`,
    validFrom,
  };
}
