/**
 * The baseline: the dashboard's data served by a bare node:http handler with hand-written
 * mysql2 SQL on the same database. It verifies the same JWT (HS256, issuer, audience), reads
 * the same fields and answers the same JSON shape ({ data: { me: … } }), but has no GraphQL
 * parsing, validation, resolvers, DataLoaders, ORM, express or rate limiting.
 *
 *   PORT=4199 DATABASE_URL=mysql://… JWT_SECRET=… node bench/raw-server.mjs
 */
import http from 'node:http';
import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import mysql from 'mysql2/promise';
import { baselineReadings } from './raw-statements.mjs';

const u = new URL(process.env.DATABASE_URL);
const pool = mysql.createPool({
  host: u.hostname,
  port: Number(u.port || 3306),
  user: decodeURIComponent(u.username),
  password: decodeURIComponent(u.password),
  database: u.pathname.slice(1),
  connectionLimit: 10,
  supportBigNumbers: true,
  bigNumberStrings: true,
  dateStrings: true,
  timezone: 'Z',
  // ?socketPath=… (as the API's DATABASE_URL): the Unix socket instead of TCP.
  ...(u.searchParams.get('socketPath') ? { socketPath: u.searchParams.get('socketPath') } : {}),
});
pool.pool.on('connection', (c) => c.query("SET time_zone = '+00:00'"));

// A KeyObject made once (as server/src/auth/jwt.ts does): a string secret makes jsonwebtoken try PEM parsing on every call.
const secret = createSecretKey(Buffer.from(process.env.JWT_SECRET, 'utf8'));
const localMonth = () => new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 7);
const localDay = () => new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);
const volume = (v) => (v === null ? null : String(v));

async function dashboard(accountId) {
  const period = localMonth();
  const [[[account]], [meters], [ledger], [appeals]] = await Promise.all([
    pool.query(
      `SELECT a.number,
         (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE account_id = a.id) AS balance,
         (SELECT COUNT(*) FROM appeal_replies r JOIN appeals p ON p.id = r.appeal_id WHERE p.account_id = a.id AND r.author_role = 'OPERATOR' AND r.read_at IS NULL) AS unread
       FROM accounts a WHERE a.id = ?`,
      [accountId],
    ),
    pool.query('SELECT id, title, serial_number, verification_due_on FROM meters WHERE account_id = ? ORDER BY id', [accountId]),
    pool.query(
      `SELECT t.*, e.date, e.kind, e.amount, e.description FROM
         (SELECT COALESCE(SUM(amount), 0) AS closing, COALESCE(SUM(CASE WHEN kind <> 'PAYMENT' THEN amount END), 0) AS charged,
                 COALESCE(-SUM(CASE WHEN kind = 'PAYMENT' THEN amount END), 0) AS paid, COUNT(*) AS n
          FROM ledger_entries WHERE account_id = ?) t
       LEFT JOIN (SELECT date, kind, amount, description, id FROM ledger_entries WHERE account_id = ? ORDER BY date DESC, id DESC LIMIT 12) e ON TRUE
       ORDER BY e.date DESC, e.id DESC`,
      [accountId, accountId],
    ),
    pool.query(
      `SELECT a.id, a.text, a.status, a.created_at, (SELECT COUNT(*) FROM appeals WHERE account_id = ?) AS n
       FROM appeals a WHERE a.account_id = ? ORDER BY a.created_at DESC, a.id DESC LIMIT 10`,
      [accountId, accountId],
    ),
  ]);
  if (!account) return null;
  const meterIds = meters.map((m) => m.id);
  const appealIds = appeals.map((a) => a.id);
  const [[readings], [replies]] = await Promise.all([
    meterIds.length
      ? pool.query(...baselineReadings(meterIds, period))
      : [[]],
    appealIds.length
      ? pool.query('SELECT appeal_id, text, author_role, created_at FROM appeal_replies WHERE appeal_id IN (?) ORDER BY created_at, id', [appealIds])
      : [[]],
  ]);
  const prev = new Map();
  const cur = new Map();
  for (const r of readings) (r.rn_kind === 'P' ? prev : cur).set(r.meter_id, r);
  const repliesOf = new Map();
  for (const r of replies) {
    if (!repliesOf.has(r.appeal_id)) repliesOf.set(r.appeal_id, []);
    repliesOf.get(r.appeal_id).push({ text: r.text, authorRole: r.author_role, createdAt: new Date(r.created_at + 'Z').toISOString() });
  }
  const balance = Number(account.balance);
  const today = localDay();
  const t = ledger[0];
  return {
    number: account.number,
    balance: String(account.balance),
    amountDue: balance > 0 ? String(account.balance) : '0.00',
    advance: balance < 0 ? String(account.balance).slice(1) : '0.00',
    unreadReplyCount: Number(account.unread),
    meters: meters.map((m) => {
      const p = prev.get(m.id);
      const c = cur.get(m.id);
      return {
        id: String(m.id),
        title: m.title,
        serialNumber: m.serial_number,
        verificationDueOn: m.verification_due_on,
        verificationExpired: m.verification_due_on < today,
        previousReading: p ? { value: volume(p.value), period: p.period, status: p.status } : null,
        currentReading: c ? { value: volume(c.value), status: c.status, consumption: volume(c.consumption) } : null,
      };
    }),
    ledger: {
      totalCount: Number(t.n),
      openingBalance: '0.00',
      closingBalance: String(t.closing),
      totalCharged: String(t.charged),
      totalPaid: String(t.paid),
      nodes: ledger.filter((e) => e.date !== null).map((e) => ({ date: e.date, kind: e.kind, amount: String(e.amount), description: e.description })),
    },
    appeals: {
      totalCount: appeals.length ? Number(appeals[0].n) : 0,
      nodes: appeals.map((a) => ({
        id: String(a.id),
        text: a.text,
        status: a.status,
        createdAt: new Date(a.created_at + 'Z').toISOString(),
        replies: repliesOf.get(a.id) ?? [],
      })),
    },
  };
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const send = (status, body) => {
      const data = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
      res.end(data);
    };
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      let claims;
      try {
        claims = m && jwt.verify(m[1], secret, { algorithms: ['HS256'], issuer: 'kabinet', audience: 'kabinet-api' });
      } catch {
        claims = null;
      }
      if (!claims || claims.typ !== 'SUBSCRIBER') return send(200, { errors: [{ message: 'unauthenticated' }] });
      const me = await dashboard(Number(claims.sub));
      send(200, { data: { me } });
    } catch (e) {
      send(500, { errors: [{ message: String(e) }] });
    }
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT || 4199), '127.0.0.1', () => process.stdout.write('raw baseline listening\n'));
process.on('SIGTERM', () => {
  server.close();
  pool.end().finally(() => process.exit(0));
});
