/** The portal's services, built once per process around one DataSource and one event bus. */
import type { DataSource } from 'typeorm';
import { createPubSub } from '@graphql-yoga/subscription';
import { AccountService } from './accounts/account.service';
import { AuthService } from './auth/auth.service';
import { ViewerService } from './auth/viewer.service';
import { Clock } from './common/clock';
import type { AppPubSub } from './graphql/pubsub';
import { Mailer } from './mail/mailer';
import { ReadingService } from './readings/reading.service';
import { LedgerService } from './ledger/ledger.service';
import { AppealService } from './appeals/appeal.service';
import { ApiTokenService } from './api-tokens/api-token.service';
import { CardPaymentService } from './payments/card-payment.service';
import { createPaymentGateway } from './payments/payment-gateway';
import { PaymentDocumentService } from './payments/payment-document.service';
import { PaymentRecordingService } from './payments/payment-recording.service';

export interface ServiceOptions {
  mailer?: Mailer;
  pubSub?: AppPubSub;
  clock?: Clock;
}

export function createServices(db: DataSource, options: ServiceOptions = {}) {
  const mailer = options.mailer ?? new Mailer(db);
  const clock = options.clock ?? new Clock();
  const pubSub = options.pubSub ?? createPubSub();
  const auth = new AuthService(db, mailer);
  const accounts = new AccountService(db, auth);
  return {
    db,
    mailer,
    clock,
    pubSub,
    auth,
    viewers: new ViewerService(db),
    accounts,
    readings: new ReadingService(db, clock, mailer),
    ledger: new LedgerService(db),
    appeals: new AppealService(db, mailer, pubSub),
    apiTokens: new ApiTokenService(db),
    cardPayments: new CardPaymentService(db, clock, createPaymentGateway()),
    recordedPayments: new PaymentRecordingService(db, clock),
    paymentDocuments: new PaymentDocumentService(db, clock),
  };
}

export type Services = ReturnType<typeof createServices>;
