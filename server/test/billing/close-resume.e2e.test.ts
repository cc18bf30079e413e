/**
 * A month close killed half-way and run again (#16): the `billing:close` command is killed (SIGKILL) while its
 * batches run; the month stays CLOSING with its progress and resume point; the close run again resumes after the
 * last committed batch. Compared with the same data closed in one go (a twin database): every account charged
 * exactly the same lines and amounts — none twice, none skipped. Also: the progress each batch announces, and
 * startBillingClose answering before the close ends.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { BillingCloseService } from '../../src/billing/billing-close.service';
import type { BillingPeriod } from '../../src/billing/billing-period.entity';
import { Clock } from '../../src/common/clock';
import { TariffService } from '../../src/billing/tariff.service';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { startTestApi, testConfig, type TestApi } from '../support/api';
import { subscribe } from '../appeals/helpers';
import { addLedger, addReading, addTariff, makeAccount, makeMeter, staffToken } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const PERIOD = '2026-10';
const ACCOUNTS = 120;

let reference: TestDatabase;
let interrupted: TestDatabase;

/** The same accounts in any database: readings, a month without one (average), a debt that draws a penalty. */
async function build(db: DataSource): Promise<void> {
  await addTariff(db, 'COLD_WATER', '45.12', '4.900', '2026-10-01');
  await addTariff(db, 'HOT_WATER', '213.60', '3.600', '2026-10-01');
  await addTariff(db, 'WASTEWATER', '39.77', '8.500', '2026-10-01');
  for (let i = 0; i < ACCOUNTS; i++) {
    const account = await makeAccount(db, 1 + (i % 3));
    const cold = await makeMeter(db, account, 'COLD_WATER', { initialValue: '100', admittedOn: '2026-06-01' });
    const hot = await makeMeter(db, account, 'HOT_WATER', { initialValue: '50', admittedOn: '2026-06-01' });
    for (const [n, period] of ['2026-07', '2026-08', '2026-09'].entries()) {
      await addReading(db, cold, period, String(100 + (n + 1) * (3 + (i % 5))));
      await addReading(db, hot, period, String(50 + (n + 1) * (1 + (i % 2))));
    }
    if (i % 4 !== 0) {
      await addReading(db, cold, PERIOD, String(100 + 4 * (3 + (i % 5)) + (i % 7) / 10));
      await addReading(db, hot, PERIOD, String(50 + 4 * (1 + (i % 2))));
    }
    if (i % 3 === 0) await addLedger(db, account, 'CHARGE', '2026-07-31', '2026-07', String(500 + i), `old:${i}`);
  }
}

/** Every line the close wrote, by account and external id: what must be the same however the close ran. */
async function closeLines(db: DataSource): Promise<string[]> {
  const rows: { external_id: string; amount: string; kind: string; description: string }[] = await db.query(
    "SELECT external_id, amount, kind, description FROM ledger_entries WHERE external_id LIKE 'close:%' OR external_id LIKE 'penalty:%' ORDER BY external_id",
  );
  return rows.map((r) => `${r.external_id} ${r.kind} ${r.amount} ${r.description}`);
}

/** The lines of the close made in one go, one worker (the first test makes it; a test run alone makes it here). */
async function referenceLines(): Promise<string[]> {
  if ((await rowOf(reference.db))?.status !== 'CLOSED') {
    await new BillingCloseService(reference.db, new Clock(), new TariffService(reference.db), undefined, { batchSize: 2, workers: 1 }).close(PERIOD, null);
  }
  return closeLines(reference.db);
}

/** The 40th account: it has an old debt, so the close writes it a penalty line (by INSERT … VALUES). */
async function fortiethAccount(db: DataSource): Promise<number> {
  const [{ id }] = await db.query('SELECT id FROM accounts ORDER BY id LIMIT 1 OFFSET 39');
  return Number(id);
}

