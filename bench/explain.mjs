/**
 * EXPLAIN of every statement the API runs for its operations, on the 100,000-account data set.
 *
 * With MariaDB's general log on (to mysql.general_log, only for this phase: it would slow the timed
 * ones), the bench calls every query and most mutations of the schema once or twice, as a subscriber,
 * an API token and an operator, plus the report and payment-document routes. It then reads back what
 * the API's own MySQL user sent, groups the statements by shape (literals and IN lists folded), and
 * runs EXPLAIN on one real example of each. A statement "scans" when it reads a table whole (access
 * type ALL) or a whole index (type index) and the optimizer expects more than 5,000 rows from it;
 * each such statement is also run 5 times and its median time reported.
 *
 * Not covered here: the month close's set-based batch statements (see `npm run bench:close -w server`),
 * registration and password reset (they need e-mailed codes).
 */
import { post } from './load.mjs';

const SCAN_ROWS = 5_000;

/** Scans kept on purpose, each with the reason (docs/BENCHMARKS.md); any other scan fails the row. */
export const ACCEPTED_SCANS = [
  {
    shape: /^SELECT COUNT\(\?\) AS `cnt` FROM `appeals` `a`$/,
    why: "totalCount of the operators' list of every appeal (no status filter): InnoDB counts through its smallest index",
  },
  {
    shape: /^SELECT .* FROM `accounts` `a` WHERE \(\(.*`a`\.`last_name` LIKE \?.*\) OR `a`\.`address` LIKE \?\)/,
    why: "staff search by a piece of the address (substring, as the search promises): no B-tree index serves '%…%'",
  },
];

export function accountNumberOf(id) {
  return String(900000000000 + id - 1).padStart(12, '0');
}

async function get(url, token) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status;
}

/** EXPLAIN names a table by its alias: the table behind it, as "table alias" (or the name alone). */
function tableOf(sql, alias) {
  if (!alias || String(alias).startsWith('<')) return alias;
  const a = String(alias).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?:FROM|JOIN|UPDATE)\\s+\`?(\\w+)\`?\\s+(?:AS\\s+)?\`?${a}\`?(?![\\w.])`, 'i').exec(sql);
  return m && m[1] !== alias ? `${m[1]} ${alias}` : alias;
}

/** Folds literals so that statements differing only in values group together. */
export function statementShape(sql) {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/'(?:[^'\\]|\\.|'')*'/g, '?')
    .replace(/\b0x[0-9a-f]+\b/gi, '?')
    .replace(/\b\d+(?:\.\d+)?\b/g, '?')
    .replace(/\(\s*\?(?:\s*,\s*\?)+\s*\)/g, '(?…)')
    .replace(/(\(\?(?:, \?)*\))(?:, \(\?(?:, \?)*\))+/g, '$1, …')
    .trim();
}

const EXPLAINABLE = /^\s*(SELECT|WITH|UPDATE|DELETE|INSERT\s+INTO\s+\S+\s*(\([^)]*\))?\s*SELECT|INSERT\s+INTO\s+\S+\s*(\([^)]*\))?\s*WITH)/i;

/**
 * operations: run by the caller; this function wraps them in the general log and explains what ran.
 * Returns { operations, statements, explained, scans, rows } (rows: every statement with its plan).
 */
