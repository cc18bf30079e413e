// Test helper: finds the image XObjects of a PDF and decodes them to RGBA, independently of the
// code under test. A small PDF object parser (uncompressed cross-reference, as pdfkit writes), FlateDecode
// with PNG predictors (DecodeParms), DeviceGray / DeviceRGB / ICCBased / Indexed colour spaces, 1–16 bits
// per component, /Decode arrays, and /SMask alpha (composited over white).
import { inflateSync } from 'node:zlib';

export class PdfName { constructor(readonly name: string) {} }
export class PdfRef { constructor(readonly num: number, readonly gen: number) {} }
export type PdfValue = number | boolean | null | Buffer | PdfName | PdfRef | PdfValue[] | PdfDict;
export type PdfDict = Map<string, PdfValue>;

interface PdfObject { value: PdfValue; stream?: Buffer }

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set('()<>[]{}/%'.split('').map((c) => c.charCodeAt(0)));

class Lexer {
  constructor(private readonly src: Buffer, public pos: number) {}

  skipWs(): void {
    const s = this.src;
    for (;;) {
      while (this.pos < s.length && WS.has(s[this.pos])) this.pos++;
      if (s[this.pos] !== 0x25 /* % */) return;
      while (this.pos < s.length && s[this.pos] !== 0x0a && s[this.pos] !== 0x0d) this.pos++;
    }
  }

  private peekStr(n: number): string { return this.src.toString('latin1', this.pos, this.pos + n); }

  private regular(): string {
    const start = this.pos;
    while (this.pos < this.src.length && !WS.has(this.src[this.pos]) && !DELIM.has(this.src[this.pos])) this.pos++;
    return this.src.toString('latin1', start, this.pos);
  }

  value(): PdfValue {
    this.skipWs();
    const c = String.fromCharCode(this.src[this.pos]);
    if (this.peekStr(2) === '<<') {
      this.pos += 2;
      const dict: PdfDict = new Map();
      for (;;) {
        this.skipWs();
        if (this.peekStr(2) === '>>') { this.pos += 2; return dict; }
        const key = this.value();
        if (!(key instanceof PdfName)) throw new Error(`PDF: dictionary key expected at ${this.pos}`);
        dict.set(key.name, this.value());
      }
    }
    if (c === '[') {
      this.pos++;
      const arr: PdfValue[] = [];
      for (;;) {
        this.skipWs();
        if (this.src[this.pos] === 0x5d /* ] */) { this.pos++; return arr; }
        arr.push(this.value());
      }
    }
    if (c === '/') {
      this.pos++;
      return new PdfName(this.regular().replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
    }
    if (c === '(') return this.literalString();
    if (c === '<') {
      const end = this.src.indexOf('>', this.pos, 'latin1');
      const hex = this.src.toString('latin1', this.pos + 1, end).replace(/\s+/g, '');
      this.pos = end + 1;
      return Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
    }
    const word = this.regular();
    if (word === '') throw new Error(`PDF: unexpected character «${c}» at ${this.pos}`);
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) throw new Error(`PDF: unexpected token «${word}» at ${this.pos}`);
    const num = Number(word);
    if (/^\d+$/.test(word)) {
      // "num gen R" is a reference
      const save = this.pos;
      this.skipWs();
      const gen = this.regular();
      this.skipWs();
      if (/^\d+$/.test(gen) && this.src[this.pos] === 0x52 /* R */) {
        this.pos++;
        return new PdfRef(num, Number(gen));
      }
      this.pos = save;
    }
    return num;
  }

  private literalString(): Buffer {
    const out: number[] = [];
    let depth = 0;
    this.pos++;
    for (;;) {
      const b = this.src[this.pos++];
      if (b === undefined) throw new Error('PDF: unterminated string');
      if (b === 0x5c /* \ */) {
        const e = this.src[this.pos++];
        const map: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12 };
        if (e in map) out.push(map[e]);
        else if (e >= 0x30 && e <= 0x37) {
          let oct = String.fromCharCode(e);
          while (oct.length < 3 && this.src[this.pos] >= 0x30 && this.src[this.pos] <= 0x37) oct += String.fromCharCode(this.src[this.pos++]);
          out.push(parseInt(oct, 8) & 0xff);
        } else if (e === 0x0d) { if (this.src[this.pos] === 0x0a) this.pos++; } else if (e !== 0x0a) out.push(e);
        continue;
      }
      if (b === 0x28) depth++;
      if (b === 0x29 && depth-- === 0) return Buffer.from(out);
      out.push(b);
    }
  }
}

export class PdfFile {
  readonly objects = new Map<number, PdfObject>();

