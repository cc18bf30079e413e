/** The portal's services, built once per process around one DataSource and one event bus. */
import type { DataSource } from 'typeorm';
import { createPubSub } from '@graphql-yoga/subscription';
import { AccountService } from './accounts/account.service';
import { AccountLinkService } from './accounts/account-links.service';
import { AuthService } from './auth/auth.service';
import { ViewerService } from './auth/viewer.service';
import { RevokedSessions } from './auth/revoked-sessions';
import { SecurityNotices } from './auth/security-notices';
import { SubscriptionTickets } from './auth/subscription-tickets';
import { Clock } from './common/clock';
import type { AppPubSub } from './common/pubsub';
import { Mailer } from './mail/mailer';
import { ReadingService } from './readings/reading.service';
import { MeterAdminService } from './readings/meter-admin.service';
import { LedgerService } from './ledger/ledger.service';
import { AppealService } from './appeals/appeal.service';
import { ApiTokenService } from './api-tokens/api-token.service';
import { CardPaymentService } from './payments/card-payment.service';
import { createPaymentGateway } from './payments/payment-gateway';
import { PaymentDocumentService } from './payments/payment-document.service';
import { PaymentRecordingService } from './payments/payment-recording.service';
import { AuditService } from './audit/audit.service';
import { TariffService } from './billing/tariff.service';
import { ResidentsService } from './billing/residents.service';
import { BillingCloseService } from './billing/billing-close.service';
import { AccountSearchService } from './accounts/account-search';
import { LedgerImportService } from './imports/ledger-import.service';
import { AttemptGuard } from './protection/attempts';
import type { LimitStore } from './protection/limit-store';
import { WebhookService } from './webhooks/webhook.service';

export interface ServiceOptions {
  mailer?: Mailer;
  pubSub?: AppPubSub;
  clock?: Clock;
  /** Where sign-in, registration and reset attempts are counted (in memory when omitted). */
  limitStore?: LimitStore;
}

export function createServices(db: DataSource, options: ServiceOptions = {}) {
  const mailer = options.mailer ?? new Mailer(db);
  const clock = options.clock ?? new Clock();
  const pubSub = options.pubSub ?? createPubSub();
  const revokedSessions = new RevokedSessions(db);
  const notices = new SecurityNotices(mailer);
  const attempts = new AttemptGuard(options.limitStore);
  const auth = new AuthService(db, mailer, attempts, revokedSessions);
  const accounts = new AccountService(db, auth, notices);
  const audit = new AuditService(db);
  const tariffs = new TariffService(db, audit);
  return {
    db,
    mailer,
    clock,
    pubSub,
    auth,
    revokedSessions,
    notices,
    tickets: new SubscriptionTickets(options.limitStore),
    viewers: new ViewerService(db, revokedSessions),
    accounts,
    accountLinks: new AccountLinkService(db, accounts, auth, attempts, mailer, audit),
    readings: new ReadingService(db, clock, mailer, audit),
    meterAdmin: new MeterAdminService(db, clock, audit),
    ledger: new LedgerService(db),
    appeals: new AppealService(db, mailer, pubSub, audit, clock),
    apiTokens: new ApiTokenService(db, auth, notices, clock),
    cardPayments: new CardPaymentService(db, clock, createPaymentGateway()),
    recordedPayments: new PaymentRecordingService(db, clock, audit),
    audit,
    tariffs,
    residents: new ResidentsService(db, audit),
    billingClose: new BillingCloseService(db, clock, tariffs, audit, {
      // Every step of a close, to the staff screens of every instance (Subscription.billingCloseProgress).
      onProgress: (row) => pubSub.publish('BILLING_CLOSE_PROGRESS', { period: row.period }),
    }),
    accountSearch: new AccountSearchService(db),
    ledgerImports: new LedgerImportService(db, clock, audit),
    paymentDocuments: new PaymentDocumentService(db, clock),
    webhooks: new WebhookService(db, clock, mailer),
  };
}

export type Services = ReturnType<typeof createServices>;
