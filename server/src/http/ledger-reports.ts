/**
 * GET /reports/ledger.csv and /reports/ledger.pdf?from=YYYY-MM-DD&to=YYYY-MM-DD
 * — the ledger report, authorized with the same bearer token as the API
 * (a subscriber: their own account; staff: any, with &account=NUMBER).
 */
import type { Express, Request, Response } from 'express';
import { badInput } from '../errors';
import { documentAccount } from './document-access';
import { sendHttpError } from './http-errors';
import { isValidDate } from '../common/calendar';
import { ledgerCsv, renderLedgerPdf, type LedgerReportData } from '../documents/ledger-report';
import type { Services } from '../services';

function dateParam(req: Request, name: 'from' | 'to'): string | null {
  const v = req.query[name];
  if (v === undefined || v === '') return null;
  if (typeof v !== 'string' || !isValidDate(v)) throw badInput(name, `Параметр ${name} — дата в формате ГГГГ-ММ-ДД.`);
  return v;
}

async function reportData(services: Services, req: Request): Promise<LedgerReportData> {
  const account = await documentAccount(services, req);
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
      sendHttpError(req, res, e, 'ledger report');
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
      sendHttpError(req, res, e, 'ledger report');
    }
  });
}
