// Test helper: the text of a PDF, extracted by pdf-parse v2 (Mozilla PDF.js, pure JS).
//
// PDF.js loads its worker with a dynamic import(), which jest's CommonJS sandbox refuses
// ("A dynamic import callback was invoked without --experimental-vm-modules"). So the extraction
// runs in a plain Node child process, where pdf-parse's CommonJS build works as documented.
import { spawn } from 'node:child_process';

export interface PdfText { text: string; pages: number }

const EXTRACT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const r = await parser.getText();
    process.stdout.write(JSON.stringify({ text: r.text, pages: r.total }));
  } catch (e) {
    process.stderr.write(String((e && e.stack) || e));
    process.exitCode = 1;
  } finally {
    await parser.destroy();
  }
});
`;

export function pdfText(pdf: Buffer): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', EXTRACT], { cwd: __dirname, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`pdf-parse failed (${code}): ${Buffer.concat(err).toString()}`));
      try {
        resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as PdfText);
      } catch (e) {
        reject(e);
      }
    });
    child.stdin.end(pdf);
  });
}

/** Collapses runs of white space (including no-break spaces and tab cell separators) to one space. */
export const squash = (s: string): string => s.replace(/[\s\u00a0]+/g, ' ');
