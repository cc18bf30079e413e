// The payment QR code must read the same in every decoder: one byte-mode segment of UTF-8. Checked with
// jsQR (in process) and zbar (`zbarimg`, Debian package zbar-tools), which guesses the text encoding of
// each byte segment on its own and so read a short «за» between two digit runs as Shift-JIS «郱訄».
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import QRCode from 'qrcode';
import { renderPaymentDocumentPdf } from '../../src/documents/payment-document-pdf';
import { paymentQrSegments, renderPaymentQrPng } from '../../src/documents/payment-qr';
import { buildQrPayload } from '../../src/documents/qr-payload';
import { paymentDocument, payee, payer } from './fixtures';
import { extractImages, type RgbaImage, unpredict } from './pdf-images';

/** A minimal PNG reader (8-bit grey, grey+alpha, RGB, RGBA; not interlaced), independent of the code under test. */
function decodePng(png: Buffer): RgbaImage {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  let width = 0; let height = 0; let colorType = 0;
  const idat: Buffer[] = [];
  for (let pos = 8; pos < png.length;) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4); colorType = data[9];
      if (data[8] !== 8 || data[12] !== 0) throw new Error('test PNG reader: only 8-bit, non-interlaced images');
    }
    if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (!channels) throw new Error(`test PNG reader: colour type ${colorType} not supported`);
  const raw = unpredict(inflateSync(Buffer.concat(idat)), 15, channels, 8, width);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const s = raw.subarray(p * channels, (p + 1) * channels);
    const [r, g, b] = channels >= 3 ? [s[0], s[1], s[2]] : [s[0], s[0], s[0]];
    const a = channels === 2 ? s[1] : channels === 4 ? s[3] : 255;
    const over = (c: number): number => Math.round((c * a + 255 * (255 - a)) / 255);
    rgba.set([over(r), over(g), over(b), 255], p * 4);
  }
  return { width, height, data: rgba };
}

/** A binary PGM (greyscale) of an image, which zbarimg reads like a PNG. */
function toPgm(img: RgbaImage): Buffer {
  const grey = Buffer.alloc(img.width * img.height);
  for (let p = 0; p < grey.length; p++) grey[p] = img.data[p * 4];
  return Buffer.concat([Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, 'latin1'), grey]);
}

let dir: string;

const ZBAR_MISSING = 'zbarimg (zbar) is needed by the payment QR tests and could not be run: apt-get install zbar-tools';

/** Runs zbarimg (looked up on the test's own PATH) and returns what it printed. */
function runZbar(args: string[]): Buffer {
  const r = spawnSync('zbarimg', args, { env: process.env, maxBuffer: 1 << 20 });
  if (r.error) throw new Error(`${ZBAR_MISSING} (${r.error.message})`);
  if (r.status !== 0) throw new Error(`zbarimg ${args.join(' ')} exited with ${r.status}: ${r.stderr.toString()}`);
  return r.stdout;
}

/** What zbar reads in an image file: the text as zbar decodes it, and with -Sbinary the raw bytes of the code. */
function zbar(file: string): { text: string; bytes: Buffer } {
  const args = ['--raw', '-q', '--oneshot'];
  // Text mode may end with a line break; -Sbinary gives exactly the encoded bytes.
  return { text: runZbar([...args, file]).toString('utf8').replace(/\n$/, ''), bytes: runZbar([...args, '-Sbinary', file]) };
}

beforeAll(() => {
  runZbar(['--version']); // fails the suite, never skips it, when zbar is not installed
  dir = mkdtempSync(join(tmpdir(), 'kabinet-qr-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const address = '184209, Мурманская обл., г. Апатиты, ул. Ленина, д. 1, кв. 1 (общежитие «Северное», комната №5)';
const payloads: Array<[string, string]> = [
  ['a bill for 10.2026', buildQrPayload({ payee, payer: { ...payer, address }, amount: '1044.02', period: '2026-10' })],
  ['the demo bill for 01.2020', buildQrPayload({ payee, payer, amount: '1044.02', period: '2020-01' })],
  ['an advance (no Sum)', buildQrPayload({ payee, payer: { ...payer, address, middleName: null }, amount: '-2890.64', period: '2026-03' })],
];

describe('renderPaymentQrPng: one byte-mode segment of UTF-8', () => {
  test('the test payload has what used to break zbar', () => {
    const p = payloads[0][1];
    for (const s of ['Оплата за водоснабжение', 'за 10.2026', 'LastName=Иванов', 'ул.', '№', '«', '»']) expect(p).toContain(s);
  });

  test.each(payloads)('%s: the library is given one byte segment, not its own split into runs', (_what, payload) => {
    const qr = QRCode.create(paymentQrSegments(payload), { errorCorrectionLevel: 'M' });
    expect(qr.segments.map((s) => s.mode.id)).toEqual(['Byte']);
    expect(Buffer.from(qr.segments[0].data as Uint8Array)).toEqual(Buffer.from(payload, 'utf8'));
  });

  test.each(payloads)('%s: jsQR reads one byte segment holding the UTF-8 bytes of the payload', async (_what, payload) => {
    const img = decodePng(await renderPaymentQrPng(payload));
    const qr = jsQR(img.data, img.width, img.height);
    expect(qr).not.toBeNull();
    expect(qr!.chunks.map((c) => c.type)).toEqual(['byte']);
    expect(Buffer.from(qr!.binaryData)).toEqual(Buffer.from(payload, 'utf8'));
    expect(qr!.data).toBe(payload);
  });

  test.each(payloads)('%s: zbar reads exactly the payload, as text and as bytes', async (what, payload) => {
    const file = join(dir, `${what.replace(/\W+/g, '-')}.png`);
    writeFileSync(file, await renderPaymentQrPng(payload));
    const { text, bytes } = zbar(file);
    expect(text).toBe(payload);
    expect(bytes.equals(Buffer.from(payload, 'utf8'))).toBe(true);
  });

  test('the QR code in the payment document PDF reads the same in zbar and jsQR', async () => {
    const qrPayload = payloads[0][1];
    const pdf = await renderPaymentDocumentPdf(paymentDocument({ period: '2026-10', qrPayload }));
    const images = extractImages(pdf);
    expect(images).toHaveLength(1);
    const qr = jsQR(images[0].data, images[0].width, images[0].height);
    expect(qr?.chunks.map((c) => c.type)).toEqual(['byte']);
    expect(qr?.data).toBe(qrPayload);
    const file = join(dir, 'from-pdf.pgm');
    writeFileSync(file, toPgm(images[0]));
    const { text, bytes } = zbar(file);
    expect(text).toBe(qrPayload);
    expect(bytes.equals(Buffer.from(qrPayload, 'utf8'))).toBe(true);
  });

  test('a missing zbarimg is reported with how to install it', () => {
    const path = process.env.PATH;
    process.env.PATH = dir; // an empty directory: no zbarimg on the PATH
    try {
      expect(() => zbar(join(dir, 'none.png'))).toThrow(/apt-get install zbar-tools/);
    } finally {
      process.env.PATH = path;
    }
  });
});
