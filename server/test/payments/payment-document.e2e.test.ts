/**
 * Account.paymentDocument and the PDF behind its pdfUrl: the total to pay is what is owed on the
 * document's date (0,00 in advance, no Sum in the QR), or the amount the subscriber typed; the
 * ГОСТ Р 56042-2014 QR payload; a PDF filled from the ledger and the readings (Приказ Минстроя 43/пр).
 * The demo data is seeded as of 01.12.2026, so every figure below is computed by hand.
 */
import { Account } from '../../src/accounts/account.entity';
import { LedgerEntryKind, MeterKind, ReadingSource, ReadingStatus } from '../../src/common/enums';
import { config } from '../../src/config';
import { LedgerEntry } from '../../src/ledger/ledger-entry.entity';
import { Meter } from '../../src/readings/meter.entity';
import { Reading } from '../../src/readings/reading.entity';
import { seedDemoData } from '../../src/seed/demo-data';
import { codeOf, startTestApi, type TestApi } from '../support/api';
import { pdfText, squash } from '../documents/pdf-text';
import { ANNA, IVAN, givePassword, staffToken, subscriberToken } from './helpers';

const DOC = `query($p: Period, $a: Decimal) { me { paymentDocument(period: $p, amount: $a) { period issuedOn amount amountDue advance amountChosen qrPayload pdfUrl } } }`;
const STAFF_DOC = `query($n: String!, $p: Period) { account(number: $n) { paymentDocument(period: $p) { period amount pdfUrl } } }`;

/** A third account with a hand-made February 2020: charges by service, a recalculation, a penalty, payments and readings. */
const PETROV = { number: '200000000003', password: 'Petrov-Payments-2026' };