const rowOf = async (db: DataSource): Promise<any> => (await db.query('SELECT * FROM billing_periods WHERE period = ?', [PERIOD]))[0];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  testConfig();
  reference = await createTestDatabase();
  interrupted = await createTestDatabase();
  await build(reference.db);
  await build(interrupted.db);
}, 120_000);
afterAll(async () => {
  await reference?.drop();
  await interrupted?.drop();
});

it('a close killed half-way resumes after its last committed batch: the same lines as a close in one go', async () => {
  const steps: BillingPeriod[] = [];
  // The reference: one worker, batch after batch, in one go.
  const closed = await new BillingCloseService(reference.db, new Clock(), new TariffService(reference.db), undefined, {
    batchSize: 2,
    workers: 1,
    onProgress: (row) => steps.push({ ...row }),
  }).close(PERIOD, null);
  expect(closed.status).toBe('CLOSED');
  expect(closed.accountsDone).toBe(ACCOUNTS);
  expect(closed.accountsTotal).toBe(ACCOUNTS);
  // Announced at the start, after each of the 60 batches, and when closed; never going back.
  expect(steps).toHaveLength(1 + ACCOUNTS / 2 + 1);
  expect(steps[0]).toMatchObject({ status: 'CLOSING', accountsDone: 0, accountsTotal: ACCOUNTS });
  expect(steps.map((s) => s.accountsDone)).toEqual([...steps.map((s) => s.accountsDone)].sort((a, b) => a - b));
  const expected = await closeLines(reference.db);
  expect(expected.length).toBeGreaterThan(ACCOUNTS * 3);
  expect(expected.some((l) => l.startsWith('penalty:'))).toBe(true);

  // The command-line close, killed while its batches run.
  const child = spawn(process.execPath, [
    path.join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'), '--transpile-only', '--project', 'server/tsconfig.json', 'server/src/cli/billing-close.ts', PERIOD,
  ], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: interrupted.url, BILLING_CLOSE_BATCH_SIZE: '2', LOG_LEVEL: 'error' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let killedAt: any = null;
  for (const until = Date.now() + 60_000; Date.now() < until && child.exitCode === null;) {
    const row = await rowOf(interrupted.db);
    if (row && row.accounts_done >= 10 && row.accounts_done < ACCOUNTS) {
      child.kill('SIGKILL');
      killedAt = row;
      break;
    }
    await sleep(2);
  }
  await exited;
  if (!killedAt) throw new Error(`the close was not caught half-way (it ran too fast or failed):\n${output}`);

  // Left CLOSING, with exactly what was committed: accounts done are the accounts charged; the resume point is the
  // end of the run of batches from the first that all committed (two workers commit out of order: a batch past it
  // may have committed too, never one before it missing).
  const left = await rowOf(interrupted.db);
  expect(left.status).toBe('CLOSING');
  expect(left.accounts_done).toBeGreaterThanOrEqual(killedAt.accounts_done);
  expect(left.accounts_done).toBeLessThan(ACCOUNTS);
  const [{ n: charged }] = await interrupted.db.query("SELECT COUNT(DISTINCT account_id) AS n FROM ledger_entries WHERE external_id LIKE 'close:%'");
  expect(Number(charged)).toBe(Number(left.accounts_done));
  const [{ n: upToResume }] = await interrupted.db.query('SELECT COUNT(*) AS n FROM accounts WHERE id <= ?', [left.resume_after_id]);
  const [{ n: chargedUpToResume }] = await interrupted.db.query(
    "SELECT COUNT(DISTINCT account_id) AS n FROM ledger_entries WHERE external_id LIKE 'close:%' AND account_id <= ?",
    [left.resume_after_id],
  );
  expect(Number(chargedUpToResume)).toBe(Number(upToResume));
  expect(Number(upToResume)).toBeLessThanOrEqual(Number(left.accounts_done));

  // Run again: it resumes, and ends with the very lines of the close made in one go.
  const resumedSteps: BillingPeriod[] = [];
  const resumed = await new BillingCloseService(interrupted.db, new Clock(), new TariffService(interrupted.db), undefined, {
    batchSize: 2,
    onProgress: (row) => resumedSteps.push({ ...row }),
  }).close(PERIOD, null);
  expect(resumed.status).toBe('CLOSED');
  expect(resumedSteps[0].accountsDone).toBe(Number(upToResume));
  expect(resumedSteps[0].doneAtRunStart).toBe(Number(upToResume));
  expect(resumed.accountsDone).toBe(ACCOUNTS);
  expect(resumed.accountsCharged).toBe(closed.accountsCharged);
  expect(resumed.totalCharged).toBe(closed.totalCharged);
  expect(await closeLines(interrupted.db)).toEqual(expected);
}, 120_000);

/** A trigger that runs `body` when the close writes the penalty line of account `victim` (and `when` holds). */
async function onPenaltyOf(db: DataSource, victim: number | string, name: string, body: string, when = 'TRUE'): Promise<void> {
  await db.query(
    `CREATE TRIGGER ${name} BEFORE INSERT ON ledger_entries FOR EACH ROW
       BEGIN IF NEW.account_id = ${Number(victim)} AND NEW.external_id LIKE 'penalty:%' AND ${when} THEN ${body} END IF; END`,
  );
}

it('with two workers, a batch that fails while the other worker commits later ones: the resume point stays before it, and the close run again ends with the same lines', async () => {
  const expected = await referenceLines();
  const failing = await createTestDatabase();
  try {
    await build(failing.db);
    // The 40th account's penalty (it has an old debt) cannot be written (as if the database failed there), after a
    // pause in which the other worker commits the batches after it: its batch rolls back. (The penalty's INSERT …
    // VALUES, not a charge's INSERT … SELECT: that one holds the table's AUTO-INC lock while it runs, and the other
    // worker would wait for it.)
    const victim = await fortiethAccount(failing.db);
    await onPenaltyOf(failing.db, victim, 'test_close_fails', "DO SLEEP(1); SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'test: the close fails here';");
    const service = () => new BillingCloseService(failing.db, new Clock(), new TariffService(failing.db), undefined, { batchSize: 2, workers: 2 });
    await expect(service().close(PERIOD, null)).rejects.toThrow(/the close fails here/);
    const left = await rowOf(failing.db);
    expect(left.status).toBe('CLOSING');
    expect(Number(left.resume_after_id)).toBeLessThan(Number(victim));
    // Every account up to the resume point is charged; the victim is not (its batch rolled back whole).
    const [{ n: upToResume }] = await failing.db.query('SELECT COUNT(*) AS n FROM accounts WHERE id <= ?', [left.resume_after_id]);
    const [{ n: chargedUpToResume }] = await failing.db.query(
      "SELECT COUNT(DISTINCT account_id) AS n FROM ledger_entries WHERE external_id LIKE 'close:%' AND account_id <= ?",
      [left.resume_after_id],
    );
    expect(Number(chargedUpToResume)).toBe(Number(upToResume));
    // Batches after the victim's did commit (out of order), and are counted as done, but the resume point is not past it.
    expect(Number(left.accounts_done)).toBeGreaterThan(Number(upToResume));
    const [{ n: chargedAfter }] = await failing.db.query("SELECT COUNT(DISTINCT account_id) AS n FROM ledger_entries WHERE external_id LIKE 'close:%' AND account_id > ?", [victim]);
    expect(Number(chargedAfter)).toBeGreaterThan(0);
    const [{ n: victimLines }] = await failing.db.query("SELECT COUNT(*) AS n FROM ledger_entries WHERE account_id = ? AND external_id LIKE 'close:%'", [victim]);
    expect(Number(victimLines)).toBe(0);
    // Mended and run again: the very lines of the close made in one go.
    await failing.db.query('DROP TRIGGER test_close_fails');
    const closed = await service().close(PERIOD, null);
    expect(closed.status).toBe('CLOSED');
    expect(closed.accountsDone).toBe(ACCOUNTS);
    expect(await closeLines(failing.db)).toEqual(expected);
  } finally {
    await failing.drop();
  }
}, 120_000);

it('a batch the database gives up (a deadlock between the workers) runs again: the close ends with the same lines', async () => {
  const expected = await referenceLines();
  const deadlocked = await createTestDatabase();
  try {
    await build(deadlocked.db);
    // Once (the flag is in a MEMORY table, which a rollback does not undo): the 40th account's penalty answers
    // as a deadlock victim does (errno 1213).
    const victim = await fortiethAccount(deadlocked.db);
    await deadlocked.db.query('CREATE TABLE test_given_up (n INT) ENGINE=MEMORY');
    await onPenaltyOf(
      deadlocked.db,
      victim,
      'test_close_deadlock',
      "INSERT INTO test_given_up VALUES (1); SIGNAL SQLSTATE '40001' SET MYSQL_ERRNO = 1213, MESSAGE_TEXT = 'test: Deadlock found when trying to get lock';",
      '(SELECT COUNT(*) FROM test_given_up) = 0',
    );
    const closed = await new BillingCloseService(deadlocked.db, new Clock(), new TariffService(deadlocked.db), undefined, { batchSize: 2, workers: 2 }).close(PERIOD, null);
    expect(closed.status).toBe('CLOSED');
    expect(closed.accountsDone).toBe(ACCOUNTS);
    const [{ n: gaveUp }] = await deadlocked.db.query('SELECT COUNT(*) AS n FROM test_given_up');
    expect(Number(gaveUp)).toBe(1);
    expect(await closeLines(deadlocked.db)).toEqual(expected);
  } finally {
    await deadlocked.drop();
  }
}, 120_000);

describe('over the API', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi({ BILLING_CLOSE_BATCH_SIZE: '3' });
    await build(t.database.db);
  }, 120_000);
  afterAll(() => t?.stop());

  it('startBillingClose answers at once with the month CLOSING; its progress comes live and in billingCloseStatus, until CLOSED', async () => {
    const staff = await staffToken(t);
    const live = subscribe(t.url, staff, 'subscription { billingCloseProgress { period status accountsDone accountsTotal estimatedSecondsLeft } }');
    await live.connected;
    await sleep(200);
    const started = await t.gql('mutation($p: Period!) { startBillingClose(period: $p) { period status accountsDone accountsTotal } }', { p: PERIOD }, staff);
    expect(started.errors).toBeUndefined();
    expect(started.data.startBillingClose).toEqual({ period: PERIOD, status: 'CLOSING', accountsDone: 0, accountsTotal: ACCOUNTS });
    // A second start while it runs: refused at once, not queued.
    const again = await t.gql('mutation($p: Period!) { startBillingClose(period: $p) { status } }', { p: PERIOD }, staff);
    const status = await t.gql('{ billingCloseStatus { inProgress { period status accountsDone accountsTotal } } }', {}, staff);
    await t.api.services.billingClose.settled();
    if (again.errors) expect(again.errors[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    else expect(again.data.startBillingClose.status).toBe('CLOSED'); // it had finished already
    if (status.data.billingCloseStatus.inProgress) expect(status.data.billingCloseStatus.inProgress.period).toBe(PERIOD);

    await sleep(300);
    const events = live.events.map((e) => e.data?.billingCloseProgress).filter(Boolean);
    await live.close();
    expect(events.length).toBeGreaterThanOrEqual(ACCOUNTS / 3);
    expect(events[0]).toMatchObject({ status: 'CLOSING', accountsTotal: ACCOUNTS });
    expect(events.at(-1)).toEqual({ period: PERIOD, status: 'CLOSED', accountsDone: ACCOUNTS, accountsTotal: ACCOUNTS, estimatedSecondsLeft: 0 });
    const done = events.map((e: { accountsDone: number }) => e.accountsDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    const after = await t.gql('{ billingCloseStatus { inProgress { period } lastClosed { period accountsDone } } }', {}, staff);
    expect(after.data.billingCloseStatus).toEqual({ inProgress: null, lastClosed: { period: PERIOD, accountsDone: ACCOUNTS } });
  });

  it('only staff with BILLING_ADMIN may follow a close', async () => {
    const res = await t.gql('mutation($p: Period!) { startBillingClose(period: $p) { status } }', { p: PERIOD });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
