/**
 * Card payment gateways. The portal creates a payment at the gateway, sends the subscriber to
 * the gateway's confirmation page, and learns the outcome from the gateway's signed webhook
 * (see card-payment.service.ts). The built-in sandbox gateway is the default; a real one
 * (e.g. YooKassa's API shape) implements the same interface and is chosen by configuration.
 */
import { log } from '../common/logger';
import { config } from '../config';
import { SIGNATURE_HEADER, signWebhookBody } from './webhook-signature';

export interface CreatePaymentRequest {
  /** Our payment id (card_payments.id), also the gateway's idempotence key. */
  id: string;
  /** Rubles, decimal string with two fraction digits. */
  amount: string;
  description: string;
  /** Where the gateway sends the browser back after the payment. */
  returnUrl: string;
}

export interface PaymentGateway {
  /** Stored in card_payments.gateway and used in the webhook's path (/payments/webhook/<name>). */
  readonly name: string;
  createPayment(request: CreatePaymentRequest): Promise<{ confirmationUrl: string }>;
}

export type GatewayEventType = 'payment.succeeded' | 'payment.canceled';

/** The webhook's JSON body: `{ event, paymentId, amount }`. */
export interface GatewayEvent {
  event: GatewayEventType;
  paymentId: string;
  /** Rubles as the gateway reports them, "1500.00". */
  amount: string;
}

export function sandboxPaymentUrl(id: string): string {
  return `${config().publicUrl}/sandbox-gateway/pay/${encodeURIComponent(id)}`;
}

export function sandboxWebhookUrl(): string {
  return `${config().publicUrl}/payments/webhook/sandbox`;
}

/**
 * The sandbox gateway: its confirmation page is served by this API itself (http/payment-routes.ts,
 * /sandbox-gateway/pay/:id), and it calls our webhook over HTTP, signed, like a real gateway.
 */
export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox';

  async createPayment(request: CreatePaymentRequest): Promise<{ confirmationUrl: string }> {
    return { confirmationUrl: sandboxPaymentUrl(request.id) };
  }

  /** POSTs the signed event to the webhook, retrying briefly; true once it answered 2xx. */
  async sendWebhook(event: GatewayEvent, attempts = 3): Promise<boolean> {
    const body = JSON.stringify(event);
    const signature = signWebhookBody(body, config().paymentWebhookSecret);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const res = await fetch(sandboxWebhookUrl(), {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return true;
        log.warn('sandbox gateway: webhook answered an error', { paymentId: event.paymentId, status: res.status, attempt });
        // A 4xx will not get better by repeating it.
        if (res.status < 500) return false;
      } catch (error) {
        log.warn('sandbox gateway: webhook unreachable', { paymentId: event.paymentId, attempt, error });
      }
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
    return false;
  }
}

/** The gateway configured by PAYMENT_GATEWAY (only the sandbox is built in). */
export function createPaymentGateway(name: string = config().paymentGateway): PaymentGateway {
  switch (name) {
    case 'sandbox':
      if (config().isProduction) {
        log.warn('card payments use the built-in SANDBOX gateway: payments are credited without taking money. Configure a real gateway for production.');
      }
      return new SandboxGateway();
    default:
      throw new Error(`Unknown payment gateway "${name}"`);
  }
}
