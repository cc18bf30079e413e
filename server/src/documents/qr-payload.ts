// Payment QR code payload per ГОСТ Р 56042-2014 ("ST00012|Key=Value|..."), read by Russian banking apps.
import { bankDetailsProblems, type BankDetailsNames } from '../common/bank-details';
import { periodToMMYYYY, toKopecks } from './ru-format';

export interface PayeeDetails {
  name: string;
  personalAcc: string;
  bankName: string;
  bic: string;
  correspAcc: string;
  inn: string;
  kpp: string;
}

export interface QrPayer {
  lastName: string;
  firstName: string;
  middleName?: string | null;
  address: string;
  accountNumber: string;
}

export interface QrPayloadInput {
  payee: PayeeDetails;
  payer: QrPayer;
  /** Rubles as a decimal string, "1044.02". Zero or less (an advance) leaves Sum out: the payer types it. */
  amount: string;
  /** Billing period "YYYY-MM". */
  period: string;
  /** Defaults to «Оплата за водоснабжение и водоотведение, л/с <account>, за MM.YYYY». */
  purpose?: string;
}

/** "ST" + version 0001 + encoding 2 (UTF-8) + the separator. */
export const QR_HEADER = 'ST00012';
/** ГОСТ Р 56042-2014 TechCode for housing and communal services. */
export const TECH_CODE_HOUSING = '02';

const MAX_NAME = 160;
const MAX_BANK_NAME = 45;
const MAX_PURPOSE = 210;

/** A value may not contain the separator nor line breaks; runs of spaces collapse. */
export function sanitizeQrValue(value: string | null | undefined): string {
  return (value ?? '').replace(/[|\r\n\t]/g, ' ').replace(/ {2,}/g, ' ').trim();
}

function fail(message: string): never {
  throw new Error(`Неверные реквизиты получателя для QR-кода: ${message}`);
}

/** The QR keys of the details common/bank-details.ts checks, to name them in its messages. */
const QR_NAMES: BankDetailsNames = { inn: 'PayeeINN', personalAcc: 'PersonalAcc', bic: 'BIC', correspAcc: 'CorrespAcc' };

/** The payee's details cleaned and checked: formats, then the ИНН's check digit and the accounts' keys, as a bank checks them. */
function checkPayee(p: PayeeDetails): PayeeDetails {
  const s = {
    name: sanitizeQrValue(p.name),
    personalAcc: sanitizeQrValue(p.personalAcc),
    bankName: sanitizeQrValue(p.bankName),
    bic: sanitizeQrValue(p.bic),
    correspAcc: sanitizeQrValue(p.correspAcc),
    inn: sanitizeQrValue(p.inn),
    kpp: sanitizeQrValue(p.kpp),
  };
  if (!s.name) fail('не указано наименование получателя (Name)');
  if (s.name.length > MAX_NAME) fail(`наименование получателя (Name) длиннее ${MAX_NAME} символов`);
  if (!/^\d{20}$/.test(s.personalAcc)) fail(`расчётный счёт (PersonalAcc) должен состоять из 20 цифр: «${p.personalAcc}»`);
  if (!s.bankName) fail('не указано наименование банка (BankName)');
  if (s.bankName.length > MAX_BANK_NAME) fail(`наименование банка (BankName) длиннее ${MAX_BANK_NAME} символов`);
  if (!/^\d{9}$/.test(s.bic)) fail(`БИК (BIC) должен состоять из 9 цифр: «${p.bic}»`);
  if (!/^\d{20}$/.test(s.correspAcc)) fail(`корреспондентский счёт (CorrespAcc) должен состоять из 20 цифр: «${p.correspAcc}»`);
  if (s.inn && !/^(\d{10}|\d{12})$/.test(s.inn)) fail(`ИНН (PayeeINN) должен состоять из 10 или 12 цифр: «${p.inn}»`);
  if (s.kpp && !/^\d{4}[0-9A-Z]{2}\d{3}$/.test(s.kpp)) fail(`КПП (KPP) должен состоять из 9 знаков: «${p.kpp}»`);
  const problems = bankDetailsProblems(s, QR_NAMES);
  if (problems.length) fail(problems.join('; '));
  return s;
}

export function buildQrPayload(a: QrPayloadInput): string {
  const payee = checkPayee(a.payee);
  const kopecks = toKopecks(a.amount);
  const paymPeriod = periodToMMYYYY(a.period);
  const account = sanitizeQrValue(a.payer.accountNumber);
  const purpose = sanitizeQrValue(
    a.purpose ?? `Оплата за водоснабжение и водоотведение, л/с ${account}, за ${paymPeriod.slice(0, 2)}.${paymPeriod.slice(2)}`,
  );
  if (purpose.length > MAX_PURPOSE) throw new Error(`Назначение платежа (Purpose) длиннее ${MAX_PURPOSE} символов`);

  const fields: Array<[string, string]> = [
    ['Name', payee.name],
    ['PersonalAcc', payee.personalAcc],
    ['BankName', payee.bankName],
    ['BIC', payee.bic],
    ['CorrespAcc', payee.correspAcc],
    ['PayeeINN', payee.inn],
    ['KPP', payee.kpp],
    ['Sum', kopecks > 0n ? kopecks.toString() : ''],
    ['Purpose', purpose],
    ['PersAcc', account],
    ['PaymPeriod', paymPeriod],
    ['LastName', sanitizeQrValue(a.payer.lastName)],
    ['FirstName', sanitizeQrValue(a.payer.firstName)],
    ['MiddleName', sanitizeQrValue(a.payer.middleName)],
    ['PayerAddress', sanitizeQrValue(a.payer.address)],
    ['TechCode', TECH_CODE_HOUSING],
  ];
  return [QR_HEADER, ...fields.filter(([, v]) => v !== '').map(([k, v]) => `${k}=${v}`)].join('|');
}
