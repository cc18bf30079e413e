/** Webhook receivers for the tests: node http servers on 127.0.0.1 that keep what they receive, and the README's verifier. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The receiver's check of a delivery, exactly as docs/WEBHOOKS.md gives it (types added): the signature over
 * `${timestamp}.${body}` with the endpoint's secret, compared in constant time, and a timestamp at most 5 minutes
 * away, so a captured request cannot be replayed later.
 */
export function verifyKabinetWebhook(secret: string, headers: IncomingHttpHeaders, rawBody: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const timestamp = Number(headers['kabinet-webhook-timestamp']);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > 300) return false;
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`);
  const given = Buffer.from(String(headers['kabinet-signature'] ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
}

/** What the receiver answers: a status (200, 500, 302 with Location), or 'hang' (never answers); or a function of the request. */
type Reply = { status: number; location?: string; delayMs?: number } | 'hang';
export type Answer = Reply | ((request: Received) => Reply);

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  answer: Answer;
  /** Event ids received, with how many times each. */
  counts(): Map<string, number>;
  close(): Promise<void>;
  /** Listens again on the same port (after close). */
  reopen(): Promise<void>;
}

export async function startReceiver(answer: Answer = { status: 200 }, port = 0): Promise<Receiver> {
  const received: Received[] = [];
  const hanging = new Set<http.ServerResponse>();
  const receiver: Receiver = {
    url: '',
    port: 0,
    received,
    answer,
    counts() {
      const m = new Map<string, number>();
      for (const r of received) m.set(r.json?.id, (m.get(r.json?.id) ?? 0) + 1);
      return m;
    },
    close: async () => undefined,
    reopen: async () => undefined,
  };
  let server: http.Server;
  const listen = async (p: number) => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: any = null;
        try {
          json = JSON.parse(body);
        } catch {
          /* kept as text */
        }
        const request = { headers: req.headers, body, json };
        received.push(request);
        const a = typeof receiver.answer === 'function' ? receiver.answer(request) : receiver.answer;
        if (a === 'hang') {
          hanging.add(res);
          return;
        }
        if (a.delayMs) await new Promise((r) => setTimeout(r, a.delayMs));
        res.writeHead(a.status, a.location ? { location: a.location } : { 'content-type': 'text/plain' });
        res.end(a.status >= 400 ? 'receiver says no' : 'ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(p, '127.0.0.1', resolve));
    receiver.port = (server.address() as AddressInfo).port;
    receiver.url = `http://127.0.0.1:${receiver.port}/hook`;
  };
  await listen(port);
  receiver.close = () =>
    new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      hanging.clear();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  receiver.reopen = () => listen(receiver.port);
  return receiver;
}
