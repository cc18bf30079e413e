/**
 * Card payment gateways. The portal creates a payment at the gateway, sends the subscriber to
 * the gateway's confirmation page, and learns the outcome from the gateway's signed webhook
 * (see card-payment.service.ts). The built-in sandbox gateway is the default; a real one
 * (e.g. YooKassa's API shape) implements the same interface and is chosen by configuration.
 */
import { config } from '../config';

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

/**
 * The sandbox gateway: its «confirmation page» is served by this API itself
 * (payment-routes.ts, /sandbox-gateway/pay/:id), and it calls our webhook like a real gateway would.
 */
export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox';

  async createPayment(request: CreatePaymentRequest): Promise<{ confirmationUrl: string }> {
    return { confirmationUrl: sandboxPaymentUrl(request.id) };
  }
}

export function sandboxPaymentUrl(id: string): string {
  return `${config().publicUrl}/sandbox-gateway/pay/${encodeURIComponent(id)}`;
}

/** The gateway configured by PAYMENT_GATEWAY (only the sandbox is built in). */
export function createPaymentGateway(name: string = config().paymentGateway): PaymentGateway {
  switch (name) {
    case 'sandbox':
      return new SandboxGateway();
    default:
      throw new Error(`Unknown payment gateway "${name}"`);
  }
}
