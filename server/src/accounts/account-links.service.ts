/**
 * Several accounts under one sign-in (#15): a person adds an account they can prove is theirs and removes one.
 *
 * - linkAccount: an account not registered yet is proved by the activation code of its bill; an account
 *   registered by someone is proved by its password — its sign-in then joins this person: every account that
 *   sign-in held comes over, its sessions and API tokens end, and its former address is told. Attempts are
 *   limited like registration's (per account number and client); a wrong number, code or password gives the same
 *   ACTIVATION_FAILED. A linked account takes the person's e-mail, phone and receipt settings.
 * - unlinkAccount: never the last account; the account keeps its ledger and can be registered again from its
 *   bill. Sessions signed in with it end; API tokens limited to it alone are revoked, and tokens made from it
 *   move to the person's first account.
 * Both are written to the audit log (account.link / account.unlink) and e-mailed to the person.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { IsNull } from 'typeorm';
import { ApiToken } from '../api-tokens/api-token.entity';
import type { AuditService } from '../audit/audit.service';
import type { AuthService } from '../auth/auth.service';
import { dummyVerify, verifyPassword } from '../auth/passwords';
import { safeEqual } from '../auth/secrets';
import { Subscriber } from '../auth/subscriber.entity';
import type { Viewer } from '../auth/viewer';
import { config } from '../config';
import { AppError, ErrorCode, badInput } from '../errors';
import type { Mailer } from '../mail/mailer';
import type { AttemptGuard } from '../protection/attempts';
import { Account } from './account.entity';
import { normalizeAccountNumber, normalizeActivationCode } from '../common/account-input';
import type { AccountService } from './account.service';

export interface LinkRequest {
  accountNumber: string;
  activationCode?: string | null;
  password?: string | null;
}

const LINK_FAILED_MESSAGE = 'Лицевой счёт, код активации или пароль указаны неверно. Проверьте их по квитанции этого счёта.';
/** How many accounts one person may hold. */
export const MAX_ACCOUNTS_PER_PERSON = 20;

type SubscriberViewer = Extract<Viewer, { kind: 'subscriber' }>;

export class AccountLinkService {
  constructor(
    private readonly db: DataSource,
    private readonly accounts: AccountService,
    private readonly auth: AuthService,
    private readonly attempts: AttemptGuard,
    private readonly mailer: Mailer,
    private readonly audit: AuditService,
  ) {}

