// «Начисления и платежи»: the ledger of one account over a date range, as CSV (for spreadsheets) and PDF.
import { stringify } from 'csv-stringify/sync';
import { FONT, FONT_BOLD, Row, contentLeft, contentWidth, createDocument, drawTable, finish, labelled } from './pdf-kit';
import { compareMoney, formatDate, formatMoney, formatPeriod, formatPeriodShort, negateMoney } from './ru-format';

export type LedgerEntryKind = 'CHARGE' | 'RECALCULATION' | 'PENALTY' | 'PAYMENT';

export interface LedgerReportEntry {
  /** "YYYY-MM-DD" */
  date: string;
  kind: LedgerEntryKind;
  /** Billing period "YYYY-MM", if any. */
  period: string | null;
  description: string;
  /** Signed decimal string; payments are negative. */
  amount: string;
}

export interface LedgerReportData {
  account: { number: string; fullName: string; address: string };
  /** "YYYY-MM-DD" */
  from: string;
  /** "YYYY-MM-DD" */
  to: string;
  /** Balances: positive is a debt, negative an advance. */
  openingBalance: string;
  closingBalance: string;
  totalCharged: string;
  totalPaid: string;
  /** In the order they are to be shown. */
  entries: LedgerReportEntry[];
}

export const LEDGER_KIND_RU: Record<LedgerEntryKind, string> = {
  CHARGE: 'Начислено',
  RECALCULATION: 'Перерасчёт',
  PENALTY: 'Пени',
  PAYMENT: 'Оплачено',
};

export const LEDGER_CSV_HEADER = ['Дата', 'Вид', 'Период', 'Описание', 'Начислено, руб.', 'Оплачено, руб.'] as const;

/** Charges go to the «Начислено» column as they are; payments to «Оплачено» as a positive sum. */
function split(e: LedgerReportEntry): { charged: string | null; paid: string | null } {
  return e.kind === 'PAYMENT' ? { charged: null, paid: negateMoney(e.amount) } : { charged: e.amount, paid: null };
}

// ---------------------------------------------------------------- CSV

/** A value we wrote ourselves (a number, a date): never neutralised, so spreadsheets read it as such. */
interface Trusted { trusted: string }
type Cell = string | Trusted | null;

function cellText(cell: Cell): string {
  if (cell == null) return '';
  if (typeof cell === 'object') return cell.trusted;
  // CSV injection: a formula-looking value gets a leading apostrophe. (Not csv-stringify's escape_formulas:
  // it would mark our own negative sums too, and it misses a formula after leading blanks.)
  return /^\s*[=+\-@]|^[\t\r]/.test(cell) ? `'${cell}` : cell;
}

const csvMoney = (amount: string): Trusted => ({ trusted: formatMoney(amount, { group: '' }) });

/** UTF-8 with BOM, «;» separated, CRLF lines, decimal comma, DD.MM.YYYY dates. */
export function ledgerCsv(r: LedgerReportData): Buffer {
  const rows: Cell[][] = [[...LEDGER_CSV_HEADER]];
  for (const e of r.entries) {
    const { charged, paid } = split(e);
    rows.push([
      { trusted: formatDate(e.date) },
      LEDGER_KIND_RU[e.kind],
      e.period ? { trusted: formatPeriodShort(e.period) } : null,
      e.description,
      charged == null ? null : csvMoney(charged),
      paid == null ? null : csvMoney(paid),
    ]);
  }
  // Summary rows: the label in the first column, the sum in its column, balances under «Начислено».
  rows.push(['Входящее сальдо', null, null, `на ${formatDate(r.from)}`, csvMoney(r.openingBalance), null]);
  rows.push(['Начислено', null, null, 'итого за период', csvMoney(r.totalCharged), null]);
  rows.push(['Оплачено', null, null, 'итого за период', null, csvMoney(r.totalPaid)]);
  rows.push(['Исходящее сальдо', null, null, `на ${formatDate(r.to)}`, csvMoney(r.closingBalance), null]);
  const text = stringify(
    rows.map((row) => row.map(cellText)),
    // csv-stringify quotes a value with «;», a quote or the whole CRLF; a lone CR or LF is quoted too.
    { bom: true, delimiter: ';', record_delimiter: '\r\n', quoted_match: /[\r\n]/ },
  );
  return Buffer.from(text, 'utf8');
}