  constructor(readonly bytes: Buffer) {
    const text = bytes.toString('latin1');
    const re = /(\d+)\s+(\d+)\s+obj\b/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const lex = new Lexer(bytes, m.index + m[0].length);
      const value = lex.value();
      lex.skipWs();
      const obj: PdfObject = { value };
      if (text.startsWith('stream', lex.pos) && value instanceof Map) {
        let start = lex.pos + 'stream'.length;
        if (text[start] === '\r') start++;
        if (text[start] === '\n') start++;
        const len = value.get('Length');
        const end = typeof len === 'number' ? start + len : text.indexOf('endstream', start);
        obj.stream = bytes.subarray(start, end);
        re.lastIndex = end;
      }
      this.objects.set(Number(m[1]), obj);
    }
  }

  resolve(v: PdfValue | undefined): PdfValue | undefined {
    return v instanceof PdfRef ? this.objects.get(v.num)?.value : v;
  }

  /** The decoded data of a stream (FlateDecode + predictors only). */
  streamData(obj: PdfObject): Buffer {
    const dict = obj.value as PdfDict;
    if (!obj.stream) throw new Error('PDF: not a stream');
    const filters = asArray(this.resolve(dict.get('Filter'))).map((f) => (f as PdfName).name);
    const params = asArray(this.resolve(dict.get('DecodeParms')));
    let data = obj.stream;
    filters.forEach((f, i) => {
      if (f !== 'FlateDecode') throw new Error(`PDF test helper: unsupported filter ${f}`);
      data = inflateSync(data);
      const p = this.resolve(params[i]);
      if (p instanceof Map) data = unpredict(data, this.num(p.get('Predictor'), 1), this.num(p.get('Colors'), 1), this.num(p.get('BitsPerComponent'), 8), this.num(p.get('Columns'), 1));
    });
    return data;
  }

  num(v: PdfValue | undefined, dflt: number): number {
    const r = this.resolve(v);
    return typeof r === 'number' ? r : dflt;
  }
}

function asArray(v: PdfValue | undefined): PdfValue[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** Undoes PNG predictors (10–15: a filter-type byte before each row). */
export function unpredict(data: Buffer, predictor: number, colors: number, bpc: number, columns: number): Buffer {
  if (predictor === 1) return data;
  if (predictor === 2) throw new Error('PDF test helper: TIFF predictor not supported');
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = Buffer.alloc(rows * rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)];
    const src = r * (rowLen + 1) + 1;
    const dst = r * rowLen;
    for (let i = 0; i < rowLen; i++) {
      const raw = data[src + i];
      const left = i >= bpp ? out[dst + i - bpp] : 0;
      const up = r > 0 ? out[dst - rowLen + i] : 0;
      const upLeft = r > 0 && i >= bpp ? out[dst - rowLen + i - bpp] : 0;
      let v: number;
      switch (type) {
        case 0: v = raw; break;
        case 1: v = raw + left; break;
        case 2: v = raw + up; break;
        case 3: v = raw + ((left + up) >> 1); break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left); const pb = Math.abs(p - up); const pc = Math.abs(p - upLeft);
          v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
          break;
        }
        default: throw new Error(`PNG predictor: bad filter type ${type} in row ${r}`);
      }
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

/** Reads `count` samples of `bpc` bits per row-aligned rows. */
function samples(data: Buffer, width: number, height: number, comps: number, bpc: number): number[] {
  const rowBits = width * comps * bpc;
  const rowBytes = Math.ceil(rowBits / 8);
  if (data.length < rowBytes * height) throw new Error(`image data too short: ${data.length} < ${rowBytes * height}`);
  const out: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < width * comps; i++) {
      const bit = y * rowBytes * 8 + i * bpc;
      if (bpc === 8) out.push(data[bit >> 3]);
      else if (bpc === 16) out.push(data[bit >> 3]); // high byte
      else out.push((data[bit >> 3] >> (8 - bpc - (bit & 7))) & ((1 << bpc) - 1));
    }
  }
  return out;
}

export interface RgbaImage { width: number; height: number; data: Uint8ClampedArray }

