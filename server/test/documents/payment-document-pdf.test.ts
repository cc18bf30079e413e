import jsQR from 'jsqr';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { renderPaymentDocumentPdf } from '../../src/documents/payment-document-pdf';
import { buildQrPayload } from '../../src/documents/qr-payload';
import { paymentDocument, payee, payer } from './fixtures';
import { extractImages, type RgbaImage } from './pdf-images';
import { pdfText, squash } from './pdf-text';

/** Decodes a QR code image; the payload is UTF-8 (encoding 2 of ГОСТ Р 56042-2014). */
function decodeQr(img: RgbaImage): string | null {
  const qr = jsQR(img.data, img.width, img.height);
  return qr ? Buffer.from(qr.binaryData).toString('utf8') : null;
}

function qrFromPdf(pdf: Buffer): string | null {
  const images = extractImages(pdf);
  expect(images).toHaveLength(1);
  return decodeQr(images[0]);
}

describe('renderPaymentDocumentPdf', () => {
  const data = paymentDocument();
  let pdf: Buffer;
  let text: string;
  let pages: number;

  beforeAll(async () => {
    pdf = await renderPaymentDocumentPdf(data);
    ({ text, pages } = await pdfText(pdf));
    text = squash(text);
  });

  test('is a one-page PDF', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pages).toBe(1);
  });

  test('shows the title, payee, payer and activation code in Cyrillic', () => {
    for (const s of [
      'Платёжный документ (квитанция) за январь 2020',
      'оплатить до 15.02.2020',
      'Получатель платежа', 'АО «Апатитыводоканал»', 'ИНН / КПП: 5118000004 / 510101001',
      'Расчётный счёт: 40702810700000000123', 'Банк: КОЛЬСКОЕ ОТДЕЛЕНИЕ N8627 ПАО СБЕРБАНК',
      'БИК: 044799865', 'Корр. счёт: 30101810900000000865',
      'Плательщик', 'ФИО: Иванов Иван Иванович', 'Адрес: г. Апатиты, ул. Ленина, д. 1, кв. 1',
      'Лицевой счёт: 123456789101', 'Единый лицевой счёт ЖКХ (ЕЛС): 9088358428', 'Код активации ЛК: 1234-5678-9101',
    ]) expect(text).toContain(s);
  });

  test('shows the charges, balance and total in ru-RU money', () => {
    for (const s of [
      'Задолженность/аванс на начало периода 0,00 ₽',
      'Оплачено с начала периода по 01.02.2020 0,00 ₽',
      'Итого к оплате 1 044,02 ₽',
      'Услуга Ед. изм. Объём Тариф, руб./ед. Начислено, руб.',
      'Холодное водоснабжение (по показаниям) — 5,000 41,35 206,75',
      'Водоотведение (ХВС + ГВС) — 9,000 74,43 669,87',
      'Перерасчёт: за декабрь 2019 по показаниям 1,50',
      'Пени: за просрочку оплаты 0,50',
      'Всего начислено за период 1 044,02',
    ]) expect(text).toContain(s);
  });

  test('shows the meter readings', () => {
    expect(text).toContain('Прибор учёта Зав. № Предыдущие Текущие Расход, м³');
    expect(text).toContain('Сток гор.воды 17-123456 236,000 240,000 4,000');
    expect(text).toContain('Холодная вода 17-654321 400,000 405,000 5,000');
  });

  test('embeds the payment QR code, which decodes back to the exact payload', () => {
    expect(qrFromPdf(pdf)).toBe(data.qrPayload);
  });

  test('the QR check notices a wrong code', async () => {
    const other = buildQrPayload({ payee, payer, amount: '3132.06', period: '2020-01' });
    const decoded = qrFromPdf(await renderPaymentDocumentPdf({ ...data, qrPayload: other }));
    expect(decoded).toBe(other);
    expect(decoded).not.toBe(data.qrPayload);
  });

  test('an advance: nothing to pay, the advance shown, and no Sum in the QR code', async () => {
    const qrPayload = buildQrPayload({ payee, payer, amount: '-2890.64', period: '2020-03' });
    const doc = await renderPaymentDocumentPdf({
      ...data, period: '2020-03', openingBalance: '-3934.66', paid: '0.00', totalDue: '-2890.64', qrPayload,
      recalculations: [], penalties: [], payer: { ...data.payer, unifiedNumber: null, activationCode: null },
    });
    const t = squash((await pdfText(doc)).text);
    expect(t).toContain('Платёжный документ (квитанция) за март 2020');
    expect(t).toContain('Задолженность/аванс на начало периода -3 934,66 ₽ (аванс)');
    expect(t).toContain('Итого к оплате 0,00 ₽');
    expect(t).toContain('Внесён аванс на сумму 2 890,64 ₽');
    expect(t).not.toContain('Код активации');
    const decoded = qrFromPdf(doc);
    expect(decoded).toBe(qrPayload);
    expect(decoded).not.toContain('Sum=');
  });
});

describe('PDF image extraction (test helper)', () => {
  test('decodes an RGBA PNG, which pdfkit stores as an image with a soft mask', async () => {
    const payload = buildQrPayload({ payee, payer, amount: '0.1', period: '2020-02' });
    const png = await QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', scale: 3 });
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
    doc.image(png, 50, 50, { width: 200 });
    doc.end();
    const pdf = await done;
    expect(pdf.toString('latin1')).toContain('/SMask');
    expect(qrFromPdf(pdf)).toBe(payload);
  });
});
