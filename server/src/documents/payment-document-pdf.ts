// The payment document (ЕПД / квитанция) of one account for one billing period: a one-page A4 PDF
// with the payee's bank details, the payer, the charges, the balance, the meter readings and the
// ГОСТ Р 56042-2014 payment QR code.
import type { PayeeDetails } from './qr-payload';
import {
  Column, FONT, FONT_BOLD, Row, contentLeft, contentWidth, createDocument, drawTable, finish, heading, labelled,
} from './pdf-kit';
import { renderPaymentQrPng } from './payment-qr';
import {
  compareMoney, formatActivationCode, formatDate, formatMoney, formatPeriod, formatVolume3, negateMoney, sumMoney,
} from './ru-format';

export interface PaymentDocumentService {
  /** «Холодное водоснабжение», «Водоотведение», … */
  name: string;
  /** How the volume was found, printed under the name: «по показаниям», «по среднему», «по нормативу: 3 чел. × 4,900 м³». */
  note?: string | null;
  /** The unit of the volume, «м³»; null when not volume-based. */
  unit?: string | null;
  /** m³, decimal string; null when not volume-based. */
  volume: string | null;
  /** руб./м³, decimal string. */
  tariff: string | null;
  /** руб., decimal string. */
  charged: string;
}

export interface PaymentDocumentAdjustment {
  description: string;
  /** руб., signed decimal string. */
  amount: string;
}

export interface PaymentDocumentMeter {
  /** «Холодная вода», «Сток гор.воды» */
  name: string;
  serialNumber: string | null;
  previous: string | null;
  current: string | null;
  consumption: string | null;
}

export interface PaymentDocumentData {
  /** Billing period "YYYY-MM". */
  period: string;
  /** "YYYY-MM-DD" */
  issuedOn?: string | null;
  /** "YYYY-MM-DD", «Оплатить до» */
  dueDate?: string | null;
  payee: PayeeDetails & { address?: string | null; phone?: string | null; dispatcherPhone?: string | null };
  payer: {
    fullName: string;
    address: string;
    accountNumber: string;
    /** ЕЛС, 10 characters */
    unifiedNumber?: string | null;
    /** 12 digits, printed as 1234-5678-9101 */
    activationCode?: string | null;
    /** Registered residents and owners (the norm counts them). */
    residents?: number | null;
    owners?: number | null;
  };
  services: PaymentDocumentService[];
  recalculations: PaymentDocumentAdjustment[];
  penalties: PaymentDocumentAdjustment[];
  /** Debt (positive) or advance (negative) at the start of the period. */
  openingBalance: string;
  /** Payments received from the period's start to the document's date (positive). */
  paid: string;
  /** Charges of later months up to the document's date (a document for an older month); "0.00" otherwise. */
  chargedLater?: string;
  /** The balance on the document's date: positive a debt, negative an advance. */
  balance?: string;
  /** Total to pay: what is owed on the document's date (0.00 in advance), or the amount the subscriber chose. */
  totalDue: string;
  /** True when totalDue is the amount the subscriber typed. */
  amountChosen?: boolean;
  meters: PaymentDocumentMeter[];
  /** ГОСТ Р 56042-2014 string from buildQrPayload(). */
  qrPayload: string;
}

const QR_SIZE = 150;
const money = (a: string): string => formatMoney(a, { currency: 'symbol' });
const dash = (v: string | null | undefined, f: (s: string) => string = (s) => s): string => (v == null || v === '' ? '—' : f(v));

function balanceText(balance: string): string {
  const sign = compareMoney(balance, '0');
  if (sign > 0) return `${money(balance)} (задолженность)`;
  if (sign < 0) return `${money(balance)} (аванс)`;
  return money('0');
}

