/**
 * Account.paymentDocument and the PDF behind its pdfUrl: the amount due after the period's
 * charges, the ГОСТ Р 56042-2014 QR payload, and a PDF filled from the ledger and the readings.
 */
import { Account } from '../../src/accounts/account.entity';
import { periodOf, previousPeriod } from '../../src/common/calendar';
import { LedgerEntryKind, MeterKind, ReadingSource, ReadingStatus } from '../../src/common/enums';
import { config } from '../../src/config';
import { LedgerEntry } from '../../src/ledger/ledger-entry.entity';
import { Meter } from '../../src/readings/meter.entity';
import { Reading } from '../../src/readings/reading.entity';
import { seedDemoData } from '../../src/seed/demo-data';
import { codeOf, startTestApi, type TestApi } from '../support/api';
import { pdfText, squash } from '../documents/pdf-text';
import { ANNA, IVAN, givePassword, staffToken, subscriberToken } from './helpers';

const DOC = `query($p: Period) { me { paymentDocument(period: $p) { period amount qrPayload pdfUrl } } }`;
const STAFF_DOC = `query($n: String!, $p: Period) { account(number: $n) { paymentDocument(period: $p) { period amount pdfUrl } } }`;

/** A third account with a hand-made February 2020: charges by service, a recalculation, a penalty, payments and readings. */
const PETROV = { number: '200000000003', password: 'Petrov-Payments-2026' };

let t: TestApi;
let ivan: string;
let anna: string;
let petrov: string;
let staff: string;
const now = new Date();
const last = previousPeriod(periodOf(now));
const beforeLast = previousPeriod(last);
const third = previousPeriod(beforeLast);
const mmyyyy = (period: string) => `${period.slice(5, 7)}${period.slice(0, 4)}`;

async function addPetrov(): Promise<void> {
  const db = t.database.db;
  const account = await db.getRepository(Account).save(db.getRepository(Account).create({
    number: PETROV.number, lastName: 'Петров', firstName: 'Пётр', middleName: null, address: 'г. Апатиты, ул. Лесная, д. 3, кв. 7',
    activationCode: '111122223333', residents: 1,
  }));
  const [cold, hot] = await db.getRepository(Meter).save([
    db.getRepository(Meter).create({ accountId: account.id, kind: MeterKind.COLD_WATER, title: 'Холодная вода', serialNumber: 'CW-2020-1', admittedOn: '2019-01-10', verificationDueOn: '2031-01-10', initialValue: '0' }),
    db.getRepository(Meter).create({ accountId: account.id, kind: MeterKind.HOT_WATER, title: 'Горячая вода', serialNumber: 'HW-2020-2', admittedOn: '2019-01-10', verificationDueOn: '2031-01-10', initialValue: '0' }),
  ]);
  const reading = (meterId: number, period: string, value: string, status: ReadingStatus) => ({
    meterId, period, value, status, consumption: null, source: ReadingSource.SITE, submittedAt: new Date(`${period}-20T10:00:00Z`),
  });
  await db.getRepository(Reading).insert([
    reading(cold.id, '2020-01', '100', ReadingStatus.ACCEPTED),
    reading(cold.id, '2020-02', '104', ReadingStatus.SUPERSEDED),
    reading(cold.id, '2020-02', '105.5', ReadingStatus.ACCEPTED),
    reading(cold.id, '2020-02', '999', ReadingStatus.REJECTED),
    reading(cold.id, '2020-03', '110', ReadingStatus.ACCEPTED),
    reading(hot.id, '2019-11', '50.25', ReadingStatus.ACCEPTED),
    reading(hot.id, '2020-02', '53', ReadingStatus.PENDING),
  ]);
  const entry = (date: string, kind: LedgerEntryKind, period: string, description: string, amount: string, extra: Partial<LedgerEntry> = {}) => ({
    accountId: account.id, date, kind, period, description, amount, externalId: null, ...extra,
  });
  await db.getRepository(LedgerEntry).insert([
    entry('2020-01-31', LedgerEntryKind.CHARGE, '2020-01', 'Начислено за январь', '1000.00'),
    entry('2020-02-10', LedgerEntryKind.PAYMENT, '2020-02', 'Оплата через банк', '-600.00'),
    entry('2020-02-29', LedgerEntryKind.CHARGE, '2020-02', 'ХВС', '206.75', { service: 'COLD_WATER', volume: '5.000', tariff: '41.35' }),
    entry('2020-02-29', LedgerEntryKind.CHARGE, '2020-02', 'ГВС', '800.00', { service: 'HOT_WATER', volume: '4.000', tariff: '200.00' }),
    entry('2020-02-29', LedgerEntryKind.CHARGE, '2020-02', 'ВО', '270.00', { service: 'WASTEWATER', volume: '9.000', tariff: '30.00' }),
    entry('2020-02-29', LedgerEntryKind.CHARGE, '2020-02', 'Обслуживание прибора учёта', '15.00'),
    entry('2020-02-29', LedgerEntryKind.RECALCULATION, '2020-02', 'по показаниям за январь', '-10.00'),
    entry('2020-02-29', LedgerEntryKind.PENALTY, '2020-02', 'за просрочку оплаты', '1.50'),
    entry('2020-03-05', LedgerEntryKind.PAYMENT, '2020-03', 'Оплата через банк', '-100.00'),
  ]);
}

