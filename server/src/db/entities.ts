/** Every TypeORM entity of the portal, in one list for the DataSource. */
import { Account } from '../accounts/account.entity';
import { ApiToken } from '../api-tokens/api-token.entity';
import { Appeal } from '../appeals/appeal.entity';
import { AppealReply } from '../appeals/appeal-reply.entity';
import { PasswordResetToken } from '../auth/password-reset-token.entity';
import { RefreshSession } from '../auth/refresh-session.entity';
import { Subscriber } from '../auth/subscriber.entity';
import { CardPaymentPart } from '../payments/card-payment-part.entity';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { OutboxMessage } from '../mail/outbox-message.entity';
import { CardPayment } from '../payments/card-payment.entity';
import { Meter } from '../readings/meter.entity';
import { Reading } from '../readings/reading.entity';
import { Staff } from '../staff/staff.entity';
import { VerificationNotice } from '../readings/verification-notice.entity';
import { Tariff } from '../billing/tariff.entity';
import { BillingPeriod } from '../billing/billing-period.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { WebhookEndpoint } from '../webhooks/webhook-endpoint.entity';
import { WebhookEventRecord } from '../webhooks/webhook-event-record.entity';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity';

export const entities = [
  Account,
  Subscriber,
  CardPaymentPart,
  RefreshSession,
  PasswordResetToken,
  Staff,
  ApiToken,
  OutboxMessage,
  Meter,
  Reading,
  LedgerEntry,
  Appeal,
  AppealReply,
  CardPayment,
  VerificationNotice,
  Tariff,
  BillingPeriod,
  AuditEntry,
  WebhookEndpoint,
  WebhookEventRecord,
  WebhookDelivery,
];
