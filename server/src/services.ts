/** The portal's services, built once per process around one DataSource. */
import type { DataSource } from 'typeorm';
import { AccountService } from './accounts/account.service';
import { AuthService } from './auth/auth.service';
import { Mailer } from './mail/mailer';
import { ViewerService } from './auth/viewer.service';

export function createServices(db: DataSource, mailer = new Mailer(db)) {
  const auth = new AuthService(db, mailer);
  return {
    db,
    mailer,
    auth,
    viewers: new ViewerService(db),
    accounts: new AccountService(db, auth),
  };
}

export type Services = ReturnType<typeof createServices>;