export async function renderPaymentDocumentPdf(d: PaymentDocumentData): Promise<Buffer> {
  const periodText = formatPeriod(d.period);
  const title = `Платёжный документ (квитанция) за ${periodText}`;
  const qrPng = await renderPaymentQrPng(d.qrPayload);
  const doc = createDocument({ title });
  const left = contentLeft(doc);
  const width = contentWidth(doc);

  // Title
  doc.font(FONT_BOLD).fontSize(14).text(title, left, doc.y, { width, align: 'center' });
  const sub = [
    `Лицевой счёт № ${d.payer.accountNumber}`,
    d.dueDate ? `оплатить до ${formatDate(d.dueDate)}` : null,
    d.issuedOn ? `сформирован ${formatDate(d.issuedOn)}` : null,
  ].filter(Boolean).join(' · ');
  doc.font(FONT).fontSize(9).text(sub, { width, align: 'center' });
  doc.moveDown(0.8);

  // Payee and payer on the left, the QR code on the right
  const top = doc.y;
  const textWidth = width - QR_SIZE - 16;
  const qrX = left + width - QR_SIZE;
  doc.image(qrPng, qrX, top, { width: QR_SIZE, height: QR_SIZE });
  doc.font(FONT).fontSize(7).text('Оплата по QR-коду в приложении банка', qrX, top + QR_SIZE + 2, { width: QR_SIZE, align: 'center' });

  const p = d.payee;
  doc.y = top;
  doc.font(FONT_BOLD).fontSize(10).text('Получатель платежа', left, top, { width: textWidth });
  doc.moveDown(0.2);
  doc.font(FONT_BOLD).fontSize(9).text(p.name, left, doc.y, { width: textWidth });
  labelled(doc, 'ИНН / КПП', `${p.inn} / ${p.kpp}`, left, textWidth);
  labelled(doc, 'Расчётный счёт', p.personalAcc, left, textWidth);
  labelled(doc, 'Банк', p.bankName, left, textWidth);
  labelled(doc, 'БИК', `${p.bic}   Корр. счёт: ${p.correspAcc}`, left, textWidth);
  if (p.address) labelled(doc, 'Адрес', p.address, left, textWidth);
  if (p.phone) labelled(doc, 'Телефон', p.phone, left, textWidth);
  if (p.dispatcherPhone) labelled(doc, 'Аварийно-диспетчерская служба', p.dispatcherPhone, left, textWidth);

  doc.moveDown(0.6);
  doc.font(FONT_BOLD).fontSize(10).text('Плательщик', left, doc.y, { width: textWidth });
  doc.moveDown(0.2);
  labelled(doc, 'ФИО', d.payer.fullName, left, textWidth);
  labelled(doc, 'Адрес', d.payer.address, left, textWidth);
  labelled(doc, 'Лицевой счёт', d.payer.accountNumber, left, textWidth);
  if (d.payer.unifiedNumber) labelled(doc, 'Единый лицевой счёт ЖКХ (ЕЛС)', d.payer.unifiedNumber, left, textWidth);
  if (d.payer.activationCode) labelled(doc, 'Код активации ЛК', formatActivationCode(d.payer.activationCode), left, textWidth);
  if (d.payer.residents != null) {
    const owners = d.payer.owners != null ? `, собственников: ${d.payer.owners}` : '';
    labelled(doc, 'Зарегистрировано проживающих', `${d.payer.residents}${owners}`, left, textWidth);
  }
  doc.y = Math.max(doc.y, top + QR_SIZE + 14) + 10;

  // Balance summary
  const charged = sumMoney([
    ...d.services.map((s) => s.charged),
    ...d.recalculations.map((r) => r.amount),
    ...d.penalties.map((r) => r.amount),
  ]);
  const issued = d.issuedOn ? formatDate(d.issuedOn) : null;
  const balance = d.balance ?? d.totalDue;
  heading(doc, `Расчёт суммы к оплате за ${periodText}`);
  const summary: Row[] = [
    { cells: ['Задолженность/аванс на начало периода', balanceText(d.openingBalance)] },
    { cells: ['Начислено за период (с перерасчётами и пени)', money(charged)] },
  ];
  if (d.chargedLater && compareMoney(d.chargedLater, '0') !== 0) {
    summary.push({ cells: ['Начислено за следующие месяцы', money(d.chargedLater)] });
  }
  summary.push({ cells: [issued ? `Оплачено с начала периода по ${issued}` : 'Оплачено', money(d.paid)] });
  summary.push({ cells: [issued ? `Задолженность/аванс на ${issued}` : 'Задолженность/аванс', balanceText(balance)] });
  const due = compareMoney(d.totalDue, '0') > 0 ? d.totalDue : '0.00';
  summary.push({ cells: [d.amountChosen ? 'Итого к оплате (сумма указана плательщиком)' : 'Итого к оплате', money(due)], bold: true, shade: true });
  if (compareMoney(balance, '0') < 0) {
    summary.push({ cells: ['Внесён аванс на сумму', money(negateMoney(balance))] });
  }
  drawTable(doc, [
    { header: 'Показатель', width: width - 160 },
    { header: 'Сумма', width: 160, align: 'right' },
  ], summary, { fontSize: 9 });

  // Services
  heading(doc, 'Начисления за коммунальные услуги');
  const serviceColumns: Column[] = [
    { header: 'Услуга', width: width - 310 },
    { header: 'Ед. изм.', width: 40 },
    { header: 'Объём', width: 80, align: 'right' },
    { header: 'Тариф, руб./ед.', width: 90, align: 'right' },
    { header: 'Начислено, руб.', width: 100, align: 'right' },
  ];
  // The close's own lines already say «Перерасчёт …» and «Пени: …»; others get the word in front.
  const withWord = (word: string, description: string) => (description.startsWith(word) ? description : `${word}: ${description}`);
  const serviceRows: Row[] = [
    ...d.services.map((s) => ({
      cells: [
        s.note ? `${s.name}\n(${s.note})` : s.name,
        dash(s.unit),
        dash(s.volume, formatVolume3),
        dash(s.tariff, (t) => formatMoney(t)),
        formatMoney(s.charged),
      ],
    })),
    ...d.recalculations.map((r) => ({ cells: [withWord('Перерасчёт', r.description), '', '', '', formatMoney(r.amount)] })),
    ...d.penalties.map((r) => ({ cells: [withWord('Пени', r.description), '', '', '', formatMoney(r.amount)] })),
    { cells: ['Всего начислено за период', '', '', '', formatMoney(charged)], bold: true },
  ];
  drawTable(doc, serviceColumns, serviceRows, { fontSize: 8.5 });

  // Meter readings
  heading(doc, 'Показания приборов учёта');
  drawTable(doc, [
    { header: 'Прибор учёта', width: width - 340 },
    { header: 'Зав. №', width: 100 },
    { header: 'Предыдущие', width: 80, align: 'right' },
    { header: 'Текущие', width: 80, align: 'right' },
    { header: 'Расход, м³', width: 80, align: 'right' },
  ], d.meters.length
    ? d.meters.map((m) => ({
      cells: [m.name, dash(m.serialNumber), dash(m.previous, formatVolume3), dash(m.current, formatVolume3), dash(m.consumption, formatVolume3)],
    }))
    : [{ cells: ['Приборы учёта не зарегистрированы', '', '', '', ''] }], { fontSize: 8.5 });

  // Footer
  doc.moveDown(0.4);
  doc.font(FONT).fontSize(7.5).fillColor('#333333').text(
    'Показания приборов учёта передавайте в Личном кабинете абонента. Оплатить можно в Личном кабинете банковской картой, '
    + 'по QR-коду в приложении банка или по реквизитам получателя. При оплате по реквизитам укажите номер лицевого счёта и период.',
    left, doc.y, { width },
  );
  doc.fillColor('#000000');

  return finish(doc);
}
