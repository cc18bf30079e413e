/**
 * A stand-in for the API, for working on the site and testing it in a browser without the real
 * server and its database: the project's generated schema (../schema.graphql; the contract's plus
 * src/lib/graphql/extra.graphql where there is none) over HTTP POST and graphql-ws, with the seed's
 * demo subscriber in memory, the report/PDF routes, and the same error codes. It is NOT the API: no
 * persistence, no real checks beyond what the screens need.
 *
 *   npx ts-node --transpile-only web/test/support/mock-api.ts        (port MOCK_API_PORT, default 4000)
 *
 * Demo logins: account 123456789101 / password "Demo-password-1" (registered);
 * registration works for 123456789102 with code 1234-5678-9102.
 * POST /mock/reply {"text": "..."} makes an operator answer the latest appeal (live, over graphql-ws).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { buildSchema, GraphQLError, graphql, subscribe, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

const WEB_ROOT = path.resolve(__dirname, '..', '..');

/** Above this many m³ a month a reading needs the subscriber's confirmation (the API's HIGH_CONSUMPTION_M3). */
const HIGH_CONSUMPTION_LITRES = 30_000n;

function loadSchema(): GraphQLSchema {
  // The API's own schema, as the site's operations are generated from it (codegen.ts).
  const rootPath = path.resolve(WEB_ROOT, '..', 'schema.graphql');
  if (existsSync(rootPath)) return buildSchema(readFileSync(rootPath, 'utf8'));
  const contractPath = path.resolve(WEB_ROOT, '..', '..', 'shared', 'contract', 'schema.graphql');
  const contract = readFileSync(contractPath, 'utf8');
  const extra = readFileSync(path.join(WEB_ROOT, 'src', 'lib', 'graphql', 'extra.graphql'), 'utf8');
  return buildSchema(`${contract}\n${extra}`);
}

const err = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, ...extra } });

// ---- State ---------------------------------------------------------------------------------

interface Reading {
  id: string;
  meterId: string;
  period: string;
  value: string;
  consumption: string | null;
  status: 'PENDING' | 'ACCEPTED' | 'REJECTED' | 'SUPERSEDED';
  source: 'SITE' | 'API' | 'OPERATOR';
  submittedAt: string;
  reviewedAt: string | null;
  rejectionReason: string | null;
  flagged?: boolean;
  rollover?: boolean;
}

function ymd(d: Date) {
  return d.toISOString().slice(0, 10);
}
function periodOf(d: Date) {
  return d.toISOString().slice(0, 7);
}
function addMonths(period: string, n: number) {
  const [y, m] = period.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return periodOf(d);
}
function kop(v: string) {
  const neg = v.startsWith('-');
  const [w, f = ''] = v.replace('-', '').split('.');
  const k = BigInt(w) * 100n + BigInt(f.padEnd(2, '0').slice(0, 2));
  return neg ? -k : k;
}
function money(k: bigint) {
  const neg = k < 0n;
  const a = neg ? -k : k;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}
