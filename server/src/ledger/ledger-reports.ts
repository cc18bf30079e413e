/**
 * GET /reports/ledger.csv and /reports/ledger.pdf?from=YYYY-MM-DD&to=YYYY-MM-DD
 * — the ledger report, authorized with the same bearer token as the API
 * (a subscriber: their own account; staff: any, with &account=NUMBER).
 */
import type { Express, Request, Response } from 'express';
import { viewerOf } from '../auth/http-viewer';
import { effectiveScopes } from '../auth/access';
import { ApiScope } from '../common/enums';
import { AppError } from '../errors';
import { isValidDate } from '../graphql/scalars';
import { ledgerCsv, renderLedgerPdf, type LedgerReportData } from '../documents/ledger-report';
import type { Services } from '../services';
import { log } from '../common/logger';
import type { Account } from '../accounts/account.entity';

export async function accountForDocument(services: Services, req: Request): Promise<Account> {
  const viewer = await viewerOf(services, req);
  if (viewer.kind === 'anonymous') throw httpError(401, 'Войдите в личный кабинет, чтобы скачать документ.');
  if (viewer.kind === 'subscriber') {
    if (viewer.via === 'token' && !(viewer.scopes ?? []).includes(ApiScope.ACCOUNT_READ)) throw httpError(403, 'У API-токена нет разрешения ACCOUNT_READ.');
    const own = await services.accounts.byId(viewer.accountId);
    if (req.query.account && req.query.account !== own.number) throw httpError(403, 'Можно скачать документы только своего лицевого счёта.');
    return own;
  }
  if (viewer.via === 'token' && !effectiveScopes(viewer).has(ApiScope.ACCOUNTS_READ_ANY)) throw httpError(403, 'У API-токена нет разрешения ACCOUNTS_READ_ANY (или OPERATOR).');
  const number = String(req.query.account ?? '');
  const account = number ? await services.accounts.byNumberFor(viewer, number) : null;
  if (!account) throw httpError(404, 'Укажите существующий лицевой счёт: ?account=NUMBER.');
  return account;
}

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
const httpError = (status: number, message: string) => new HttpError(status, message);

/** Sends a JSON error the way the API does: a code and a Russian message, no stack trace. */
export function sendError(res: Response, error: unknown): void {
  if (error instanceof HttpError) {
    const code = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' }[error.status] ?? 'BAD_USER_INPUT';
    res.status(error.status).json({ error: { code, message: error.message } });
  } else if (error instanceof AppError) {
    const status = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 }[error.code as string] ?? 400;
    res.status(status).json({ error: { code: error.code, message: error.message, ...error.extensions } });
  } else {
    log.error('document route failed', { error });
    res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Не удалось сформировать документ. Повторите попытку позже.' } });
  }
}

function dateParam(req: Request, name: 'from' | 'to'): string | null {
  const v = req.query[name];
  if (v === undefined || v === '') return null;
  if (typeof v !== 'string' || !isValidDate(v)) throw httpError(400, `Параметр ${name} — дата в формате ГГГГ-ММ-ДД.`);
  return v;
}

async function reportData(services: Services, req: Request): Promise<LedgerReportData> {
  const account = await accountForDocument(services, req);
  const from = dateParam(req, 'from');
  const to = dateParam(req, 'to');
  const { totals, entries } = await services.ledger.forReport(account.id, { from, to });
  const today = services.readings.today();
  return {
    account: { number: account.number, fullName: [account.lastName, account.firstName, account.middleName].filter(Boolean).join(' '), address: account.address },
    from: from ?? entries[0]?.date ?? today,
    to: to ?? today,
    openingBalance: totals.openingBalance,
    closingBalance: totals.closingBalance,
    totalCharged: totals.totalCharged,
    totalPaid: totals.totalPaid,
    entries: entries.map((e) => ({ date: e.date, kind: e.kind, period: e.period, description: e.description, amount: e.amount })),
  };
}

export function mountLedgerReports(app: Express, services: Services): void {
  app.get('/reports/ledger.csv', async (req, res) => {
    try {
      const data = await reportData(services, req);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="ledger-${data.account.number}-${data.from}-${data.to}.csv"`);
      res.send(ledgerCsv(data));
    } catch (e) {
      sendError(res, e);
    }
  });
  app.get('/reports/ledger.pdf', async (req, res) => {
    try {
      const data = await reportData(services, req);
      const pdf = await renderLedgerPdf(data);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `attachment; filename="ledger-${data.account.number}-${data.from}-${data.to}.pdf"`);
      res.send(pdf);
    } catch (e) {
      sendError(res, e);
    }
  });
}
