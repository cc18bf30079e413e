/**
 * Faults: with the database stopped for 10 seconds under load, requests fail fast
 * with SERVICE_UNAVAILABLE, /readyz says so, the API recovers by itself when the
 * database is back, and every payment that was answered with success is stored.
 * The database is a private MariaDB started for this test (the machine's own is not touched).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startApi, type RunningApi } from '../../src/app';
import { createDataSource } from '../../src/data-source';
import { findMysqlServerBinary, startEmbeddedMysql, type EmbeddedMysql } from '../../src/db/embedded-mysql';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { testConfig } from '../support/api';
import type { DataSource } from 'typeorm';

const binary = findMysqlServerBinary();
const describeIf = binary ? describe : describe.skip;
if (!binary) console.warn('SKIPPED the database outage test: no mariadbd/mysqld on this machine');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describeIf('database outage', () => {
  let dataDir: string;
  let port: number;
  let mysql: EmbeddedMysql;
  let db: DataSource;
  let api: RunningApi;
  let staff: string;
  const answeredOk: string[] = [];

  const gql = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const started = Date.now();
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: { message: string; extensions?: any }[] };
    return { ...body, ms: Date.now() - started };
  };
  const RECORD = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { id } }`;
  let seq = 0;
  const pay = async () => {
    const externalId = `outage-${++seq}`;
    const res = await gql(RECORD, { input: { accountNumber: DEMO.registered.number, amount: '1.00', paidOn: '2026-11-01', externalId } }, staff);
    if (!res.errors) answeredOk.push(externalId);
    return res;
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-outage-'));
    port = await freePort();
    mysql = await startEmbeddedMysql({ dataDir, port, database: 'kabinet_outage' });
    testConfig({ DATABASE_URL: mysql.url });
    db = createDataSource({ url: mysql.url });
    await db.initialize();
    await db.runMigrations();
    await seedDemoData(db);
    api = await startApi(db, { port: 0, host: '127.0.0.1' });
    const login = await gql(`mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }`, {
      u: DEMO.operator.username,
      p: DEMO.operator.password,
    });
    staff = login.data.staffLogin.accessToken;
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await new Promise<void>((r) => (api ? api.httpServer.close(() => r()) : r()));
    await db?.destroy().catch(() => undefined);
    await mysql?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('fails fast while the database is down, recovers by itself, and loses no acknowledged payment', async () => {
    // Under load before the outage.
    for (let i = 0; i < 20; i++) expect((await pay()).errors).toBeUndefined();
    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);

    await mysql.stop();
    const outageStart = Date.now();
    const during: { code?: string; ms: number }[] = [];
    while (Date.now() - outageStart < 10_000) {
      const results = await Promise.all([pay(), pay(), pay()]);
      for (const r of results) during.push({ code: r.errors?.[0]?.extensions?.code, ms: r.ms });
    }
    const ready = await fetch(`${api.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await fetch(`${api.url}/healthz`).then((r) => r.status)).toBe(200);
    expect(during.length).toBeGreaterThan(10);
    expect(during.filter((d) => d.code !== "SERVICE_UNAVAILABLE").slice(0, 3)).toEqual([]);
    expect(Math.max(...during.map((d) => d.ms))).toBeLessThan(3000);

    mysql = await startEmbeddedMysql({ dataDir, port, database: 'kabinet_outage' });
    const recovered = Date.now();
    let ok = false;
    while (!ok && Date.now() - recovered < 30_000) {
      ok = !(await pay()).errors;
      if (!ok) await new Promise((r) => setTimeout(r, 250));
    }
    expect(ok).toBe(true);
    for (let i = 0; i < 20; i++) expect((await pay()).errors).toBeUndefined();
    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);

    const rows: { external_id: string }[] = await db.query("SELECT external_id FROM ledger_entries WHERE external_id LIKE 'outage-%'");
    const stored = new Set(rows.map((r) => r.external_id));
    expect(answeredOk.filter((id) => !stored.has(id))).toEqual([]);
    // eslint-disable-next-line no-console
    console.log(`outage: ${during.length} requests refused in 10 s (max ${Math.max(...during.map((d) => d.ms))} ms), ${answeredOk.length} payments acknowledged and stored`);
  }, 120_000);
});
