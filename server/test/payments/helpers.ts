/** Sign-ins and small HTTP helpers for the payment tests. */
import type { DataSource } from 'typeorm';
import { Account } from '../../src/accounts/account.entity';
import { givePersonTo } from '../../src/auth/persons';
import { hashPassword } from '../../src/auth/passwords';
import { config, setConfig } from '../../src/config';
import { DEMO } from '../../src/seed/demo-data';
import type { TestApi } from '../support/api';

/** The seed's bill account (123456789101) is not registered; the tests give it a password directly. */
export const IVAN = { number: DEMO.unregistered.number, password: 'Ivan-Payments-2026' };
export const ANNA = { number: DEMO.registered.number, password: DEMO.registered.password };

/** The API's public address is only known once it listens on its free port: the sandbox gateway calls it there. */
export function pointPublicUrlAt(t: TestApi): void {
  setConfig({ ...config(), publicUrl: t.url });
}

export async function givePassword(db: DataSource, number: string, password: string): Promise<number> {
  const account = await db.getRepository(Account).findOneByOrFail({ number });
  if (!account.subscriberId) {
    const now = new Date();
    await db.getRepository(Account).update(account.id, { registeredAt: now, termsAcceptedAt: now, termsVersion: 'test' });
    await givePersonTo(db.manager, account.id, await hashPassword(password), now);
  }
  return account.id;
}

export async function subscriberToken(t: TestApi, number: string, password: string): Promise<string> {
  const res = await t.gql(`mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken } }`, { n: number, p: password });
  if (!res.data?.login) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
  return res.data.login.accessToken;
}

export async function staffToken(t: TestApi): Promise<string> {
  const res = await t.gql(`mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }`, {
    u: DEMO.operator.username,
    p: DEMO.operator.password,
  });
  if (!res.data?.staffLogin) throw new Error(`staff login failed: ${JSON.stringify(res.errors)}`);
  return res.data.staffLogin.accessToken;
}

export async function balanceOf(t: TestApi, token: string): Promise<string> {
  const res = await t.gql(`{ me { balance } }`, {}, token);
  if (!res.data?.me) throw new Error(`me failed: ${JSON.stringify(res.errors)}`);
  return res.data.me.balance;
}
