/** Normalising and checking what subscribers type: account numbers, codes, e-mail, phone. */
import { AppError, ErrorCode, badInput } from '../errors';

export function normalizeAccountNumber(value: string, field: string): string {
  const v = (value ?? '').replace(/[\s-]/g, '');
  if (!/^\d{8,20}$/.test(v)) throw badInput(field, 'Лицевой счёт — это от 8 до 20 цифр, как в квитанции.');
  return v;
}

/** The code is printed as 1234-5678-9101; dashes and spaces are accepted. */
export function normalizeActivationCode(value: string): string {
  const v = (value ?? '').replace(/[\s-]/g, '');
  if (!/^\d{12}$/.test(v)) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'Код активации — 12 цифр, например 1234-5678-9101. Он указан в квитанции.', { field: 'activationCode' });
  }
  return v;
}

export function normalizeEmail(value: string, field: string): string {
  const v = (value ?? '').trim();
  if (v.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(v)) throw badInput(field, 'Укажите e-mail в виде name@example.ru.');
  return v;
}

/** Russian mobile numbers in any usual writing: +7(911)123-4567, 8 911 123 45 67 → +79111234567. */
export function normalizePhone(value: string, field: string): string {
  const digits = (value ?? '').replace(/[\s()+-]/g, '');
  if (!/^\d+$/.test(digits)) throw badInput(field, 'Укажите номер телефона цифрами, например +7(911)123-4567.');
  const national = digits.length === 11 && (digits[0] === '7' || digits[0] === '8') ? digits.slice(1) : digits.length === 10 ? digits : null;
  if (!national) throw badInput(field, 'Номер телефона — 10 цифр после +7, например +7(911)123-4567.');
  return `+7${national}`;
}
