/** Russian names for the API's enums and the meters' verification state. */
import type { AppealStatus, LedgerEntryKind, ReadingStatus } from './graphql/generated/graphql';
import { daysBetween, formatDate, plural, today } from './format';

export const READING_STATUS: Record<ReadingStatus, string> = {
  PENDING: 'На проверке',
  ACCEPTED: 'Принято',
  REJECTED: 'Отклонено',
  SUPERSEDED: 'Заменено более поздним',
};

/** "Отклонено: показания не совпадают с фото" for a rejected reading, the plain status otherwise. */
export function readingStatusText(status: ReadingStatus, rejectionReason?: string | null): string {
  if (status === 'REJECTED') {
    return rejectionReason ? `Отклонено: ${rejectionReason}` : 'Отклонено';
  }
  return READING_STATUS[status] ?? status;
}

export const LEDGER_KIND: Record<LedgerEntryKind, string> = {
  CHARGE: 'Начислено',
  RECALCULATION: 'Перерасчёт',
  PENALTY: 'Пени',
  PAYMENT: 'Оплачено',
};

export const APPEAL_STATUS: Record<AppealStatus, string> = {
  OPEN: 'На рассмотрении',
  ANSWERED: 'Дан ответ',
  CLOSED: 'Закрыто',
};

/** Days before verificationDueOn from which the subscriber is warned. */
export const VERIFICATION_WARNING_DAYS = 60;

export type VerificationState =
  | { kind: 'ok' }
  | { kind: 'ending'; days: number; text: string }
  | { kind: 'expired'; text: string };

export function verificationState(
  meter: { verificationDueOn: string; verificationExpired: boolean; title?: string },
  on: string = today(),
): VerificationState {
  const days = daysBetween(on, meter.verificationDueOn);
  if (meter.verificationExpired || days < 0) {
    return {
      kind: 'expired',
      text: `Срок поверки истёк ${formatDate(meter.verificationDueOn)}. Показания этого прибора не принимаются: вызовите поверителя или замените прибор и сообщите об этом в «Виртуальную приемную».`,
    };
  }
  if (days <= VERIFICATION_WARNING_DAYS) {
    const when = days === 0 ? 'сегодня' : `через ${days} ${plural(days, ['день', 'дня', 'дней'])}`;
    return {
      kind: 'ending',
      days,
      text: `Срок поверки заканчивается ${when} (${formatDate(meter.verificationDueOn)}). Закажите поверку заранее, чтобы не потерять возможность передавать показания.`,
    };
  }
  return { kind: 'ok' };
}

/** An appeal's longest text, in characters («0/500»). */
export const MAX_APPEAL_LENGTH = 500;
