// The payment QR code image (ГОСТ Р 56042-2014 payload), the one renderer every document uses.
import QRCode, { type QRCodeSegment } from 'qrcode';

/**
 * The payload as one byte-mode segment of its UTF-8 bytes (the header ST00012 says UTF-8). Left to itself the
 * library splits the text into numeric/alphanumeric/byte runs, and a reader that guesses the encoding of each
 * byte run on its own (zbar) then took a short «за» between two digit runs for Shift-JIS «郱訄».
 */
export function paymentQrSegments(payload: string): QRCodeSegment[] {
  return [{ data: Buffer.from(payload, 'utf8'), mode: 'byte' }];
}

/** The payment QR code as a greyscale PNG (no alpha channel), error correction M. */
export function renderPaymentQrPng(payload: string): Promise<Buffer> {
  return QRCode.toBuffer(paymentQrSegments(payload), {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 4,
    scale: 4,
    // pngjs option: write greyscale instead of RGBA, so the PDF gets a plain DeviceGray image.
    rendererOpts: { colorType: 0 } as Record<string, unknown>,
  });
}