  async link(viewer: Viewer, request: LinkRequest, clientIp: string): Promise<Account> {
    const person = this.accounts.subscriberOf(viewer);
    const number = normalizeAccountNumber(request.accountNumber, 'accountNumber');
    const code = request.activationCode?.trim() ? normalizeActivationCode(request.activationCode) : null;
    const password = request.password ?? '';
    if (!code && !password) {
      throw badInput('activationCode', 'Укажите код активации из квитанции этого счёта, а если счёт уже зарегистрирован — его пароль.');
    }
    const holding = await this.accounts.reachableAccounts(person);
    const already = holding.find((a) => a.number === number);
    if (already) return already;

    const attempt = await this.attempts.begin('register', number, clientIp);
    const found = await this.db.getRepository(Account).findOne({ where: { number } });
    const other = found?.subscriberId && found.subscriberId !== person.subscriberId
      ? await this.db.getRepository(Subscriber).findOne({ where: { id: found.subscriberId } })
      : null;
    // The proof: the bill's code for an account nobody holds, the password of the sign-in that holds it.
    let proved = false;
    if (found && !found.subscriberId && code) proved = safeEqual(found.activationCode, code);
    else if (other && password) proved = await verifyPassword(other.passwordHash, password, clientIp);
    else if (password) await dummyVerify(password, clientIp);
    if (!found || !proved) throw new AppError(ErrorCode.ACTIVATION_FAILED, LINK_FAILED_MESSAGE, { field: 'accountNumber' });
    await attempt.succeeded();

    const me = await this.accounts.byId(person.accountId);
    const joining = await this.db.transaction(async (tx) => {
      const locked = await tx.getRepository(Account).findOne({ where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
      if (!locked || (locked.subscriberId ?? null) !== (found.subscriberId ?? null)) {
        throw new AppError(ErrorCode.ACTIVATION_FAILED, LINK_FAILED_MESSAGE, { field: 'accountNumber' });
      }
      const moving = other
        ? await tx.getRepository(Account).find({ where: { subscriberId: other.id } })
        : [locked];
      const total = (await tx.getRepository(Account).count({ where: { subscriberId: person.subscriberId } })) + moving.length;
      if (total > MAX_ACCOUNTS_PER_PERSON) {
        throw badInput('accountNumber', `К одному входу можно привязать не больше ${MAX_ACCOUNTS_PER_PERSON} лицевых счетов.`);
      }
      const now = new Date();
      const settings = { email: me.email, phone: me.phone, receiptByEmail: me.receiptByEmail, paperReceipt: me.paperReceipt };
      for (const account of moving) {
        await tx.getRepository(Account).update(account.id, {
          ...settings,
          subscriberId: person.subscriberId,
          registeredAt: account.registeredAt ?? now,
          termsAcceptedAt: account.termsAcceptedAt ?? me.termsAcceptedAt ?? now,
          termsVersion: account.termsVersion ?? me.termsVersion,
        });
      }
      let ended: string[] = [];
      if (other) {
        // The other sign-in joins this person: it ends (sessions, API tokens) and is no more.
        ended = await this.auth.endEverySignIn(tx, other.id, null);
        await tx.getRepository(Subscriber).delete(other.id);
      }
      await this.audit.record(tx, {
        actor: null,
        action: 'account.link',
        entityType: 'account',
        entityId: locked.number,
        before: { subscriberId: locked.subscriberId },
        after: { subscriberId: person.subscriberId, proof: other ? 'PASSWORD' : 'ACTIVATION_CODE', accounts: moving.map((a) => a.number) },
      });
      return { moving, ended };
    });
    this.auth.noteRevoked(joining.ended);
    const linked = await this.accounts.byId(found.id);
    await this.tell(me.email, 'Лицевой счёт добавлен в личный кабинет', [
      `К вашему личному кабинету (вход по номеру лицевого счёта ${me.number}) добавлен${joining.moving.length > 1 ? 'ы лицевые счета' : ' лицевой счёт'} ${joining.moving.map((a) => a.number).join(', ')}.`,
      'Теперь войти можно по любому из ваших номеров с тем же паролем.',
    ]);
    if (other && found.email && found.email !== me.email) {
      await this.tell(found.email, 'Лицевой счёт перенесён в другой личный кабинет', [
        `Лицевой счёт ${found.number} по паролю прежнего входа добавлен в другой личный кабинет. Прежний вход завершён, его API-токены отозваны.`,
      ]);
    }
    return linked;
  }

  async unlink(viewer: Viewer, rawNumber: string): Promise<boolean> {
    const person = this.accounts.subscriberOf(viewer);
    const number = normalizeAccountNumber(rawNumber, 'accountNumber');
    const me = await this.accounts.byId(person.accountId);
    const ended = await this.db.transaction(async (tx) => {
      const held = await tx.getRepository(Account).find({ where: { subscriberId: person.subscriberId }, order: { number: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      const target = held.find((a) => a.number === number);
      if (!target) throw new AppError(ErrorCode.FORBIDDEN, 'Этого лицевого счёта нет среди ваших.', { field: 'accountNumber' });
      if (held.length === 1) throw badInput('accountNumber', 'Это ваш единственный лицевой счёт: отвязать его нельзя.');
      const rest = held.filter((a) => a.id !== target.id);
      // It can be registered again from its bill; its ledger, meters and appeals stay with it.
      await tx.getRepository(Account).update(target.id, { subscriberId: null, registeredAt: null, termsAcceptedAt: null, termsVersion: null, receiptByEmail: false, paperReceipt: true });
      const families = await this.endSignInsWith(tx, person.subscriberId, target.id);
      await this.moveTokensOff(tx, person.subscriberId, target.id, rest[0].id);
      await this.audit.record(tx, {
        actor: null,
        action: 'account.unlink',
        entityType: 'account',
        entityId: target.number,
        before: { subscriberId: person.subscriberId },
        after: { subscriberId: null },
      });
      return families;
    });
    this.auth.noteRevoked(ended);
    await this.tell(me.email, 'Лицевой счёт отвязан от личного кабинета', [
      `Лицевой счёт ${number} отвязан от вашего личного кабинета. Его начисления и платежи сохранены; зарегистрировать его снова можно по коду активации из квитанции.`,
    ]);
    return true;
  }

  /** Ends the person's sign-ins that were opened with this account (their `me` is gone). */
  private async endSignInsWith(tx: EntityManager, subscriberId: number, accountId: number): Promise<string[]> {
    const rows: { family_id: string }[] = await tx.query(
      "SELECT DISTINCT family_id FROM refresh_sessions WHERE subject_type = 'SUBSCRIBER' AND subject_id = ? AND account_id = ? AND revoked_at IS NULL",
      [subscriberId, accountId],
    );
    const families = rows.map((r) => String(r.family_id));
    if (families.length) {
      await tx.query('UPDATE refresh_sessions SET revoked_at = ? WHERE revoked_at IS NULL AND family_id IN (?)', [new Date(), families]);
    }
    return families;
  }

  /** Tokens limited to this account alone are revoked; it leaves the others' lists; tokens made from it move to `to`. */
  private async moveTokensOff(tx: EntityManager, subscriberId: number, accountId: number, to: number): Promise<void> {
    const tokens = await tx.getRepository(ApiToken).find({ where: { ownerType: 'SUBSCRIBER', ownerId: subscriberId, revokedAt: IsNull() } });
    for (const token of tokens) {
      const list = token.accountIds ? token.accountIds.filter((id) => id !== accountId) : null;
      if (list && list.length === 0) {
        await tx.getRepository(ApiToken).update(token.id, { revokedAt: new Date() });
        continue;
      }
      const movesTo = token.accountId === accountId ? (list ? list[0] : to) : token.accountId;
      if (movesTo !== token.accountId || (list && list.length !== token.accountIds!.length)) {
        await tx.getRepository(ApiToken).update(token.id, { accountId: movesTo, accountIds: list });
      }
    }
  }

  private async tell(to: string | null, subject: string, lines: string[]): Promise<void> {
    if (!to) return;
    await this.mailer.send({
      to,
      subject,
      text: ['Здравствуйте!', '', ...lines, '', `Если это были не вы, смените пароль: ${config().webUrl}/forgot — и сообщите в водоканал: ${config().utility.phone}.`].join('\n'),
    });
  }
}
