/**
 * Which billing month may be closed (../shared/DOMAIN.md «Closing a billing month»): only a month
 * that is over, not before the first tariff, and in order — the month after the last one closed (a
 * close that was interrupted is finished first). Closing a closed month again is allowed and changes
 * nothing. Pure: the service reads the facts, these rules decide.
 */
import { nextPeriod, periodTitle, ruDate } from '../common/calendar';
import { AppError, ErrorCode } from '../errors';

export interface CloseFacts {
  /** The month today falls into, in the utility's time zone. */
  current: string;
  /** The month the earliest tariff starts in; null when there is no tariff at all. */
  firstTariffPeriod: string | null;
  /** The latest month closed or being closed, and its status. */
  latest: { period: string; status: 'CLOSING' | 'CLOSED' } | null;
}

const lower = (period: string) => periodTitle(period).toLowerCase();

/** The month to close next: after the latest one (or the one being closed), else the first month with tariffs. */
export function nextToClose(facts: CloseFacts): string | null {
  if (facts.latest) return facts.latest.status === 'CLOSING' ? facts.latest.period : nextPeriod(facts.latest.period);
  return facts.firstTariffPeriod;
}

/** The first day a month can be closed: the day after it ends. */
export const closableFrom = (period: string): string => `${nextPeriod(period)}-01`;

/**
 * Why `period` cannot be closed now, or null when it can. `alreadyClosed` months are answered as they
 * are (idempotent), so they never get here.
 */
export function closeRefusal(period: string, facts: CloseFacts): AppError | null {
  if (period >= facts.current) {
    return new AppError(
      ErrorCode.PERIOD_NOT_FINISHED,
      period === facts.current
        ? `${periodTitle(period)} ещё не закончился: закрыть его можно с ${ruDate(closableFrom(period))}, когда приём показаний за него завершён.`
        : `${periodTitle(period)} ещё не наступил: закрыть можно только закончившийся месяц.`,
      { field: 'period', closableFrom: closableFrom(period) },
    );
  }
  if (facts.firstTariffPeriod === null || period < facts.firstTariffPeriod) {
    return new AppError(
      ErrorCode.PERIOD_BEFORE_TARIFFS,
      facts.firstTariffPeriod === null
        ? 'Тарифы ещё не заданы: задайте их в разделе «Тарифы», затем закройте месяц.'
        : `За ${lower(period)} тарифов нет: первый тариф действует с ${lower(facts.firstTariffPeriod)}. Закрыть можно месяцы начиная с него.`,
      { field: 'period', firstPeriod: facts.firstTariffPeriod },
    );
  }
  const next = nextToClose(facts);
  if (facts.latest && next !== period) {
    const message =
      facts.latest.status === 'CLOSING'
        ? `Закрытие месяца ${lower(facts.latest.period)} не завершено: сначала закройте его ещё раз, затем следующий месяц.`
        : period < facts.latest.period
          ? `Месяцы закрываются по порядку: уже закрыт ${lower(facts.latest.period)}, поэтому ${lower(period)} закрыть нельзя. Исправления в закрытых месяцах — перерасчётом.`
          : `Месяцы закрываются по порядку: сначала закройте ${lower(next!)}.`;
    return new AppError(ErrorCode.PERIOD_OUT_OF_ORDER, message, { field: 'period', nextPeriod: next });
  }
  return null;
}
