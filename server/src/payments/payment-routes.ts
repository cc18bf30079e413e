/**
 * The payment routes beside /graphql:
 *  - GET/POST /sandbox-gateway/pay/:id — the built-in sandbox gateway's confirmation page;
 *  - POST /payments/webhook/sandbox — the gateway's signed webhook (HMAC-SHA256 of the raw body);
 *  - GET /documents/payment-document.pdf?period=YYYY-MM[&account=N][&amount=R] — the payment document PDF,
 *    authorized by the same `Authorization: Bearer` header as the API.
 */
import express, { type Express, type Request, type Response } from 'express';
import { Account } from '../accounts/account.entity';
import { viewerOf } from '../auth/http-viewer';
import { effectiveScopes, missingScope, unauthenticatedFor } from '../auth/access';
import type { Viewer } from '../auth/viewer';
import { ApiScope, PaymentStatus } from '../common/enums';
import { log } from '../common/logger';
import { config } from '../config';
import { renderPaymentDocumentPdf } from '../documents/payment-document-pdf';
import { AppError, ErrorCode, badInput, forbidden, isDatabaseUnavailable, notFound, unauthenticated } from '../errors';
import { normalizeMoney } from '../money';
import type { Services } from '../services';
import { normalizeAccountNumber } from '../accounts/account-input';
import { paymentReturnUrl } from './card-payment.service';
import { SandboxGateway, type GatewayEvent } from './payment-gateway';
import { confirmationPage, messagePage } from './sandbox-page';
import { SIGNATURE_HEADER, verifyWebhookSignature } from './webhook-signature';

const STATUS_OF_CODE: Partial<Record<string, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

