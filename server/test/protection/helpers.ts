/** GraphQL over graphql-ws and over raw sockets, sign-ins and hand-made tokens for the protection tests. */
import { execFileSync } from 'node:child_process';
import { createClient } from 'graphql-ws';
import jwt from 'jsonwebtoken';
import WebSocket from 'ws';
import { config } from '../../src/config';
import type { GqlResult } from '../support/api';

export const LOGIN = `mutation($n: String!, $p: String!, $r: Boolean) { login(accountNumber: $n, password: $p, remember: $r) { accessToken refreshToken } }`;
export const STAFF_LOGIN = `mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken refreshToken } }`;
export const APPEAL_REPLIED = `subscription { appealReplied { id text } }`;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

export const wsUrl = (httpUrl: string) => httpUrl.replace(/^http/, 'ws') + '/graphql';

export interface WsOutcome {
  /** The first `next` payload. */
  next?: { data?: any; errors?: any[]; extensions?: Record<string, any> };
  /** The `error` message's errors (an operation refused before it ran). */
  errors?: any[];
  /** The socket was closed (code, reason) before an answer. */
  closed?: { code: number; reason: string };
}

/** Runs one operation over graphql-ws and resolves with its first answer (or the socket's close). */
export function wsRun(httpUrl: string, token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<WsOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: WsOutcome) => {
      if (settled) return;
      settled = true;
      void client.dispose();
      resolve(outcome);
    };
    const client = createClient({
      url: wsUrl(httpUrl),
      webSocketImpl: WebSocket,
      connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
      lazy: true,
      on: { closed: (e: any) => finish({ closed: { code: e?.code, reason: String(e?.reason ?? '') } }) },
    });
    client.subscribe(
      { query, variables },
      {
        next: (value) => finish({ next: value as WsOutcome['next'] }),
        error: (e) => finish(Array.isArray(e) ? { errors: e } : e && typeof (e as any).code === 'number' ? { closed: { code: (e as any).code, reason: String((e as any).reason ?? '') } } : { errors: [e] }),
        complete: () => finish({}),
      },
    );
  });
}

export interface LiveSocket {
  /** Resolves with connection_ack, rejects when the socket closes first. */
  acknowledged: Promise<void>;
  /** Resolves with the close code and reason whenever the socket closes. */
  closed: Promise<{ code: number; reason: string }>;
  /** Messages received after connection_ack. */
  messages: any[];
  send(message: unknown): void;
  close(): void;
}

/** A raw graphql-transport-ws socket: for protocol-level checks (what is sent, when, and how it closes). */
export function rawSocket(httpUrl: string, init: Record<string, unknown> | null = {}): LiveSocket {
  const socket = new WebSocket(wsUrl(httpUrl), 'graphql-transport-ws');
  const messages: any[] = [];
  let ack!: () => void;
  let nack!: (e: unknown) => void;
  const acknowledged = new Promise<void>((resolve, reject) => {
    ack = resolve;
    nack = reject;
  });
  acknowledged.catch(() => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => {
      nack(new Error(`closed ${code}`));
      resolve({ code, reason: reason.toString() });
    });
  });
  socket.on('open', () => {
    if (init) socket.send(JSON.stringify({ type: 'connection_init', payload: init }));
  });
  socket.on('message', (raw) => {
    const message = JSON.parse(raw.toString());
    if (message.type === 'connection_ack') ack();
    else messages.push(message);
  });
  return {
    acknowledged,
    closed,
    messages,
    send(message) {
      const go = () => socket.send(JSON.stringify(message));
      if (socket.readyState === WebSocket.OPEN) go();
      else socket.once('open', go);
    },
    close() {
      socket.close();
    },
  };
}

/** An access token signed with the API's secret, with the claims given (e.g. an `exp` in the past). */
export function signToken(claims: { typ: 'SUBSCRIBER' | 'STAFF'; sub: string; sid: string; exp: number }): string {
  const cfg = config();
  return jwt.sign({ typ: claims.typ, sid: claims.sid, exp: claims.exp }, cfg.jwtSecret, {
    algorithm: 'HS256',
    subject: claims.sub,
    issuer: cfg.jwtIssuer,
    audience: cfg.jwtAudience,
  });
}

export function claimsOf(token: string): { typ: 'SUBSCRIBER' | 'STAFF'; sub: string; sid: string; exp: number } {
  return jwt.decode(token) as any;
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

export function firstError(result: GqlResult | WsOutcome): any {
  if ('status' in result) return result.errors?.[0];
  return (result as WsOutcome).errors?.[0] ?? (result as WsOutcome).next?.errors?.[0];
}

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** Synchronous, so that Redis tests can be declared skipped (saying so) when Redis cannot be reached. */
export function redisReachable(url = TEST_REDIS_URL): boolean {
  const { hostname, port } = new URL(url);
  const probe = `const s=require('net').connect(${Number(port) || 6379},${JSON.stringify(hostname || '127.0.0.1')});s.setTimeout(1500);s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));s.on('timeout',()=>process.exit(1));`;
  try {
    execFileSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** Captures what the process writes to stdout and stderr (the API's log) until stop() is called. */
export function captureOutput(options: { echo?: boolean } = {}): { text(): string; stop(): void } {
  const chunks: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const grab = (original: typeof out) =>
    ((chunk: any, ...rest: any[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return options.echo ? original(chunk, ...rest) : true;
    }) as typeof out;
  process.stdout.write = grab(out);
  process.stderr.write = grab(err);
  return {
    text: () => chunks.join(''),
    stop() {
      process.stdout.write = out;
      process.stderr.write = err;
    },
  };
}