export async function explainStatements({ admin, db, dbUser, run, log }) {
  const [[before]] = await admin.query('SELECT @@GLOBAL.general_log AS on_, @@GLOBAL.log_output AS output');
  await admin.query("SET GLOBAL log_output = 'TABLE'");
  await admin.query('TRUNCATE TABLE mysql.general_log');
  await admin.query('SET GLOBAL general_log = 1');
  let operations;
  try {
    operations = await run();
    for (const e of operations.errors.slice(0, 5)) log(`  operation error: ${e}`);
  } finally {
    await admin.query('SET GLOBAL general_log = 0');
  }
  const [logged] = await admin.query(
    "SELECT CONVERT(argument USING utf8mb4) AS sql_text FROM mysql.general_log WHERE user_host LIKE ? AND command_type IN ('Query', 'Execute') ORDER BY event_time",
    [`${dbUser}[%`],
  );
  await admin.query('TRUNCATE TABLE mysql.general_log');
  await admin.query(`SET GLOBAL log_output = '${before.output}'`);
  await admin.query(`SET GLOBAL general_log = ${Number(before.on_) ? 1 : 0}`);

  const shapes = new Map();
  for (const { sql_text: sql } of logged) {
    const shape = statementShape(sql);
    const s = shapes.get(shape);
    if (s) s.count++;
    else shapes.set(shape, { shape, example: sql, count: 1 });
  }
  const rows = [];
  const scans = [];
  for (const s of shapes.values()) {
    if (!EXPLAINABLE.test(s.example) || /^\s*SELECT\s+(1|VERSION\(\)|@@|DATABASE\(\))/i.test(s.example) || /information_schema|FOR UPDATE SKIP/i.test(s.example)) {
      rows.push({ ...s, plan: null });
      continue;
    }
    let plan;
    try {
      [plan] = await db.query(`EXPLAIN ${s.example}`);
    } catch (e) {
      rows.push({ ...s, plan: null, error: e.message });
      continue;
    }
    const steps = plan.map((p) => ({ table: tableOf(s.example, p.table), type: p.type, key: p.key, rows: Number(p.rows ?? 0), extra: p.Extra }));
    const scanned = steps.filter((p) => (p.type === 'ALL' || p.type === 'index') && !String(p.table).startsWith('<') && p.rows > SCAN_ROWS);
    let ms = null;
    if (scanned.length && /^\s*(SELECT|WITH)/i.test(s.example)) {
      const times = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await db.query(s.example);
        times.push(performance.now() - t0);
      }
      ms = times.sort((a, b) => a - b)[2];
    }
    const accepted = scanned.length ? (ACCEPTED_SCANS.find((a) => a.shape.test(s.shape))?.why ?? null) : null;
    rows.push({ ...s, plan: steps, scans: scanned, ms, accepted });
    if (scanned.length) scans.push({ shape: s.shape, steps: scanned, ms, accepted });
  }
  const explained = rows.filter((r) => r.plan).length;
  log(`  ${operations.count} operations (${operations.errors.length} errors), ${logged.length} statements, ${shapes.size} shapes, ${explained} explained; ${scans.length} read more than ${SCAN_ROWS.toLocaleString('en')} rows of a table or index whole`);
  for (const s of scans) log(`    scan: ${s.steps.map((p) => `${p.table} (${p.type}${p.key ? ' ' + p.key : ''}, ~${p.rows} rows)`).join(', ')}${s.ms === null ? '' : `, ${s.ms.toFixed(1)} ms`}${s.accepted ? ' (accepted)' : ' (NOT accepted)'} — ${s.shape.slice(0, 140)}`);
  return { operations: operations.count, operationErrors: operations.errors, statements: logged.length, shapes: shapes.size, explained, scans, rows };
}