function colourSpace(pdf: PdfFile, cs: PdfValue | undefined): { comps: number; toRgb: (s: number[], max: number) => [number, number, number] } {
  const v = pdf.resolve(cs);
  const gray = (s: number[], max: number): [number, number, number] => { const g = Math.round((s[0] * 255) / max); return [g, g, g]; };
  const rgb = (s: number[], max: number): [number, number, number] => [0, 1, 2].map((i) => Math.round((s[i] * 255) / max)) as [number, number, number];
  const cmyk = (s: number[], max: number): [number, number, number] => [0, 1, 2].map((i) => Math.round(255 * (1 - Math.min(1, (s[i] + s[3]) / max)))) as [number, number, number];
  if (v instanceof PdfName) {
    if (v.name === 'DeviceGray' || v.name === 'CalGray') return { comps: 1, toRgb: gray };
    if (v.name === 'DeviceRGB' || v.name === 'CalRGB') return { comps: 3, toRgb: rgb };
    if (v.name === 'DeviceCMYK') return { comps: 4, toRgb: cmyk };
  }
  if (Array.isArray(v) && v[0] instanceof PdfName) {
    const kind = v[0].name;
    if (kind === 'ICCBased') {
      const stream = pdf.objects.get((v[1] as PdfRef).num)!;
      const n = pdf.num((stream.value as PdfDict).get('N'), 3);
      return colourSpace(pdf, new PdfName(n === 1 ? 'DeviceGray' : n === 4 ? 'DeviceCMYK' : 'DeviceRGB'));
    }
    if (kind === 'Indexed') {
      const base = colourSpace(pdf, v[1]);
      const lookupV = v[3] instanceof PdfRef ? pdf.objects.get(v[3].num)! : undefined;
      const lookup = lookupV?.stream ? pdf.streamData(lookupV) : (pdf.resolve(v[3]) as Buffer);
      return {
        comps: 1,
        toRgb: (s) => base.toRgb(Array.from(lookup.subarray(s[0] * base.comps, (s[0] + 1) * base.comps)), 255),
      };
    }
  }
  throw new Error(`PDF test helper: unsupported colour space ${JSON.stringify(v)}`);
}

function decodeImage(pdf: PdfFile, obj: PdfObject): RgbaImage {
  const d = obj.value as PdfDict;
  const width = pdf.num(d.get('Width'), 0);
  const height = pdf.num(d.get('Height'), 0);
  const bpc = pdf.num(d.get('BitsPerComponent'), 8);
  if (pdf.resolve(d.get('ImageMask')) === true) throw new Error('PDF test helper: stencil masks not supported');
  const cs = colourSpace(pdf, d.get('ColorSpace'));
  const max = bpc === 16 ? 255 : (1 << bpc) - 1;
  const raw = samples(pdf.streamData(obj), width, height, cs.comps, bpc);
  const decode = pdf.resolve(d.get('Decode'));
  const isIndexed = (() => { const c = pdf.resolve(d.get('ColorSpace')); return Array.isArray(c) && c[0] instanceof PdfName && c[0].name === 'Indexed'; })();
  if (Array.isArray(decode) && !isIndexed) {
    for (let i = 0; i < raw.length; i++) {
      const c = i % cs.comps;
      const dmin = decode[2 * c] as number; const dmax = decode[2 * c + 1] as number;
      raw[i] = Math.round((dmin + (raw[i] * (dmax - dmin)) / max) * max);
    }
  }
  let alpha: number[] | null = null;
  const smaskRef = d.get('SMask');
  if (smaskRef instanceof PdfRef) {
    const sm = pdf.objects.get(smaskRef.num)!;
    const smd = sm.value as PdfDict;
    const smBpc = pdf.num(smd.get('BitsPerComponent'), 8);
    const smMax = smBpc === 16 ? 255 : (1 << smBpc) - 1;
    if (pdf.num(smd.get('Width'), 0) !== width || pdf.num(smd.get('Height'), 0) !== height) throw new Error('PDF test helper: SMask of another size');
    alpha = samples(pdf.streamData(sm), width, height, 1, smBpc).map((a) => Math.round((a * 255) / smMax));
  }
  const colourKey = pdf.resolve(d.get('Mask'));
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const s = raw.slice(p * cs.comps, (p + 1) * cs.comps);
    let [r, g, b] = cs.toRgb(s, max);
    let a = alpha ? alpha[p] : 255;
    if (Array.isArray(colourKey) && s.every((v, i) => v >= (colourKey[2 * i] as number) && v <= (colourKey[2 * i + 1] as number))) a = 0;
    // composite over white paper
    r = Math.round((r * a + 255 * (255 - a)) / 255);
    g = Math.round((g * a + 255 * (255 - a)) / 255);
    b = Math.round((b * a + 255 * (255 - a)) / 255);
    rgba.set([r, g, b, 255], p * 4);
  }
  return { width, height, data: rgba };
}

/** All image XObjects of the PDF (soft masks excluded), decoded to opaque RGBA. */
export function extractImages(pdfBytes: Buffer): RgbaImage[] {
  const pdf = new PdfFile(pdfBytes);
  const isImage = (o: PdfObject): boolean => o.value instanceof Map && (o.value.get('Subtype') as PdfName | undefined)?.name === 'Image' && !!o.stream;
  const masks = new Set<number>();
  for (const o of pdf.objects.values()) {
    const sm = isImage(o) ? (o.value as PdfDict).get('SMask') : undefined;
    if (sm instanceof PdfRef) masks.add(sm.num);
  }
  return [...pdf.objects.entries()].filter(([n, o]) => isImage(o) && !masks.has(n)).map(([, o]) => decodeImage(pdf, o));
}
