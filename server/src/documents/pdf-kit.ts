// Shared PDF plumbing: an A4 pdfkit document with an embedded Cyrillic font (DejaVu Sans from the
// `dejavu-fonts-ttf` npm package, so no system font is needed), a buffer collector and a simple table.
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';

export type Doc = PDFKit.PDFDocument;

export const FONT = 'DejaVu';
export const FONT_BOLD = 'DejaVu-Bold';

let fonts: { regular: Buffer; bold: Buffer } | undefined;

function loadFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

export interface NewDocOptions { title: string; bufferPages?: boolean }

export function createDocument(opts: NewDocOptions): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 36,
    bufferPages: opts.bufferPages ?? false,
    info: { Title: opts.title, Author: 'Личный кабинет абонента', Creator: 'Kabinet' },
    lang: 'ru-RU',
  });
  const { regular, bold } = loadFonts();
  doc.registerFont(FONT, regular);
  doc.registerFont(FONT_BOLD, bold);
  doc.font(FONT);
  return doc;
}

/** Ends the document and resolves with the whole PDF. */
export function finish(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

export const contentLeft = (doc: Doc): number => doc.page.margins.left;
export const contentWidth = (doc: Doc): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;
export const contentBottom = (doc: Doc): number => doc.page.height - doc.page.margins.bottom;

export interface Column { header: string; width: number; align?: 'left' | 'right' | 'center' }
export interface Row { cells: string[]; bold?: boolean; shade?: boolean }
export interface TableOptions { fontSize?: number; padding?: number }

const HEADER_SHADE = '#e6e6e6';
const ROW_SHADE = '#f4f4f4';

/**
 * Draws a bordered table from doc.y at the left margin and leaves doc.y under it.
 * A row that does not fit starts a new page, where the header is drawn again.
 */
export function drawTable(doc: Doc, columns: Column[], rows: Row[], opts: TableOptions = {}): void {
  const fontSize = opts.fontSize ?? 8;
  const pad = opts.padding ?? 3;
  const x0 = contentLeft(doc);
  let y = doc.y;

  const rowHeight = (cells: string[], bold: boolean): number => {
    doc.font(bold ? FONT_BOLD : FONT).fontSize(fontSize);
    const heights = columns.map((c, i) => doc.heightOfString(cells[i] ?? '', { width: c.width - 2 * pad }));
    return Math.max(...heights) + 2 * pad;
  };

  const drawRow = (cells: string[], bold: boolean, shade: string | null, height: number): void => {
    let x = x0;
    doc.font(bold ? FONT_BOLD : FONT).fontSize(fontSize).lineWidth(0.5);
    columns.forEach((c, i) => {
      if (shade) doc.rect(x, y, c.width, height).fillAndStroke(shade, '#000000');
      else doc.rect(x, y, c.width, height).stroke('#000000');
      doc.fillColor('#000000').text(cells[i] ?? '', x + pad, y + pad, {
        width: c.width - 2 * pad,
        align: c.align ?? 'left',
        lineBreak: true,
      });
      x += c.width;
    });
    y += height;
  };

  const header = columns.map((c) => c.header);
  const headerHeight = rowHeight(header, true);
  const drawHeader = (): void => drawRow(header, true, HEADER_SHADE, headerHeight);

  if (y + headerHeight + (rows[0] ? rowHeight(rows[0].cells, !!rows[0].bold) : 0) > contentBottom(doc)) {
    doc.addPage();
    y = doc.page.margins.top;
  }
  drawHeader();
  for (const row of rows) {
    const h = rowHeight(row.cells, !!row.bold);
    if (y + h > contentBottom(doc)) {
      doc.addPage();
      y = doc.page.margins.top;
      drawHeader();
    }
    drawRow(row.cells, !!row.bold, row.shade ? ROW_SHADE : null, h);
  }
  doc.font(FONT).fontSize(fontSize);
  doc.x = x0;
  doc.y = y + 6;
}

/** Section heading at the left margin. */
export function heading(doc: Doc, text: string, size = 10): void {
  doc.font(FONT_BOLD).fontSize(size).fillColor('#000000').text(text, contentLeft(doc), doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.25);
  doc.font(FONT);
}

/** «Label: value» line with the label in bold, wrapped within `width`. */
export function labelled(doc: Doc, label: string, value: string, x: number, width: number, size = 8.5): void {
  doc.fontSize(size).font(FONT_BOLD).text(`${label}: `, x, doc.y, { width, continued: true });
  doc.font(FONT).text(value);
}
