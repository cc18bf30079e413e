/**
 * The month close's progress as the close screen words it (/staff/billing): «Закрытие месяца 03.2026: 450 000 из
 * 1 000 000 лицевых счетов, осталось ~1 мин 12 с», and when a close counts as interrupted.
 */
import type { ResultOf } from '$lib/graphql';
import type { CloseProgressFragment } from '$lib/graphql/generated/graphql';
import { formatCount, formatDuration, formatPeriodNumeric, plural } from '$lib/format';
import type { BillingCloseStatusQuery } from './operations';

export type CloseProgress = CloseProgressFragment;
export type CloseStatus = ResultOf<typeof BillingCloseStatusQuery>['billingCloseStatus'];

/**
 * A close that has committed no batch for this long (and was not just started from this browser) is taken for
 * interrupted (the API's process stopped): the screen offers «Продолжить закрытие». A batch of 5 000 accounts takes
 * about a second (docs/BENCHMARKS.md).
 */
export const CLOSE_STALL_SECONDS = 60;

/** «Закрытие месяца 03.2026: 450 000 из 1 000 000 лицевых счетов» and, while it advances, «, осталось ~1 мин 12 с». */
export function closeProgressText(p: CloseProgress, { stalled = false } = {}): string {
  const accounts = plural(p.accountsTotal, ['лицевого счета', 'лицевых счетов', 'лицевых счетов']);
  const head = `Закрытие месяца ${formatPeriodNumeric(p.period)}: ${formatCount(p.accountsDone)} из ${formatCount(p.accountsTotal)} ${accounts}`;
  const left = p.estimatedSecondsLeft;
  if (stalled || left === null) return head;
  return `${head}, осталось ~${formatDuration(Math.max(1, left))}`;
}

/** Whole per cent done (0 before the total is known). */
export function closePercent(p: CloseProgress): number {
  return p.accountsTotal > 0 ? Math.floor((p.accountsDone * 100) / p.accountsTotal) : 0;
}
