/** Reading submitted forms. */

export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** A checkbox: ticked when present with any value but "0"/"false"/"off". */
export function checked(form: FormData, name: string): boolean {
  const value = form.get(name);
  return typeof value === 'string' && !['', '0', 'false', 'off'].includes(value);
}

/** An account number as people type it: spaces and dashes removed. */
export function accountNumber(raw: string): string {
  return raw.replace(/[\s\-\u00a0]/g, '');
}

export const ACCOUNT_NUMBER = /^\d{8,20}$/;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A path inside the site to go to after signing in; anything else becomes "/". */
export function safeNext(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (raw.startsWith('/login') || raw.startsWith('/logout')) return '/';
  return raw;
}

/** Digits of a phone number; a Russian mobile has 11 with the leading 7 or 8, or 10 without it. */
export function phoneLooksValid(raw: string): boolean {
  const digits = raw.replace(/\D/g, '');
  return /^[^\d]*\+?[\d\s()\-]+$/.test(raw) && digits.length >= 10 && digits.length <= 15;
}

/**
 * A date as a date field sends it (YYYY-MM-DD), or as people type it where there is no date picker
 * ("20.12.2026" → "2026-12-20"). Anything else is passed on as typed: the API says what is wrong.
 */
export function dateInput(raw: string): string {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(raw.trim());
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : raw.trim();
}
