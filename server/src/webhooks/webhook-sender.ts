/**
 * One delivery attempt: POST the body to the endpoint, connected to the vetted address only (address-guard.ts),
 * within a time limit for everything (connect, TLS, send, the answer's head). Redirects are not followed — a 3xx
 * is a failed attempt — and at most a few KB of the answer are read.
 */
import http from 'node:http';
import https from 'node:https';
import { pinnedLookup, type VettedAddress } from './address-guard';

/** The most of an answer's body that is read (for lastError); the rest is dropped. */
export const RESPONSE_READ_LIMIT = 4096;

export interface AttemptResult {
  /** The HTTP status; null when no answer came. */
  status: number | null;
  /** Why it failed; null when delivered (2xx). */
  error: string | null;
}

export function postWebhook(url: URL, vetted: VettedAddress, body: string, headers: Record<string, string>, timeoutMs: number): Promise<AttemptResult> {
  return new Promise<AttemptResult>((resolve) => {
    let settled = false;
    /** The answer's status once its head came. */
    let answered: number | null = null;
    const finish = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(vetted),
        // A fresh connection per attempt: a kept-alive socket could outlive the address check.
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        answered = status;
        // Delivered: the status is all that counts, the body is not read.
        if (status >= 200 && status < 300) return finish({ status, error: null });
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const text = Buffer.concat(chunks).toString('utf8').slice(0, 200).replace(/\s+/g, ' ').trim();
          if (status >= 300 && status < 400) finish({ status, error: `HTTP ${status}: перенаправления не выполняются, укажите окончательный адрес${response.headers.location ? ` (Location: ${String(response.headers.location).slice(0, 200)})` : ''}` });
          else finish({ status, error: `HTTP ${status}${text ? `: ${text}` : ''}` });
        };
        response.on('data', (chunk: Buffer) => {
          if (size >= RESPONSE_READ_LIMIT) return;
          chunks.push(chunk.subarray(0, RESPONSE_READ_LIMIT - size));
          size += chunk.length;
          // Enough read: the answer's status is what counts.
          if (size >= RESPONSE_READ_LIMIT) done();
        });
        response.on('end', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(
      () => finish(answered === null ? { status: null, error: `нет ответа за ${timeoutMs} мс` } : { status: answered, error: `HTTP ${answered}` }),
      timeoutMs,
    );
    request.on('error', (e: NodeJS.ErrnoException) => finish({ status: null, error: connectionError(e) }));
    request.end(body);
  });
}

function connectionError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'соединение отклонено (ECONNREFUSED)';
    case 'ECONNRESET':
      return 'соединение разорвано (ECONNRESET)';
    case 'ETIMEDOUT':
      return 'нет соединения (ETIMEDOUT)';
    default:
      return `${e.code ? `${e.code}: ` : ''}${String(e.message).slice(0, 300)}`;
  }
}
