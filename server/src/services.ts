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
  };
}

export type Services = ReturnType<typeof createServices>;
