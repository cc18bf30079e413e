/**
 * «Оплатить несколько лицевых счетов» (#15): one card payment split over several of the person's accounts. The
 * form has one amount field per account (`part-<number>`); the payment asks their sum. Nothing is refused here:
 * the API checks every share and the total (startCardPayment's parts), the site only adds up what was typed.
 */
import { normalizeNumberInput } from './decimal';

export const SPLIT_FIELD_PREFIX = 'part-';

/** The amount field of an account. */
export function splitField(accountNumber: string): string {
  return `${SPLIT_FIELD_PREFIX}${accountNumber}`;
}

/** What the form sent, account by account, in the form's order: the amounts as typed (trimmed). */
export function splitEntries(form: FormData): { accountNumber: string; value: string }[] {
  const entries: { accountNumber: string; value: string }[] = [];
  for (const [name, value] of form) {
    if (!name.startsWith(SPLIT_FIELD_PREFIX) || typeof value !== 'string') continue;
    const accountNumber = name.slice(SPLIT_FIELD_PREFIX.length);
    if (/^\d{1,20}$/.test(accountNumber) && !entries.some((e) => e.accountNumber === accountNumber)) {
      entries.push({ accountNumber, value: value.trim() });
    }
  }
  return entries;
}

const MONEY = /^(\d+)(?:\.(\d{1,2}))?$/;

/**
 * The sum of the amounts as typed ("1 044,02", "500"), in rubles with kopecks ("1544.02"). An amount that is
 * not a sum of money is left out of it: the API refuses it at its own field.
 */
export function splitTotal(amounts: readonly string[]): string {
  let kopecks = 0n;
  for (const raw of amounts) {
    const m = MONEY.exec(normalizeNumberInput(raw));
    if (m) kopecks += BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
  }
  return `${kopecks / 100n}.${(kopecks % 100n).toString().padStart(2, '0')}`;
}