beforeAll(async () => {
  t = await startTestApi();
  await seedDemoData(t.database.db, now);
  await addPetrov();
  await givePassword(t.database.db, IVAN.number, IVAN.password);
  await givePassword(t.database.db, PETROV.number, PETROV.password);
  ivan = await subscriberToken(t, IVAN.number, IVAN.password);
  anna = await subscriberToken(t, ANNA.number, ANNA.password);
  petrov = await subscriberToken(t, PETROV.number, PETROV.password);
  staff = await staffToken(t);
});
afterAll(() => t?.stop());

function getPdf(url: string, token: string | null) {
  return fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

describe('Account.paymentDocument', () => {
  it('defaults to the latest closed period, with the amount due after its charges', async () => {
    const res = await t.gql(DOC, {}, ivan);
    expect(res.errors).toBeUndefined();
    const doc = res.data.me.paymentDocument;
    // Two charges of 1044.02 by the end of the period before last; the payment and the recalculation come later.
    expect(doc.period).toBe(beforeLast);
    expect(doc.amount).toBe('2088.04');
    expect(doc.pdfUrl).toBe(`${config().publicUrl}/documents/payment-document.pdf?period=${beforeLast}`);
  });

  it('has the exact ГОСТ Р 56042-2014 payload for the demo account', async () => {
    const { qrPayload } = (await t.gql(DOC, {}, ivan)).data.me.paymentDocument;
    const p = config().payee;
    expect(qrPayload).toBe([
      'ST00012',
      `Name=${p.name}`,
      `PersonalAcc=${p.personalAcc}`,
      `BankName=${p.bankName}`,
      `BIC=${p.bic}`,
      `CorrespAcc=${p.correspAcc}`,
      `PayeeINN=${p.inn}`,
      `KPP=${p.kpp}`,
      'Sum=208804',
      `Purpose=Оплата за водоснабжение и водоотведение, л/с 123456789101, за ${beforeLast.slice(5, 7)}.${beforeLast.slice(0, 4)}`,
      'PersAcc=123456789101',
      `PaymPeriod=${mmyyyy(beforeLast)}`,
      'LastName=Иванов',
      'FirstName=Иван',
      'MiddleName=Иванович',
      'PayerAddress=Мурманская обл., г. Апатиты, ул. Ленина, д. 1, кв. 1',
      'TechCode=02',
    ].join('|'));
    const keys = qrPayload.split('|').slice(1).map((kv: string) => kv.split('=')[0]);
    expect(keys.slice(0, 5)).toEqual(['Name', 'PersonalAcc', 'BankName', 'BIC', 'CorrespAcc']);
    expect(keys).not.toContain('PaymentPeriod');
  });

  it('takes a period; one without charges is NOT_FOUND', async () => {
    const first = (await t.gql(DOC, { p: third }, ivan)).data.me.paymentDocument;
    expect(first).toMatchObject({ period: third, amount: '1044.02' });
    expect(first.qrPayload).toContain(`|Sum=104402|`);
    expect(first.qrPayload).toContain(`|PaymPeriod=${mmyyyy(third)}|`);
    const none = await t.gql(DOC, { p: last }, ivan);
    expect(codeOf(none)).toBe('NOT_FOUND');
    expect(none.errors![0].extensions!.field).toBe('period');
    expect(none.errors![0].message).toMatch(/[а-яё]/i);
    expect(codeOf(await t.gql(DOC, { p: '2020-13' }, ivan))).toBe('BAD_USER_INPUT');
  });

  it('counts penalties and payments by date: the registered demo account', async () => {
    const doc = (await t.gql(DOC, {}, anna)).data.me.paymentDocument;
    // 1387.45 − 1387.45 + 1412.30 + 12.87
    expect(doc).toMatchObject({ period: last, amount: '1425.17' });
    expect(doc.qrPayload).toContain('|Sum=142517|');
    expect(doc.qrPayload).toContain(`|PersAcc=${ANNA.number}|`);
  });

  it('for staff, the pdfUrl names the account', async () => {
    const res = await t.gql(STAFF_DOC, { n: IVAN.number }, staff);
    expect(res.errors).toBeUndefined();
    expect(res.data.account.paymentDocument).toEqual({
      period: beforeLast,
      amount: '2088.04',
      pdfUrl: `${config().publicUrl}/documents/payment-document.pdf?period=${beforeLast}&account=${IVAN.number}`,
    });
  });
});

describe('GET /documents/payment-document.pdf', () => {
  const url = (query: string) => `${t.url}/documents/payment-document.pdf?${query}`;

  it('serves the subscriber\'s own document as a PDF with the account number and the total', async () => {
    const res = await getPdf(url(`period=${beforeLast}`), ivan);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = squash((await pdfText(pdf)).text);
    for (const s of [
      'Лицевой счёт № 123456789101',
      'Лицевой счёт: 123456789101',
      'ФИО: Иванов Иван Иванович',
      'Код активации ЛК: 1234-5678-9101',
      'Единый лицевой счёт ЖКХ (ЕЛС): 9088358428',
      `Расчётный счёт: ${config().payee.personalAcc}`,
      'Задолженность/аванс на начало периода 1 044,02 ₽ (задолженность)',
      'Оплачено 0,00 ₽',
      'Итого к оплате 2 088,04 ₽',
      'Начислено за водоснабжение и водоотведение — — 1 044,02',
      'Сток гор.воды 17-0412345 — 236 —',
      'Холодная вода 17-0412346 — 400 —',
    ]) expect(text).toContain(s);
  });

  it('fills services, recalculations, penalties, payments and readings from the database', async () => {
    const doc = (await t.gql(DOC, { p: '2020-02' }, petrov)).data.me.paymentDocument;
    // 1000.00 + (206.75 + 800.00 + 270.00 + 15.00 − 10.00 + 1.50) − 600.00; the March payment is not counted.
    expect(doc.amount).toBe('1683.25');
    const res = await getPdf(doc.pdfUrl.replace(config().publicUrl, t.url), petrov);
    expect(res.status).toBe(200);
    const text = squash((await pdfText(Buffer.from(await res.arrayBuffer()))).text);
    for (const s of [
      'Платёжный документ (квитанция) за февраль 2020',
      'оплатить до 15.03.2020',
      'ФИО: Петров Пётр',
      'Код активации ЛК: 1111-2222-3333',
      'Задолженность/аванс на начало периода 1 000,00 ₽ (задолженность)',
      'Начислено за период (с перерасчётами и пени) 1 283,25 ₽',
      'Оплачено 600,00 ₽',
      'Итого к оплате 1 683,25 ₽',
      'Холодное водоснабжение 5 41,35 206,75',
      'Горячее водоснабжение 4 200,00 800,00',
      'Водоотведение 9 30,00 270,00',
      'Обслуживание прибора учёта — — 15,00',
      'Перерасчёт: по показаниям за январь -10,00',
      'Пени: за просрочку оплаты 1,50',
      'Холодная вода CW-2020-1 100 105,5 5,5',
      'Горячая вода HW-2020-2 50,25 — —',
    ]) expect(text).toContain(s);
    expect(text).not.toContain('999');
  });

  it('shows an advance as nothing to pay, with no Sum in the QR code', async () => {
    await t.gql(
      `mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { id } }`,
      { i: { accountNumber: PETROV.number, amount: '2000.00', paidOn: '2020-02-20', externalId: 'petrov-advance' } },
      staff,
    );
    const doc = (await t.gql(DOC, { p: '2020-02' }, petrov)).data.me.paymentDocument;
    expect(doc.amount).toBe('0.00');
    expect(doc.qrPayload).not.toMatch(/\|Sum=/);
    const text = squash((await pdfText(Buffer.from(await (await getPdf(url('period=2020-02'), petrov)).arrayBuffer()))).text);
    expect(text).toContain('Итого к оплате 0,00 ₽');
    expect(text).toContain('Внесён аванс на сумму 316,75 ₽');
  });

  it('refuses another subscriber\'s document, and asks for a sign-in without a token', async () => {
    const other = await getPdf(url(`period=${beforeLast}&account=${IVAN.number}`), anna);
    expect(other.status).toBe(403);
    expect(((await other.json()) as any).errors[0].extensions.code).toBe('FORBIDDEN');
    const own = await getPdf(url(`account=${ANNA.number}`), anna);
    expect(own.status).toBe(200);

    const anonymous = await getPdf(url(`period=${beforeLast}`), null);
    expect(anonymous.status).toBe(401);
    const body = (await anonymous.json()) as any;
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(body)).not.toMatch(/stack|\.ts:/);
    expect((await getPdf(url(`period=${beforeLast}`), 'not.a.jwt')).status).toBe(401);
  });

  it('lets staff open any account\'s document by number', async () => {
    const res = await getPdf(url(`period=${beforeLast}&account=${IVAN.number}`), staff);
    expect(res.status).toBe(200);
    expect(squash((await pdfText(Buffer.from(await res.arrayBuffer()))).text)).toContain('Лицевой счёт: 123456789101');
    expect((await getPdf(url(`period=${beforeLast}`), staff)).status).toBe(400);
    expect((await getPdf(url(`period=${beforeLast}&account=999999999999`), staff)).status).toBe(404);
  });

  it('answers 404 for a period without charges and 400 for a malformed one', async () => {
    const none = await getPdf(url(`period=${last}`), ivan);
    expect(none.status).toBe(404);
    expect(((await none.json()) as any).errors[0].extensions).toEqual({ code: 'NOT_FOUND', field: 'period' });
    expect((await getPdf(url('period=2020-1'), ivan)).status).toBe(400);
  });
});

