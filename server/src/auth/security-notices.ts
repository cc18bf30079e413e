/**
 * Security notices by e-mail: what changed on the account, so that a subscriber learns of a change they
 * did not make. A new e-mail address is announced to the old one too; a new API token to the owner.
 * (The password notice is sent by AuthService.notifyPasswordChanged.)
 */
import type { Account } from '../accounts/account.entity';
import { config } from '../config';
import type { Mailer } from '../mail/mailer';

export class SecurityNotices {
  constructor(private readonly mailer: Mailer) {}

  /** To the new address and to the old one. */
  async emailChanged(oldEmail: string | null, account: Account): Promise<void> {
    const text = (to: 'old' | 'new') =>
      [
        'Здравствуйте!',
        '',
        to === 'old'
          ? `Адрес электронной почты личного кабинета (лицевой счёт ${account.number}) изменён на ${account.email}. Письма теперь приходят туда.`
          : `Этот адрес указан для личного кабинета абонента (лицевой счёт ${account.number}).`,
        '',
        `Если это были не вы, смените пароль: ${config().webUrl}/forgot — и сообщите в водоканал: ${config().utility.phone}.`,
      ].join('\n');
    if (oldEmail) await this.mailer.send({ to: oldEmail, subject: 'Адрес электронной почты изменён', text: text('old') });
    if (account.email) await this.mailer.send({ to: account.email, subject: 'Адрес электронной почты изменён', text: text('new') });
  }

  /** A new API token: to the subscriber's (or operator's) address, when known. */
  async apiTokenCreated(email: string | null, name: string, scopes: string[], accountNumber: string | null): Promise<void> {
    if (!email) return;
    await this.mailer.send({
      to: email,
      subject: 'Создан API-токен',
      text: [
        'Здравствуйте!',
        '',
        `${accountNumber ? `Для лицевого счёта ${accountNumber} с` : 'С'}оздан API-токен «${name}» с разрешениями: ${scopes.join(', ')}.`,
        'Он даёт доступ к данным без пароля. Если вы его не создавали, отзовите его в разделе «Настройка кабинета» и смените пароль.',
      ].join('\n'),
    });
  }
}
