/** Sign-ins, a second subscriber, GraphQL over HTTP to any instance, and graphql-ws clients for the appeals' tests. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { DataSource } from 'typeorm';
import { Account } from '../../src/accounts/account.entity';
import { givePersonTo } from '../../src/auth/persons';
import { hashPassword } from '../../src/auth/passwords';
import { DEMO } from '../../src/seed/demo-data';
import type { GqlResult } from '../support/api';

export const LOGIN = `mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken } }`;
export const STAFF_LOGIN = `mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }`;

/** The seed's unregistered account, given a password directly, as subscriber B. */
export const SECOND = { number: DEMO.unregistered.number, password: 'Second-Subscriber-2026', email: 'ivan@poshta.ru' };

export async function registerSecondSubscriber(db: DataSource): Promise<void> {
  const account = await db.getRepository(Account).findOneByOrFail({ number: SECOND.number });
  if (account.subscriberId) return;
  const now = new Date();
  await db.getRepository(Account).update(account.id, { registeredAt: now, termsAcceptedAt: now, termsVersion: 'test' });
  await givePersonTo(db.manager, account.id, await hashPassword(SECOND.password), now);
}

export async function gqlAt<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, token: string | null = null): Promise<GqlResult<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { ...((await res.json()) as GqlResult<T>), status: res.status };
}

export async function subscriberToken(url: string, number: string, password: string): Promise<string> {
  const res = await gqlAt(url, LOGIN, { n: number, p: password });
  if (!res.data?.login) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
  return res.data.login.accessToken;
}

export async function staffToken(url: string): Promise<string> {
  const res = await gqlAt(url, STAFF_LOGIN, { u: DEMO.operator.username, p: DEMO.operator.password });
  if (!res.data?.staffLogin) throw new Error(`staff login failed: ${JSON.stringify(res.errors)}`);
  return res.data.staffLogin.accessToken;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

export interface LiveSubscription {
  client: Client;
  /** Every `next` payload received. */
  events: { data?: any; errors?: any[] }[];
  /** Set when the operation or the socket failed. */
  error: unknown;
  completed: boolean;
  /** Resolves once the socket is acknowledged (connection_ack). */
  connected: Promise<void>;
  close(): Promise<void>;
}

/** A graphql-ws client (the `ws` package as the socket) authenticated in connection_init, running one operation. */
export function subscribe(httpUrl: string, token: string | null, query: string): LiveSubscription {
  let onConnected!: () => void;
  let onFailed!: (e: unknown) => void;
  const connected = new Promise<void>((resolve, reject) => {
    onConnected = resolve;
    onFailed = reject;
  });
  connected.catch(() => undefined);
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: (e) => onFailed(e),
    on: {
      connected: () => onConnected(),
      closed: (e) => onFailed(e),
    },
  });
  const live: LiveSubscription = {
    client,
    events: [],
    error: undefined,
    completed: false,
    connected,
    async close() {
      dispose();
      await client.dispose();
    },
  };
  const dispose = client.subscribe(
    { query },
    {
      next: (value) => void live.events.push(value as { data?: any; errors?: any[] }),
      error: (e) => {
        live.error = e;
      },
      complete: () => {
        live.completed = true;
      },
    },
  );
  return live;
}

export const APPEAL_REPLIED = `subscription { appealReplied { id text authorRole appeal { id status text account { number } } } }`;
