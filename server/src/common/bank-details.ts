// The payee's bank details checked as banks check them before accepting a payment order: the ИНН's check
// digits and the control keys of the settlement and correspondent accounts against the БИК
// (Положение Банка России № 579-П, before it № 385-П). A typo here would send every payment back.

export interface BankDetails {
  inn: string;
  /** Расчётный счёт, 20 digits. */
  personalAcc: string;
  bic: string;
  /** Корреспондентский счёт, 20 digits. */
  correspAcc: string;
}

/** What each field is called in an error message: the environment variables by default, QR keys in the QR payload. */
export type BankDetailsNames = Record<keyof BankDetails, string>;

export const PAYEE_ENV_NAMES: BankDetailsNames = {
  inn: 'PAYEE_INN', personalAcc: 'PAYEE_ACCOUNT', bic: 'PAYEE_BIC', correspAcc: 'PAYEE_CORR_ACCOUNT',
};

const INN10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

/** (Σ digit × weight mod 11) mod 10: the ИНН check digit after the digits the weights cover. */
function innDigit(inn: string, weights: number[]): number {
  return (weights.reduce((sum, w, i) => sum + w * Number(inn[i]), 0) % 11) % 10;
}

/** Problem with an ИНН (10 digits: an organisation, 12: a person), or null. */
export function innProblem(inn: string): string | null {
  if (!/^(\d{10}|\d{12})$/.test(inn)) return `ИНН должен состоять из 10 или 12 цифр: «${inn}»`;
  const ok = inn.length === 10
    ? innDigit(inn, INN10) === Number(inn[9])
    : innDigit(inn, INN12_11) === Number(inn[10]) && innDigit(inn, INN12_12) === Number(inn[11]);
  return ok ? null : 'контрольная цифра ИНН не сходится';
}

/** The control key: the 23 digits weighted 7, 1, 3, 7, 1, 3, … must sum to a multiple of 10. */
function keyMatches(digits23: string): boolean {
  const weights = [7, 1, 3];
  return [...digits23].reduce((sum, d, i) => sum + Number(d) * weights[i % 3], 0) % 10 === 0;
}

function bicProblem(bic: string): string | null {
  return /^\d{9}$/.test(bic) ? null : `БИК должен состоять из 9 цифр: «${bic}»`;
}

/** Problem with a settlement account at the bank with this БИК (the key over the БИК's last 3 digits + the account), or null. */
export function settlementAccountProblem(account: string, bic: string): string | null {
  if (!/^\d{20}$/.test(account)) return `расчётный счёт должен состоять из 20 цифр: «${account}»`;
  if (bicProblem(bic)) return null; // reported for the БИК
  return keyMatches(bic.slice(-3) + account) ? null : `контрольный ключ расчётного счёта не сходится с БИК ${bic}`;
}

/** Problem with the bank's correspondent account (30101…, ends with the БИК's last 3 digits, key over "0" + БИК's 5th–6th digits + the account), or null. */
export function correspondentAccountProblem(account: string, bic: string): string | null {
  if (!/^\d{20}$/.test(account)) return `корреспондентский счёт должен состоять из 20 цифр: «${account}»`;
  if (!account.startsWith('30101')) return 'корреспондентский счёт банка должен начинаться с 30101';
  if (bicProblem(bic)) return null; // reported for the БИК
  if (account.slice(-3) !== bic.slice(-3)) return `корреспондентский счёт должен оканчиваться на последние три цифры БИК (${bic.slice(-3)})`;
  return keyMatches(`0${bic.slice(4, 6)}${account}`) ? null : `контрольный ключ корреспондентского счёта не сходится с БИК ${bic}`;
}

/**
 * Every problem with the details, each as «NAME: what is wrong»; empty when they are right.
 * An empty ИНН is let through (it is optional in the QR code); the КПП has no check digit and is left to the caller.
 */
export function bankDetailsProblems(d: BankDetails, names: BankDetailsNames = PAYEE_ENV_NAMES): string[] {
  const problems: Array<[keyof BankDetails, string | null]> = [
    ['inn', d.inn ? innProblem(d.inn) : null],
    ['personalAcc', settlementAccountProblem(d.personalAcc, d.bic)],
    ['bic', bicProblem(d.bic)],
    ['correspAcc', correspondentAccountProblem(d.correspAcc, d.bic)],
  ];
  return problems.filter(([, p]) => p !== null).map(([field, p]) => `${names[field]}: ${p}`);
}