// ---------------------------------------------------------------- PDF

function balanceNote(balance: string): string {
  const m = formatMoney(balance, { currency: 'symbol' });
  return compareMoney(balance, '0') < 0 ? `${m} (аванс)` : m;
}

export async function renderLedgerPdf(r: LedgerReportData): Promise<Buffer> {
  const title = 'Начисления и платежи';
  const doc = createDocument({ title: `${title}, лицевой счёт ${r.account.number}`, bufferPages: true });
  const left = contentLeft(doc);
  const width = contentWidth(doc);

  doc.font(FONT_BOLD).fontSize(14).text(title, left, doc.y, { width, align: 'center' });
  doc.font(FONT).fontSize(10).text(`С ${formatDate(r.from)} по ${formatDate(r.to)}`, { width, align: 'center' });
  doc.moveDown(0.8);
  labelled(doc, 'Лицевой счёт', r.account.number, left, width, 9);
  labelled(doc, 'Абонент', r.account.fullName, left, width, 9);
  labelled(doc, 'Адрес', r.account.address, left, width, 9);
  labelled(doc, 'Входящее сальдо', balanceNote(r.openingBalance), left, width, 9);
  doc.moveDown(0.6);

  const rows: Row[] = r.entries.map((e) => {
    const { charged, paid } = split(e);
    return {
      cells: [
        formatDate(e.date),
        LEDGER_KIND_RU[e.kind],
        e.period ? formatPeriod(e.period) : '',
        e.description,
        charged == null ? '' : formatMoney(charged),
        paid == null ? '' : formatMoney(paid),
      ],
    };
  });
  if (rows.length === 0) rows.push({ cells: ['', '', '', 'За выбранный период операций нет', '', ''] });
  rows.push({ cells: ['', '', '', 'Итого за период', formatMoney(r.totalCharged), formatMoney(r.totalPaid)], bold: true, shade: true });
  drawTable(doc, [
    { header: 'Дата', width: 60 },
    { header: 'Вид', width: 66 },
    { header: 'Период', width: 76 },
    { header: 'Описание', width: width - 60 - 66 - 76 - 88 - 88 },
    { header: 'Начислено, руб.', width: 88, align: 'right' },
    { header: 'Оплачено, руб.', width: 88, align: 'right' },
  ], rows, { fontSize: 8 });

  drawTable(doc, [
    { header: 'Итоги', width: width - 180 },
    { header: 'Сумма', width: 180, align: 'right' },
  ], [
    { cells: [`Входящее сальдо на ${formatDate(r.from)}`, balanceNote(r.openingBalance)] },
    { cells: ['Начислено', formatMoney(r.totalCharged, { currency: 'symbol' })] },
    { cells: ['Оплачено', formatMoney(r.totalPaid, { currency: 'symbol' })] },
    { cells: [`Исходящее сальдо на ${formatDate(r.to)}`, balanceNote(r.closingBalance)], bold: true },
  ], { fontSize: 9 });
  doc.font(FONT).fontSize(7.5).fillColor('#333333')
    .text('Сальдо: положительное — задолженность, отрицательное — аванс.', left, doc.y, { width });
  doc.fillColor('#000000');

  // Page numbers, written in the bottom margin of every buffered page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONT).fontSize(7.5).text(
      `Лицевой счёт ${r.account.number} · стр. ${i - range.start + 1} из ${range.count}`,
      left, doc.page.height - 24, { width, align: 'right', lineBreak: false },
    );
    doc.page.margins.bottom = bottom;
  }
  return finish(doc);
}