function litres(v: string) {
  const [w, f = ''] = v.split('.');
  return BigInt(w) * 1000n + BigInt(f.padEnd(3, '0'));
}
function volume(l: bigint) {
  const w = l / 1000n;
  const f = (l % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return f ? `${w}.${f}` : `${w}`;
}

export function createState(now = new Date()) {
  const current = periodOf(now);
  const prev = addMonths(current, -1);
  let seq = 100;
  const id = (p: string) => `${p}${++seq}`;

  const meters = [
    { id: 'm1', kind: 'HOT_WATER', title: 'Сток гор.воды', serialNumber: '17-402331', admittedOn: '2017-07-01', verificationDueOn: '2030-12-01' },
    { id: 'm2', kind: 'COLD_WATER', title: 'Холодная вода', serialNumber: '17-402332', admittedOn: '2017-07-01', verificationDueOn: ymd(new Date(now.getTime() + 40 * 86400000)) },
  ];
  const readings: Reading[] = [];
  const hist: [string, number, number][] = [];
  for (let i = 8; i >= 1; i--) hist.push([addMonths(current, -i), 236 - i * 4 + (i === 1 ? 4 : 0), 400 - i * 5 + (i === 1 ? 5 : 0)]);
  let lastHot = 200;
  let lastCold = 360;
  for (const [p, hot, cold] of hist) {
    for (const [meterId, value, last] of [
      ['m1', hot, lastHot],
      ['m2', cold, lastCold],
    ] as const) {
      readings.push({
        id: id('r'),
        meterId,
        period: p,
        value: String(value),
        consumption: String(value - last),
        status: 'ACCEPTED',
        source: 'SITE',
        submittedAt: `${p}-20T09:15:00+03:00`,
        reviewedAt: `${p}-21T10:00:00+03:00`,
        rejectionReason: null,
      });
    }
    lastHot = hot;
    lastCold = cold;
  }
  void prev;

  const ledger = [
    { id: 'l1', date: '2020-01-31', kind: 'CHARGE', period: '2020-01', description: 'Начислено за январь 2020', amount: '1044.02' },
    { id: 'l2', date: '2020-02-29', kind: 'CHARGE', period: '2020-02', description: 'Начислено за февраль 2020', amount: '1044.02' },
    { id: 'l3', date: '2020-03-16', kind: 'PAYMENT', period: null, description: 'Оплата через банк', amount: '-3132.06' },
    { id: 'l4', date: '2020-03-31', kind: 'RECALCULATION', period: '2020-03', description: 'Перерасчёт по показаниям', amount: '-2890.64' },
    { id: 'l5', date: '2020-03-31', kind: 'CHARGE', period: '2020-03', description: 'Начислено за март 2020', amount: '1044.02' },
  ];
  const appeals: { id: string; text: string; status: string; createdAt: string; replies: { id: string; authorRole: string; text: string; createdAt: string }[] }[] = [
    {
      id: 'a1',
      text: 'Здравствуйте! Как передать показания, если счетчик заменили в этом месяце?',
      status: 'ANSWERED',
      createdAt: '2026-10-02T10:12:00+03:00',
      replies: [
        { id: 'rp1', authorRole: 'OPERATOR', text: 'Передайте акт замены в абонентский отдел; показания нового счетчика примем с даты установки.', createdAt: '2026-10-03T09:40:00+03:00' },
      ],
    },
  ];
  return {
    current,
    account: {
      id: 'acc1',
      number: '123456789101',
      unifiedNumber: '9088358428',
      lastName: 'Иванов',
      firstName: 'Иван',
      middleName: 'Иванович',
      address: 'г. Апатиты, ул. Ферсмана, д. 1, кв. 1',
      email: 'ivan@poshta.ru',
      phone: '+7(911)123-4567',
      receiptByEmail: true,
      paperReceipt: false,
      password: 'Demo-password-1',
      unread: 1,
    },
    meters,
    readings,
    ledger,
    appeals,
    payments: new Map<string, { id: string; amount: string; status: string; confirmationUrl: string }>(),
    sessions: new Map<string, { accountId: string }>(),
    refresh: new Map<string, { accountId: string }>(),
    /** One-time WebSocket tickets: the Authorization header of the session each stands for. */
    tickets: new Map<string, string>(),
    id,
  };
}

type State = ReturnType<typeof createState>;

// ---- Tokens -------------------------------------------------------------------------------

function b64(o: object) {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}
function issue(state: State, ttlSeconds: number) {
  const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
  const accessToken = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: state.account.id, exp, n: Math.random() })}.mock`;
  const refreshToken = `rt_${Math.random().toString(36).slice(2)}${Date.now()}`;
  state.sessions.set(accessToken, { accountId: state.account.id });
  state.refresh.set(refreshToken, { accountId: state.account.id });
  return { accessToken, refreshToken, expiresAt: new Date(exp * 1000).toISOString() };
}
function authorized(state: State, header: string | undefined) {
  const token = header?.replace(/^Bearer\s+/i, '');
  if (!token || !state.sessions.has(token)) return false;
  const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  return payload.exp > Date.now() / 1000;
}

// ---- Resolvers -----------------------------------------------------------------------------

function connection<T extends { id: string }>(items: T[], first = 20, after?: string | null) {
  const start = after ? Number(Buffer.from(after, 'base64').toString()) + 1 : 0;
  const slice = items.slice(start, start + Math.min(first ?? 20, 100));
  const edges = slice.map((node, i) => ({ node, cursor: Buffer.from(String(start + i)).toString('base64') }));
  return {
    edges,
    nodes: slice,
    totalCount: items.length,
    pageInfo: {
      hasNextPage: start + slice.length < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

function makeRoot(state: State, publishReply: (reply: unknown) => void, apiOrigin: () => string) {
  const balance = () => money(state.ledger.reduce((s, e) => s + kop(e.amount), 0n));
  const windowInfo = () => {
    const day = new Date().getUTCDate();
    const isOpen = process.env.MOCK_WINDOW_CLOSED ? false : day >= 1 && day <= 31;
    return { from: 15, to: 25, isOpen, opensOn: `${addMonths(state.current, isOpen ? 0 : 1)}-15`, currentPeriod: state.current };
  };
  const meterObj = (m: (typeof state.meters)[number]) => {
    const rs = state.readings.filter((r) => r.meterId === m.id).sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
    const withMeter = (r: Reading) => ({ flagged: false, rollover: false, ...r, meter: () => meterObj(m) });
    const prev = rs.find((r) => r.period < state.current && r.status === 'ACCEPTED');
    const cur = rs.find((r) => r.period === state.current) ?? null;
    return {
      ...m,
      verificationExpired: m.verificationDueOn < ymd(new Date()),
      previousReading: prev ? withMeter(prev) : null,
      currentReading: cur ? withMeter(cur) : null,
      readings: ({ first, after }: { first?: number; after?: string }) => connection(rs.map(withMeter), first, after),
    };
  };
  const appealObj = (a: (typeof state.appeals)[number]) => ({ ...a, account: () => accountObj(), replies: a.replies.map((r) => ({ ...r, appeal: () => appealObj(a) })) });
  const accountObj = () => ({
    ...state.account,
    balance: balance(),
    amountDue: kop(balance()) > 0n ? balance() : '0.00',
    advance: kop(balance()) < 0n ? money(-kop(balance())) : '0.00',
    unreadReplyCount: state.account.unread,
    meters: () => state.meters.map(meterObj),
    ledger: ({ from, to, first, after }: { from?: string; to?: string; first?: number; after?: string }) => {
      const all = [...state.ledger].sort((a, b) => b.date.localeCompare(a.date));
      const inRange = all.filter((e) => (!from || e.date >= from) && (!to || e.date <= to));
      const before = all.filter((e) => from && e.date < from).reduce((s, e) => s + kop(e.amount), 0n);
      const sum = (f: (e: (typeof all)[number]) => boolean) => inRange.filter(f).reduce((s, e) => s + kop(e.amount), 0n);
      return {
        ...connection(inRange, first, after),
        openingBalance: money(before),
        closingBalance: money(before + sum(() => true)),
        totalCharged: money(sum((e) => e.kind !== 'PAYMENT')),
        totalPaid: money(-sum((e) => e.kind === 'PAYMENT')),
      };
    },
    appeals: ({ first, after }: { first?: number; after?: string }) =>
      connection([...state.appeals].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map(appealObj), first, after),
    paymentDocument: ({ period, amount }: { period?: string; amount?: string }) => {
      const p = period ?? addMonths(state.current, -1);
      const owed = kop(balance());
      const amountDue = owed > 0n ? money(owed) : '0.00';
      if (amount !== undefined && amount !== null && !/^\d{1,6}(\.\d{1,2})?$/.test(amount)) {
        throw err('BAD_USER_INPUT', 'Укажите сумму в рублях числом, например 1044.02.', { field: 'amount' });
      }
      const chosen = amount ? money(kop(amount)) : null;
      return {
        period: p,
        issuedOn: ymd(new Date()),
        amount: chosen ?? amountDue,
        amountDue,
        advance: owed < 0n ? money(-owed) : '0.00',
        amountChosen: chosen !== null,
        qrPayload: 'ST00012|Name=АО «Апатитыводоканал»',
        pdfUrl: `${apiOrigin()}/documents/payment-${p}.pdf${chosen ? `?amount=${chosen}` : ''}`,
      };
    },
  });

  return {
    utility: () =>
      process.env.MOCK_NO_UTILITY
        ? (() => {
            throw err('GRAPHQL_VALIDATION_FAILED', 'Cannot query field "utility"');
          })()
        : {
            name: 'АО «Апатитыводоканал»',
            address: '184209, Мурманская обл., г. Апатиты, ул. Энергетическая, д. 24',
            phone: '+7 (81555) 6-11-00',
            email: 'info@apvod.ru',
            website: 'https://apvod.ru',
            workingHours: 'пн–чт 8:00–17:00, пт 8:00–16:00, обед 12:00–13:00',
            dispatcherPhone: '+7 (81555) 6-11-11',
          },
    readingsWindow: (_: unknown, ctx: Ctx) => (ctx.need(), windowInfo()),
    me: (_: unknown, ctx: Ctx) => (ctx.need(), accountObj()),
    account: (_: unknown, ctx: Ctx) => (ctx.need(), accountObj()),
    payment: ({ id }: { id: string }, ctx: Ctx) => {
      ctx.need();
      const p = state.payments.get(id);
      if (p && p.status === 'PENDING' && Date.now() - Number(p.id.split('_')[1]) > 4000) p.status = 'SUCCEEDED';
      return p ?? null;
    },
    apiTokens: () => [],
    register: ({ input }: { input: Record<string, string | boolean> }) => {
      const code = String(input.activationCode).replace(/\D/g, '');
      if (input.accountNumber === '123456789101') throw err('ALREADY_REGISTERED', 'Этот лицевой счет уже зарегистрирован. Войдите или восстановите пароль.', { field: 'accountNumber' });
      if (input.accountNumber !== '123456789102' || code !== '123456789102') {
        throw err('ACTIVATION_FAILED', 'Лицевой счет или код активации не подходят. Сверьте их с последней квитанцией.', { field: 'activationCode' });
      }
      return { accountNumber: input.accountNumber, maskedEmail: String(input.email).replace(/^(.).*(@.*)$/, '$1***$2') };
    },
    login: ({ accountNumber, password, remember }: { accountNumber: string; password: string; remember?: boolean }) => {
      if (accountNumber !== state.account.number || password !== state.account.password) {
        throw err('INVALID_CREDENTIALS', 'Неверный лицевой счет или пароль.');
      }
      void remember;
      return { ...issue(state, Number(process.env.MOCK_ACCESS_TTL ?? 900)), account: accountObj() };
    },
    refreshSession: ({ refreshToken }: { refreshToken: string }) => {
      if (!state.refresh.has(refreshToken)) throw err('UNAUTHENTICATED', 'Сеанс завершён. Войдите снова.');
      state.refresh.delete(refreshToken);
      return { ...issue(state, Number(process.env.MOCK_ACCESS_TTL ?? 900)), account: accountObj() };
    },
    logout: ({ refreshToken }: { refreshToken: string }) => state.refresh.delete(refreshToken) || true,
    requestPasswordReset: () => true,
    resetPassword: ({ token, newPassword }: { token: string; newPassword: string }) => {
      if (token !== 'good-token') throw err('INVALID_TOKEN', 'Ссылка недействительна или устарела. Запросите новую.');
      state.account.password = newPassword;
      return true;
    },
    updateSettings: ({ input }: { input: Record<string, string | boolean | undefined> }, ctx: Ctx) => {
      ctx.need();
      if (input.currentPassword !== state.account.password) throw err('CURRENT_PASSWORD_INVALID', 'Текущий пароль указан неверно.', { field: 'currentPassword' });
      if (input.newPassword && input.newPassword !== input.newPasswordRepeat) throw err('PASSWORD_MISMATCH', 'Пароли не совпадают.', { field: 'newPasswordRepeat' });
      for (const k of ['email', 'phone', 'receiptByEmail', 'paperReceipt'] as const) if (input[k] !== undefined && input[k] !== null) (state.account as Record<string, unknown>)[k] = input[k];
      if (input.newPassword) state.account.password = String(input.newPassword);
      return accountObj();
    },
    submitReadings: ({ readings, confirmUnusual }: { readings: { meterId: string; value: string }[]; confirmUnusual?: boolean }, ctx: Ctx) => {
      ctx.need();
      if (!windowInfo().isOpen) throw err('READINGS_WINDOW_CLOSED', 'Показания принимаются с 15 по 25 число месяца.');
      const out: unknown[] = [];
      const unusual: { meterId: string; title: string; value: string; consumption: string; rollover: boolean }[] = [];
      readings.forEach((r, i) => {
        const m = meterObj(state.meters.find((x) => x.id === r.meterId)!);
        if (m.previousReading && litres(r.value) < litres(m.previousReading.value)) {
          throw err('READING_BELOW_PREVIOUS', `Показание меньше предыдущего (${m.previousReading.value}).`, { field: `readings.${i}.value` });
        }
        const used = m.previousReading ? litres(r.value) - litres(m.previousReading.value) : 0n;
        if (used > HIGH_CONSUMPTION_LITRES) unusual.push({ meterId: m.id, title: m.title, value: r.value, consumption: volume(used), rollover: false });
      });
      if (unusual.length && !confirmUnusual) {
        throw err('CONFIRMATION_REQUIRED', 'Проверьте показания: расход намного больше обычного. Если всё верно, подтвердите передачу.', {
          field: 'confirmUnusual',
          readings: unusual,
          thresholdM3: '30',
        });
      }
      for (const r of readings) {
        const m = meterObj(state.meters.find((x) => x.id === r.meterId)!);
        for (const old of state.readings) if (old.meterId === r.meterId && old.period === state.current && old.status === 'PENDING') old.status = 'SUPERSEDED';
        const reading: Reading = {
          id: state.id('r'),
          meterId: r.meterId,
          period: state.current,
          value: r.value,
          consumption: m.previousReading ? volume(litres(r.value) - litres(m.previousReading.value)) : null,
          status: 'PENDING',
          source: 'SITE',
          submittedAt: new Date().toISOString(),
          reviewedAt: null,
          rejectionReason: null,
          flagged: unusual.some((u) => u.meterId === r.meterId),
          rollover: false,
        };
        state.readings.push(reading);
        out.push({ ...reading, meter: () => m });
      }
      return out;
    },
    createAppeal: ({ input }: { input: { text: string } }, ctx: Ctx) => {
      ctx.need();
      if (input.text.length > 500) throw err('BAD_USER_INPUT', 'Не больше 500 символов.', { field: 'text' });
      const a = { id: state.id('a'), text: input.text, status: 'OPEN', createdAt: new Date().toISOString(), replies: [] };
      state.appeals.push(a);
      return appealObj(a);
    },
    createSubscriptionTicket: (_: unknown, ctx: Ctx) => {
      ctx.need();
      const ticket = `tk_${Math.random().toString(36).slice(2)}${Date.now()}`;
      state.tickets.set(ticket, ctx.auth!);
      return { ticket, expiresAt: new Date(Date.now() + 60_000).toISOString() };
    },
    markAppealsRead: (_: unknown, ctx: Ctx) => {
      ctx.need();
      state.account.unread = 0;
      return true;
    },
    startCardPayment: ({ amount }: { amount: string }, ctx: Ctx) => {
      ctx.need();
      const id = `pay_${Date.now()}`;
      const p = { id, amount: money(kop(String(amount))), status: 'PENDING', confirmationUrl: `${apiOrigin()}/mock/gateway?payment=${id}` };
      state.payments.set(id, p);
      return p;
    },
    appealReplied: async function* (_: unknown, ctx: Ctx) {
      ctx.need();
      const queue: unknown[] = [];
      let wake: (() => void) | null = null;
      const listener = (reply: unknown) => {
        queue.push({ appealReplied: reply });
        wake?.();
      };
      listeners.add(listener);
      try {
        for (;;) {
          while (queue.length) yield queue.shift();
          await new Promise<void>((r) => (wake = r));
        }
      } finally {
        listeners.delete(listener);
      }
    },
    _publish: publishReply,
  };
}

interface Ctx {
  auth?: string;
  need(): void;
}
const listeners = new Set<(reply: unknown) => void>();

// ---- Server --------------------------------------------------------------------------------

export interface MockApi {
  server: Server;
  url: string;
  state: State;
  reply(text: string): void;
  close(): Promise<void>;
}

export async function startMockApi(port = 0): Promise<MockApi> {
  const schema = loadSchema();
  const state = createState();
  let origin = '';
  const publish = (reply: unknown) => listeners.forEach((l) => l(reply));
  const root = makeRoot(state, publish, () => origin);
  const ctxFor = (auth: string | undefined): Ctx => ({
    auth,
    need() {
      if (!authorized(state, auth)) throw err('UNAUTHENTICATED', 'Войдите в личный кабинет, чтобы продолжить.');
    },
  });
  // Root fields receive (args, ctx); graphql-js calls rootValue functions so.
  const rootValue = Object.fromEntries(
    Object.entries(root).map(([k, v]) => [k, typeof v === 'function' ? (args: unknown, ctx: Ctx) => (v as (a: unknown, c: Ctx) => unknown)(args, ctx) : v]),
  );

  const reply = (text: string) => {
    const appeal = [...state.appeals].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    const r = { id: state.id('rp'), authorRole: 'OPERATOR', text, createdAt: new Date().toISOString() };
    appeal.replies.push(r);
    appeal.status = 'ANSWERED';
    state.account.unread += 1;
    publish({ ...r, appeal: { ...appeal, account: null, replies: [] } });
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => resolve(data));
    });
    const auth = req.headers.authorization;
    if (url.pathname === '/graphql' && req.method === 'POST') {
      const { query, variables, operationName } = JSON.parse(body || '{}');
      const result = await graphql({ schema, source: query, variableValues: variables, operationName, rootValue, contextValue: ctxFor(auth) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(result));
      return;
    }
    if (/^\/(reports\/ledger|documents\/)/.test(url.pathname)) {
      if (!authorized(state, auth)) {
        res.writeHead(401, { 'content-type': 'text/plain' });
        res.end('unauthorized');
        return;
      }
      if (url.pathname.endsWith('.csv')) {
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="ledger.csv"' });
        res.end('\ufeffДата;Вид;Начисления;Оплата\n31.01.2020;Начислено;1044,02;\n');
      } else {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end(`%PDF-1.4\n% mock ${url.pathname}${url.search}\n%%EOF\n`);
      }
      return;
    }
    if (url.pathname === '/mock/reply' && req.method === 'POST') {
      reply(JSON.parse(body || '{}').text ?? 'Ответ оператора');
      res.writeHead(204);
      res.end();
      return;
    }
    if (url.pathname === '/mock/gateway') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="ru"><title>Песочница</title><h1>Тестовый платёжный шлюз</h1><p>${url.searchParams.get('payment')}</p></html>`);
      return;
    }
    res.writeHead(404);
    res.end();
  });

  const wss = new WebSocketServer({ server, path: '/graphql' });
  useServer(
    {
      schema,
      // The site's pages connect with a one-time ticket (as with the real API); other clients with Authorization.
      onConnect: (ctx) => {
        const ticket = ctx.connectionParams?.ticket;
        if (typeof ticket === 'string' && ticket) {
          const auth = state.tickets.get(ticket);
          state.tickets.delete(ticket);
          if (!auth) return false;
          (ctx.extra as { auth?: string }).auth = auth;
        } else {
          (ctx.extra as { auth?: string }).auth = (ctx.connectionParams?.Authorization as string | undefined) ?? undefined;
        }
        return true;
      },
      context: (ctx) => ctxFor((ctx.extra as { auth?: string }).auth),
      subscribe: (args) =>
        subscribe({ ...args, rootValue: { appealReplied: (a: unknown, c: Ctx) => root.appealReplied(a, c) } }),
    },
    wss,
  );

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  origin = `http://127.0.0.1:${actualPort}`;
  return {
    server,
    url: `${origin}/graphql`,
    state,
    reply,
    close: () =>
      new Promise<void>((resolve) => {
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

if (require.main === module) {
  startMockApi(Number(process.env.MOCK_API_PORT ?? 4000)).then((api) => {
    console.log(`mock API at ${api.url}`);
  });
}
