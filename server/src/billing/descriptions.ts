/**
 * The wording of the ledger lines a month's close writes. Charge lines are worded in SQL
 * (close-lines.ts) with the same phrases; penalties here.
 */
import { BillingMethod, BillingService } from '../common/enums';
import { formatMoney } from '../documents/ru-format';
import type { Penalty } from './penalty';

export const SERVICE_TITLES: Record<BillingService, string> = {
  [BillingService.COLD_WATER]: 'Холодное водоснабжение',
  [BillingService.HOT_WATER]: 'Горячее водоснабжение',
  [BillingService.WASTEWATER]: 'Водоотведение',
};

/** Short names of the supplies inside the wastewater line. */
export const SUPPLY_ABBREVIATIONS: Record<BillingService.COLD_WATER | BillingService.HOT_WATER, string> = {
  [BillingService.COLD_WATER]: 'ХВС',
  [BillingService.HOT_WATER]: 'ГВС',
};

/** «по показаниям», «по среднему», «по нормативу». */
export const METHOD_PHRASES: Record<BillingMethod, string> = {
  [BillingMethod.ACTUAL]: 'по показаниям',
  [BillingMethod.AVERAGE]: 'по среднему',
  [BillingMethod.NORM]: 'по нормативу',
};

const MAX_DESCRIPTION = 255;

const percents = new Map<string, string>();

/** "9.5" → "9,5"; "16.50" → "16,5". Remembered: a close words the same one or two rates for every penalty. */
export function formatPercent(percent: string): string {
  let text = percents.get(percent);
  if (text === undefined) {
    text = percent.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '').replace('.', ',');
    if (percents.size < 100) percents.set(percent, text);
  }
  return text;
}

/**
 * «Пени: 1 044,02 ₽ × 30 дн. × 1/300 × 9,5 %», one term per part joined by « + »;
 * when that does not fit the ledger's 255 characters, the days and rates only.
 */
export function penaltyDescription(penalty: Penalty): string {
  const terms = penalty.parts.map((p) => `${formatMoney(p.debt, { currency: 'symbol' })} × ${p.days} дн. × 1/${p.fraction} × ${formatPercent(p.ratePercent)} %`);
  const full = `Пени: ${terms.join(' + ')}`;
  if (full.length <= MAX_DESCRIPTION) return full;
  const fractions = [...new Set(penalty.parts.map((p) => `1/${p.fraction}`))].join(' и ');
  const rates = [...new Set(penalty.parts.map((p) => `${formatPercent(p.ratePercent)} %`))].join(', ');
  return `Пени: ${penalty.days} дн. просрочки, ${fractions} ставки ${rates}`;
}
