/**
 * What a password chosen by a person must be: 8 to 128 characters with letters and digits, not one of
 * the passwords people use most (the 49,000 of @zxcvbn-ts/language-common — a maintained list from
 * breaches — and a few Russian ones), not such a word with a few digits after it («password1»,
 * «dragon2026»), and not the account number or the person's name inside it.
 */
import { dictionary } from '@zxcvbn-ts/language-common';

/** Russian ones the English-speaking lists miss: keyboard runs, «пароль», the utility's own words. */
const RUSSIAN_COMMON = [
  'йцукен', 'йцукенгшщз', 'фывапролд', 'пароль', 'parol', 'privet', 'привет', 'qwertyйцукен', 'vodokanal', 'водоканал',
  'apatity', 'апатиты', 'kabinet', 'кабинет', 'lichnyikabinet', 'абонент', 'abonent',
];

let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  common ??= new Set([...(dictionary['passwords-common'] as string[]), ...RUSSIAN_COMMON].map((p) => p.toLowerCase()));
  return common;
}

/** How many passwords the list holds (for the docs and the tests). */
export const commonPasswordCount = (): number => commonPasswords().size;

export interface PasswordContext {
  /** The account number the password is for. */
  accountNumber?: string | null;
  /** The person's names. */
  names?: (string | null | undefined)[];
}

/** Null when acceptable, else a Russian message saying what is wrong. */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  if (password.length < 8) return 'Пароль должен быть не короче 8 символов.';
  if (password.length > 128) return 'Пароль должен быть не длиннее 128 символов.';
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return 'Пароль должен содержать буквы и цифры.';
  const lower = password.toLowerCase();
  const list = commonPasswords();
  // The word without the digits and signs people add at its end: «password1», «Qwerty2026!».
  const stem = lower.replace(/[^\p{L}]{1,6}$/u, '');
  if (list.has(lower) || (stem.length >= 4 && list.has(stem))) {
    return 'Этот пароль слишком распространён — его подбирают первым. Придумайте другой: несколько слов, которые знаете только вы, и цифры.';
  }
  if (context.accountNumber && lower.includes(context.accountNumber)) return 'Пароль не должен содержать номер лицевого счёта.';
  for (const name of context.names ?? []) {
    const n = (name ?? '').trim().toLowerCase();
    // As written, and in Latin letters (Петрова → petrova).
    if (n.length >= 3 && (lower.includes(n) || lower.includes(latin(n)))) return 'Пароль не должен содержать вашу фамилию, имя или отчество.';
  }
  return null;
}

const LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p',
  р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};
/** A Russian name in Latin letters, the way people type it in a password. */
function latin(text: string): string {
  return [...text].map((c) => LATIN[c] ?? c).join('');
}