let t: TestApi;
let ivan: string;
let anna: string;
let petrov: string;
let staff: string;
const now = new Date('2026-12-01T10:00:00+03:00');
const last = '2026-11';
const beforeLast = '2026-10';
const third = '2026-09';
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
  t.api.services.clock.set(now);
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
  it('asks what is owed on its date: an account in advance (2 890,64) gets 0,00 and no Sum — whatever the month', async () => {
    // Before: the October document asked «Итого к оплате 2 088,04» (the balance at the end of October) with Sum=208804.
    for (const period of [undefined, beforeLast, third]) {
      const res = await t.gql(DOC, { p: period }, ivan);
      expect(res.errors).toBeUndefined();
      const doc = res.data.me.paymentDocument;
      expect(doc).toMatchObject({ period: period ?? last, issuedOn: '2026-12-01', amount: '0.00', amountDue: '0.00', advance: '2890.64', amountChosen: false });
      expect(doc.qrPayload).not.toMatch(/\|Sum=/);
    }
    const doc = (await t.gql(DOC, {}, ivan)).data.me.paymentDocument;
    expect(doc.pdfUrl).toBe(`${config().publicUrl}/documents/payment-document.pdf?period=${last}`);
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
      'Purpose=Оплата за водоснабжение и водоотведение, л/с 123456789101, за 11.2026',
      'PersAcc=123456789101',
      'PaymPeriod=112026',
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

  it('the amount the subscriber types («Сумму можно изменить») goes into the document and its QR', async () => {
    const doc = (await t.gql(DOC, { p: beforeLast, a: '1500' }, ivan)).data.me.paymentDocument;
    expect(doc).toMatchObject({ period: beforeLast, amount: '1500.00', amountDue: '0.00', advance: '2890.64', amountChosen: true });
    expect(doc.qrPayload).toContain('|Sum=150000|');
    expect(doc.qrPayload).toContain('|PaymPeriod=102026|');
    expect(doc.pdfUrl).toBe(`${config().publicUrl}/documents/payment-document.pdf?period=${beforeLast}&amount=1500.00`);
    const text = squash((await pdfText(Buffer.from(await (await getPdf(doc.pdfUrl.replace(config().publicUrl, t.url), ivan)).arrayBuffer()))).text);
    expect(text).toContain('Итого к оплате (сумма указана плательщиком) 1 500,00 ₽');
    for (const [amount, message] of [['-5', /положительной/], ['0', /от 1,00 до 500 000,00/], ['12.345', /копейки/], ['600000', /от 1,00 до 500 000,00/]] as const) {
      const bad = await t.gql(DOC, { a: amount }, ivan);
      expect(codeOf(bad)).toBe('BAD_USER_INPUT');
      expect(bad.errors![0].extensions!.field).toBe('amount');
      expect(bad.errors![0].message).toMatch(message);
    }
    expect((await getPdf(`${t.url}/documents/payment-document.pdf?period=${beforeLast}&amount=-5`, ivan)).status).toBe(400);
  });

  it('takes a period; one without charges is NOT_FOUND', async () => {
    const first = (await t.gql(DOC, { p: third }, ivan)).data.me.paymentDocument;
    expect(first).toMatchObject({ period: third, amount: '0.00' });
    expect(first.qrPayload).toContain(`|PaymPeriod=${mmyyyy(third)}|`);
    const none = await t.gql(DOC, { p: '2026-05' }, ivan);
    expect(codeOf(none)).toBe('NOT_FOUND');
    expect(none.errors![0].extensions!.field).toBe('period');
    expect(none.errors![0].message).toMatch(/[а-яё]/i);
    expect(codeOf(await t.gql(DOC, { p: '2020-13' }, ivan))).toBe('BAD_USER_INPUT');
  });

  it('the registered demo account owes last month\'s bill: 5,65 + 3,35 m³ → 254,93 + 715,56 + 357,93 = 1 328,42', async () => {
    const doc = (await t.gql(DOC, {}, anna)).data.me.paymentDocument;
    expect(doc).toMatchObject({ period: last, amount: '1328.42', amountDue: '1328.42', advance: '0.00' });
    expect(doc.qrPayload).toContain('|Sum=132842|');
    expect(doc.qrPayload).toContain(`|PersAcc=${ANNA.number}|`);
  });

  it('for staff, the pdfUrl names the account', async () => {
    const res = await t.gql(STAFF_DOC, { n: IVAN.number }, staff);
    expect(res.errors).toBeUndefined();
    expect(res.data.account.paymentDocument).toEqual({
      period: last,
      amount: '0.00',
      pdfUrl: `${config().publicUrl}/documents/payment-document.pdf?period=${last}&account=${IVAN.number}`,
    });
  });
});