/** An error as JSON shaped like GraphQL's: `{ errors: [{ message, extensions: { code, field? } }] }`. */
function sendError(res: Response, error: unknown): void {
  if (error instanceof AppError) {
    res.status(STATUS_OF_CODE[error.code] ?? 400).json({ errors: [{ message: error.message, extensions: error.extensions }] });
    return;
  }
  if (isDatabaseUnavailable(error)) {
    res.status(503).json({ errors: [{ message: 'Сервис временно недоступен. Повторите попытку через минуту.', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } }] });
    return;
  }
  log.error('payment route failed', { error });
  res.status(500).json({ errors: [{ message: 'Внутренняя ошибка сервера. Повторите попытку позже.', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
}

/** Like Access.subscriberOrStaff(ACCOUNT_READ): a session, or a token with ACCOUNT_READ (subscriber) / OPERATOR (staff). */
function requireAccountReader(viewer: Viewer): Exclude<Viewer, { kind: 'anonymous' }> {
  if (viewer.kind === 'anonymous') throw unauthenticatedFor(viewer);
  if (viewer.via === 'token') {
    const needed = viewer.kind === 'staff' ? ApiScope.ACCOUNTS_READ_ANY : ApiScope.ACCOUNT_READ;
    if (!effectiveScopes(viewer).has(needed)) throw missingScope(viewer.kind === 'staff' ? [needed, ApiScope.OPERATOR] : [needed]);
  }
  return viewer;
}

function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badInput(name, `Параметр ${name} указан неверно.`);
  return value;
}

function mountPaymentDocumentPdf(app: Express, services: Services): void {
  app.get('/documents/payment-document.pdf', async (req, res) => {
    try {
      const viewer = requireAccountReader(await viewerOf(services, req));
      const period = queryString(req, 'period');
      const rawAccount = queryString(req, 'account');
      let account: Account | null;
      if (viewer.kind === 'subscriber') {
        account = await services.db.getRepository(Account).findOne({ where: { id: viewer.accountId } });
        if (!account) throw notFound('Лицевой счёт');
        if (rawAccount !== undefined && normalizeAccountNumber(rawAccount, 'account') !== account.number) {
          throw forbidden('Можно открыть только квитанцию своего лицевого счёта.');
        }
      } else {
        if (rawAccount === undefined) throw badInput('account', 'Укажите номер лицевого счёта: параметр account.');
        const number = normalizeAccountNumber(rawAccount, 'account');
        account = await services.db.getRepository(Account).findOne({ where: { number } });
        if (!account) throw new AppError(ErrorCode.NOT_FOUND, `Лицевой счёт ${number} не найден.`, { field: 'account' });
      }
      const data = await services.paymentDocuments.pdfData(account, period, queryString(req, 'amount'));
      const pdf = await renderPaymentDocumentPdf(data);
      res.status(200);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Length', String(pdf.length));
      res.setHeader('Content-Disposition', `inline; filename="kvitanciya-${account.number}-${data.period}.pdf"`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.end(pdf);
    } catch (error) {
      sendError(res, error);
    }
  });
}

/** Parses the webhook's JSON body; null when it is not `{ event, paymentId, amount }`. */
function parseEvent(raw: Buffer): GatewayEvent | null {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object') return null;
  const { event, paymentId, amount } = body as Record<string, unknown>;
  if (event !== 'payment.succeeded' && event !== 'payment.canceled') return null;
  if (typeof paymentId !== 'string' || !paymentId || paymentId.length > 64) return null;
  if (typeof amount !== 'string' && typeof amount !== 'number') return null;
  return { event, paymentId, amount: String(amount) };
}

function mountWebhook(app: Express, services: Services): void {
  app.post('/payments/webhook/sandbox', express.raw({ type: () => true, limit: '16kb' }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifyWebhookSignature(raw, req.headers[SIGNATURE_HEADER], config().paymentWebhookSecret)) {
      log.warn('payment webhook refused: bad or missing signature', { gateway: 'sandbox', ip: req.ip, signed: Boolean(req.headers[SIGNATURE_HEADER]), bytes: raw.length });
      res.status(401).json({ error: 'invalid signature' });
      return;
    }
    const event = parseEvent(raw);
    if (!event) {
      log.warn('payment webhook refused: malformed body', { gateway: 'sandbox', bytes: raw.length });
      res.status(400).json({ error: 'malformed event' });
      return;
    }
    try {
      const result = await services.cardPayments.applyGatewayEvent(event);
      switch (result.outcome) {
        case 'not_found':
          log.warn('payment webhook: unknown payment', { gateway: 'sandbox', paymentId: event.paymentId.slice(0, 64) });
          res.status(404).json({ error: 'unknown payment' });
          return;
        case 'amount_mismatch':
          res.status(400).json({ error: 'amount mismatch' });
          return;
        case 'unchanged':
          res.status(200).json({ ok: true, status: result.status, repeated: true });
          return;
        case 'succeeded':
          res.status(200).json({ ok: true, status: PaymentStatus.SUCCEEDED });
          return;
        case 'canceled':
          res.status(200).json({ ok: true, status: PaymentStatus.CANCELED });
          return;
      }
    } catch (error) {
      log.error('payment webhook failed', { gateway: 'sandbox', paymentId: event.paymentId, error });
      res.status(500).json({ error: 'internal error' });
    }
  });
}

function mountSandboxGateway(app: Express, services: Services): void {
  const gateway = services.cardPayments.gateway instanceof SandboxGateway ? services.cardPayments.gateway : new SandboxGateway();
  const html = (res: Response, status: number, body: string) => {
    res.status(status);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    res.send(body);
  };
  const settledPage = (id: string, status: PaymentStatus) => messagePage(
    status === PaymentStatus.SUCCEEDED ? 'Платёж уже оплачен' : 'Платёж отменён',
    status === PaymentStatus.SUCCEEDED ? 'Этот платёж уже проведён, повторно оплачивать его не нужно.' : 'Этот платёж отменён. Чтобы оплатить, начните новый платёж в личном кабинете.',
    paymentReturnUrl(id),
  );
  const unknownPage = () => messagePage('Платёж не найден', 'Ссылка на оплату неверна или устарела. Начните оплату заново в личном кабинете.', `${config().webUrl}/`);

  app.get('/sandbox-gateway/pay/:id', async (req, res) => {
    try {
      const found = await services.cardPayments.withAccount(String(req.params.id));
      if (!found) return html(res, 404, unknownPage());
      const { payment, account } = found;
      if (payment.status !== PaymentStatus.PENDING) return html(res, 200, settledPage(payment.id, payment.status));
      html(res, 200, confirmationPage({
        id: payment.id,
        amount: normalizeMoney(payment.amount),
        payee: config().payee.name,
        accountNumber: account.number,
        description: 'Оплата услуг водоснабжения и водоотведения',
      }));
    } catch (error) {
      log.error('sandbox gateway page failed', { error });
      html(res, 500, messagePage('Ошибка платёжного шлюза', 'Не удалось открыть страницу оплаты. Повторите попытку позже.', null));
    }
  });

  app.post('/sandbox-gateway/pay/:id', express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    try {
      const id = String(req.params.id);
      const decision = (req.body as Record<string, unknown> | undefined)?.decision;
      if (decision !== 'pay' && decision !== 'decline') {
        return html(res, 400, messagePage('Не выбрано действие', 'Нажмите «Оплатить» или «Отказаться».', null));
      }
      const found = await services.cardPayments.withAccount(id);
      if (!found) return html(res, 404, unknownPage());
      const { payment } = found;
      if (payment.status === PaymentStatus.PENDING) {
        const delivered = await gateway.sendWebhook({
          event: decision === 'pay' ? 'payment.succeeded' : 'payment.canceled',
          paymentId: payment.id,
          amount: normalizeMoney(payment.amount),
        });
        if (!delivered) {
          return html(res, 502, messagePage(
            'Не удалось передать результат',
            'Платёжный шлюз не смог сообщить сайту о результате оплаты. Повторите попытку через минуту.',
            paymentReturnUrl(payment.id),
            { action: `/sandbox-gateway/pay/${encodeURIComponent(payment.id)}`, decision },
          ));
        }
      }
      res.redirect(303, paymentReturnUrl(payment.id));
    } catch (error) {
      log.error('sandbox gateway decision failed', { error });
      html(res, 500, messagePage('Ошибка платёжного шлюза', 'Не удалось провести операцию. Повторите попытку позже.', null));
    }
  });
}

export function mountPaymentRoutes(app: Express, services: Services): void {
  mountWebhook(app, services);
  mountPaymentDocumentPdf(app, services);
  // The sandbox credits the ledger without taking money: it exists only while it is the configured gateway.
  if (services.cardPayments.gateway.name === 'sandbox') mountSandboxGateway(app, services);
}
