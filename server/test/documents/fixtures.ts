// Demo data for the document tests: the seed's account, charges and payment.
import type { LedgerReportData } from '../../src/documents/ledger-report';
import type { PaymentDocumentData } from '../../src/documents/payment-document-pdf';
import { buildQrPayload, type PayeeDetails, type QrPayer } from '../../src/documents/qr-payload';

export const payee: PayeeDetails = {
  name: 'АО «Апатитыводоканал»',
  personalAcc: '40702810700000000123',
  bankName: 'КОЛЬСКОЕ ОТДЕЛЕНИЕ N8627 ПАО СБЕРБАНК',
  bic: '044799865',
  correspAcc: '30101810900000000865',
  inn: '5118000004',
  kpp: '510101001',
};

export const payer: QrPayer = {
  lastName: 'Иванов',
  firstName: 'Иван',
  middleName: 'Иванович',
  address: 'г. Апатиты, ул. Ленина, д. 1, кв. 1',
  accountNumber: '123456789101',
};

export function paymentDocument(overrides: Partial<PaymentDocumentData> = {}): PaymentDocumentData {
  const qrPayload = buildQrPayload({ payee, payer, amount: '1044.02', period: '2020-01' });
  return {
    period: '2020-01',
    issuedOn: '2020-02-01',
    dueDate: '2020-02-15',
    payee: { ...payee, address: '184209, Мурманская обл., г. Апатиты, ул. Энергетическая, д. 15', phone: '+7 (81555) 6-00-00' },
    payer: {
      fullName: 'Иванов Иван Иванович',
      address: payer.address,
      accountNumber: payer.accountNumber,
      unifiedNumber: '9088358428',
      activationCode: '123456789101',
    },
    services: [
      { name: 'Холодное водоснабжение', note: 'по показаниям', volume: '5', tariff: '41.35', charged: '206.75' },
      { name: 'Горячее водоснабжение (теплоноситель)', note: 'по показаниям', volume: '4', tariff: '41.35', charged: '165.40' },
      { name: 'Водоотведение', note: 'ХВС + ГВС', volume: '9', tariff: '74.43', charged: '669.87' },
    ],
    recalculations: [{ description: 'за декабрь 2019 по показаниям', amount: '1.50' }],
    penalties: [{ description: 'за просрочку оплаты', amount: '0.50' }],
    openingBalance: '0.00',
    paid: '0.00',
    totalDue: '1044.02',
    meters: [
      { name: 'Сток гор.воды', serialNumber: '17-123456', previous: '236', current: '240', consumption: '4' },
      { name: 'Холодная вода', serialNumber: '17-654321', previous: '400', current: '405', consumption: '5' },
    ],
    qrPayload,
    ...overrides,
  };
}

export function ledgerReport(overrides: Partial<LedgerReportData> = {}): LedgerReportData {
  return {
    account: { number: '123456789101', fullName: 'Иванов Иван Иванович', address: payer.address },
    from: '2020-01-01',
    to: '2020-03-31',
    openingBalance: '0.00',
    closingBalance: '-2890.64',
    totalCharged: '241.42',
    totalPaid: '3132.06',
    entries: [
      { date: '2020-03-31', kind: 'RECALCULATION', period: '2020-03', description: 'Перерасчёт по показаниям', amount: '-1846.62' },
      { date: '2020-03-16', kind: 'PAYMENT', period: null, description: 'Оплата банковской картой', amount: '-3132.06' },
      { date: '2020-02-29', kind: 'CHARGE', period: '2020-02', description: 'Начисление за февраль', amount: '1044.02' },
      { date: '2020-01-31', kind: 'CHARGE', period: '2020-01', description: 'Начисление за январь', amount: '1044.02' },
    ],
    ...overrides,
  };
}
