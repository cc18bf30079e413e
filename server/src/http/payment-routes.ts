/**
 * The payment routes beside /graphql:
 *  - GET/POST /sandbox-gateway/pay/:id — the built-in sandbox gateway's confirmation page;
 *  - POST /payments/webhook/sandbox — the gateway's signed webhook (HMAC-SHA256 of the raw body);
 *  - GET /documents/payment-document.pdf?period=YYYY-MM[&account=N][&amount=R] — the payment document PDF,
 *    authorized by the same `Authorization: Bearer` header as the API.
 */
import express, { type Express, type Request, type Response } from 'express';
import { PaymentStatus } from '../common/enums';
import { log } from '../common/logger';
import { config } from '../config';
import { renderPaymentDocumentPdf } from '../documents/payment-document-pdf';
import { badInput } from '../errors';
import { documentAccount } from './document-access';
import { sendHttpError } from './http-errors';
import { normalizeMoney } from '../money';
import type { Services } from '../services';
import { paymentReturnUrl } from '../payments/card-payment.service';
import { SandboxGateway, type GatewayEvent } from '../payments/payment-gateway';
import { confirmationPage, messagePage } from '../payments/sandbox-page';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../payments/webhook-signature';

function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badInput(name, `Параметр ${name} указан неверно.`);
  return value;
}

function mountPaymentDocumentPdf(app: Express, services: Services): void {
  app.get('/documents/payment-document.pdf', async (req, res) => {
    try {
      const account = await documentAccount(services, req);
      const period = queryString(req, 'period');
      const data = await services.paymentDocuments.pdfData(account, period, queryString(req, 'amount'));
      const pdf = await renderPaymentDocumentPdf(data);
      res.status(200);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Length', String(pdf.length));
      res.setHeader('Content-Disposition', `inline; filename="kvitanciya-${account.number}-${data.period}.pdf"`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.end(pdf);
    } catch (error) {
      sendHttpError(req, res, error, 'payment document');
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