describe('GET /documents/payment-document.pdf', () => {
  const url = (query: string) => `${t.url}/documents/payment-document.pdf?${query}`;
  const textOf = async (query: string, token: string) => squash((await pdfText(Buffer.from(await (await getPdf(url(query), token)).arrayBuffer()))).text);

  it('serves the subscriber\'s own document as a PDF: balance on its date, advance, residents, dispatcher, readings to 3 decimals', async () => {
    const res = await getPdf(url(`period=${last}`), ivan);
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
      'Зарегистрировано проживающих: 2, собственников: 1',
      `Расчётный счёт: ${config().payee.personalAcc}`,
      'Аварийно-диспетчерская служба: +7 (81555) 6-11-11',
      // Opening: 1 044,02 × 2 + 2 656,19 + (1 459,68 − 2 656,19) charged − (1 044,02 × 2 + 2 656,19) paid = −1 196,51.
      'Задолженность/аванс на начало периода -1 196,51 ₽ (аванс)',
      'Начислено за период (с перерасчётами и пени) 1 437,93 ₽',
      'Оплачено с начала периода по 01.12.2026 3 132,06 ₽',
      'Задолженность/аванс на 01.12.2026 -2 890,64 ₽ (аванс)',
      'Итого к оплате 0,00 ₽',
      'Внесён аванс на сумму 2 890,64 ₽',
      'м³ 5,000 45,12 225,60',
      'м³ 4,000 213,60 854,40',
      'м³ 9,000 39,77 357,93',
      'Сток гор.воды 17-0412345 236,000 240,000 4,000',
      'Холодная вода 17-0412346 400,000 405,000 5,000',
    ]) expect(text).toContain(s);
  });

  it('a month with readings back after a month by norm: the recalculation lines once, with what they take back', async () => {
    const text = await textOf(`period=${beforeLast}`, ivan);
    for (const s of [
      'м³ 12,121 45,12 546,90',
      'м³ 1,700 213,60 363,12',
      'м³ 13,821 39,77 549,66',
      'Перерасчёт за сентябрь 2026 (п.61 ПП №354): Холодное водоснабжение -9,800 м³ × 45,12 ₽ по нормативу, учтено по показаниям -442,18',
      'Перерасчёт за сентябрь 2026 (п.61 ПП №354): Горячее водоснабжение -7,200 м³ × 213,60 ₽ по нормативу, учтено по показаниям -1 537,92',
      'Сток гор.воды 17-0412345 234,300 236,000 1,700',
      'Холодная вода 17-0412346 387,879 400,000 12,121',
    ]) expect(text).toContain(s);
    expect(text).not.toContain('Перерасчёт: Перерасчёт');
  });

  it('a month by norm names the norm and the residents on its lines', async () => {
    const text = await textOf(`period=${third}`, ivan);
    expect(text).toContain('по нормативу: 2 чел. × 4,900 м³');
    expect(text).toContain('м³ 9,800 45,12 442,18');
    expect(text).toContain('по нормативу: 2 чел. × 3,600 м³');
    expect(text).toContain('м³ 7,200 213,60 1 537,92');
  });

  it('a penalty is printed once, with its basis: 1 307,26 ₽ paid 35 days late', async () => {
    const text = await textOf(`period=${beforeLast}`, anna);
    // August's bill (5,55 + 3,3 m³: 250,42 + 704,88 + 351,96), due 15.09, paid 20.10: days 31–35 in October.
    expect(text).toContain('Пени: 1 307,26 ₽ × 5 дн. × 1/300 × 9,5 % 2,07');
    expect(text).not.toContain('Пени: Пени');
  });

  it('fills services, recalculations, penalties, payments and readings from the database', async () => {
    const doc = (await t.gql(DOC, { p: '2020-02' }, petrov)).data.me.paymentDocument;
    // What is owed today: 1000.00 + (206.75 + 800.00 + 270.00 + 15.00 − 10.00 + 1.50) − 600.00 − 100.00 (March).
    expect(doc.amount).toBe('1583.25');
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
      'Оплачено с начала периода по 01.12.2026 700,00 ₽',
      'Итого к оплате 1 583,25 ₽',
      'Холодное водоснабжение м³ 5,000 41,35 206,75',
      'Горячее водоснабжение м³ 4,000 200,00 800,00',
      'Водоотведение м³ 9,000 30,00 270,00',
      'Обслуживание прибора учёта — — — 15,00',
      'Перерасчёт: по показаниям за январь -10,00',
      'Пени: за просрочку оплаты 1,50',
      'Холодная вода CW-2020-1 100,000 105,500 5,500',
      'Горячая вода HW-2020-2 50,250 — —',
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
    expect(doc).toMatchObject({ amount: '0.00', advance: '416.75' });
    expect(doc.qrPayload).not.toMatch(/\|Sum=/);
    const text = await textOf('period=2020-02', petrov);
    expect(text).toContain('Итого к оплате 0,00 ₽');
    expect(text).toContain('Внесён аванс на сумму 416,75 ₽');
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
    const none = await getPdf(url('period=2026-05'), ivan);
    expect(none.status).toBe(404);
    expect(((await none.json()) as any).errors[0].extensions).toEqual({ code: 'NOT_FOUND', field: 'period' });
    expect((await getPdf(url('period=2020-1'), ivan)).status).toBe(400);
  });
});