/** The operations replayed under the general log: every query and most mutations of the schema. */
export function apiOperations({ url, apiBase, subscriberToken, accountId, staffToken, password, pendingMeter, today, yearAgo }) {
  return async () => {
    let n = 0;
    const errors = [];
    const gql = async (token, query, variables = {}) => {
      n++;
      const res = await post(undefined, url, JSON.stringify({ query, variables }), token ? { authorization: `Bearer ${token}` } : {});
      const body = JSON.parse(res.body);
      if (body.errors) errors.push(`${query.slice(0, 60)}…: ${body.errors[0].message}`);
      return body.data;
    };
    const number = accountNumberOf(accountId);
    const sub = subscriberToken;
    // Subscriber: the dashboard, every list and page, the other queries.
    await gql(sub, `{ me { number balance amountDue advance unreadReplyCount email phone residents
      meters { id title previousReading { value } currentReading { value } readings(first: 12) { totalCount nodes { period value status } pageInfo { endCursor } } }
      ledger(first: 12) { totalCount openingBalance closingBalance totalCharged totalPaid nodes { date kind amount description } }
      appeals(first: 10) { totalCount nodes { id text status createdAt replies { text authorRole createdAt } } } } }`);
    const page1 = await gql(sub, `query($f: Date, $t: Date) { me { ledger(from: $f, to: $t, first: 50) { pageInfo { endCursor } nodes { amount } } } }`, { f: yearAgo, t: today });
    const cursor = page1?.me?.ledger?.pageInfo?.endCursor;
    if (cursor) await gql(sub, `query($f: Date, $t: Date, $a: String) { me { ledger(from: $f, to: $t, first: 50, after: $a) { nodes { amount } } } }`, { f: yearAgo, t: today, a: cursor });
    await gql(sub, `{ me { ledger(first: 20, order: ASC) { nodes { date amount } } } }`);
    const meters = await gql(sub, '{ me { meters { id } } }');
    const meterId = meters?.me?.meters?.[0]?.id;
    if (meterId) await gql(sub, `query($id: ID!) { meter(id: $id) { id serialNumber readings(first: 5) { nodes { value } } } }`, { id: meterId });
    await gql(sub, '{ readingsWindow { from to isOpen } utility { name } }');
    await gql(sub, '{ me { paymentDocument { period amount } } }');
    await gql(sub, `mutation { createAppeal(input: { text: "Проверка плана запросов" }) { id } }`);
    await gql(sub, 'mutation { markAppealsRead }');
    const intent = await gql(sub, 'mutation { startCardPayment(amount: "100.00") { id status } }');
    if (intent?.startCardPayment?.id) await gql(sub, `query($id: ID!) { payment(id: $id) { id status } }`, { id: intent.startCardPayment.id });
    // An API token: created, used, listed, revoked.
    // A token gives access without a password, so creating one asks for it (#12).
    const created = await gql(sub, 'mutation($p: String) { createApiToken(name: "explain", scopes: [ACCOUNT_READ], currentPassword: $p) { token apiToken { id } } }', { p: password });
    const apiToken = created?.createApiToken?.token;
    if (apiToken) await gql(apiToken, '{ me { number balance } }');
    await gql(sub, '{ apiTokens { id name } }');
    if (created?.createApiToken?.apiToken?.id) await gql(sub, `mutation($id: ID!) { revokeApiToken(id: $id) }`, { id: created.createApiToken.apiToken.id });
    // Readings: a submission, then the operator's queue and review.
    if (pendingMeter) await gql(pendingMeter.token, `mutation($r: [ReadingInput!]!) { submitReadings(readings: $r) { id status } }`, { r: [{ meterId: pendingMeter.meterId, value: pendingMeter.value }] });
    const queue = await gql(staffToken, '{ readingsForReview(first: 20) { totalCount nodes { id value meter { serialNumber } } pageInfo { endCursor } } }');
    const reading = queue?.readingsForReview?.nodes?.[0]?.id;
    if (queue?.readingsForReview?.pageInfo?.endCursor) await gql(staffToken, `query($a: String) { readingsForReview(first: 20, after: $a) { nodes { id } } }`, { a: queue.readingsForReview.pageInfo.endCursor });
    if (reading) await gql(staffToken, `mutation($id: ID!) { reviewReading(readingId: $id, accept: true) { id status } }`, { id: reading });
    // Appeals: the operator's list, a reply, closing.
    const appeals = await gql(staffToken, '{ appealsForReview(status: OPEN, first: 20) { totalCount nodes { id text } pageInfo { endCursor } } }');
    await gql(staffToken, '{ appealsForReview(first: 20) { nodes { id } } }');
    const appealId = appeals?.appealsForReview?.nodes?.[0]?.id;
    if (appealId) {
      await gql(staffToken, `mutation($a: ID!) { replyToAppeal(appealId: $a, text: "Ответ оператора") { id } }`, { a: appealId });
      await gql(staffToken, `mutation($a: ID!) { closeAppeal(appealId: $a) { id status } }`, { a: appealId });
    }
    // Staff: search, an account, payments, residents, tariffs, uploads, the audit log.
    await gql(staffToken, `query($q: String!) { searchAccounts(query: $q, first: 20) { totalCount nodes { number lastName } } }`, { q: number.slice(0, 8) });
    await gql(staffToken, `query($q: String!) { searchAccounts(query: $q, first: 20) { totalCount nodes { number } } }`, { q: 'Иванов' });
    await gql(staffToken, `query($q: String!) { searchAccounts(query: $q, first: 20) { totalCount nodes { number } } }`, { q: 'Ленина' });
    await gql(staffToken, `query($n: String!) { account(number: $n) { number balance residents meters { id } ledger(first: 10) { nodes { amount } } appeals(first: 5) { nodes { id } } } }`, { n: number });
    await gql(staffToken, `mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { id amount } }`, { i: { accountNumber: number, amount: '250.00', externalId: `explain-${Date.now()}`, paidOn: today } });
    await gql(staffToken, `mutation($i: String!) { importPaymentRegistry(csv: $i) { loaded skipped } }`, {
      i: `external_id;account_number;amount;paid_on\nexplain-r1-${Date.now()};${number};10.00;${today}\nexplain-r2-${Date.now()};${accountNumberOf(accountId + 1)};20.00;${today}\n`,
    });
    await gql(staffToken, `mutation($n: String!) { setResidents(accountNumber: $n, residents: 2) { residents } }`, { n: number });
    await gql(staffToken, '{ tariffs { service validFrom normPerResident } }');
    await gql(staffToken, `query($d: Date!) { tariffInForce(service: COLD_WATER, on: $d) { validFrom } }`, { d: today });
    await gql(staffToken, '{ auditLog(first: 20) { totalCount nodes { action } } }');
    await gql(staffToken, '{ auditLog(first: 20, entityType: "reading") { nodes { action } } }');
    // Sign-in, refresh, sign-out.
    const login = await gql(null, `mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken refreshToken } }`, { n: number, p: password });
    if (login?.login?.refreshToken) {
      const refreshed = await gql(null, `mutation($r: String!) { refreshSession(refreshToken: $r) { refreshToken } }`, { r: login.login.refreshToken });
      if (refreshed?.refreshSession?.refreshToken) await gql(null, `mutation($r: String!) { logout(refreshToken: $r) }`, { r: refreshed.refreshSession.refreshToken });
    }
    // The plain routes: the ledger report and the payment document.
    for (const path of [`/reports/ledger.csv?from=${yearAgo}&to=${today}`, `/reports/ledger.pdf?from=${yearAgo}&to=${today}`, '/documents/payment-document.pdf']) {
      n++;
      const status = await get(`${apiBase}${path}`, sub);
      if (status !== 200) errors.push(`${path}: ${status}`);
    }
    return { count: n, errors };
  };
}
