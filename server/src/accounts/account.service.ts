/** Reading and changing a subscriber's account: who may see it, and the «Настройка кабинета» rules. */
import type { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import type { AuthService } from '../auth/auth.service';
import type { SecurityNotices } from '../auth/security-notices';
import { passwordProblem } from '../auth/passwords';
import { AppError, ErrorCode, forbidden, notFound, unauthenticated } from '../errors';
import { fromKopecks, toKopecks, normalizeMoney } from '../money';
import { Account } from './account.entity';
import { normalizeAccountNumber, normalizeEmail, normalizePhone } from '../common/account-input';

export interface SettingsChange {
  currentPassword: string;
  email?: string | null;
  phone?: string | null;
  receiptByEmail?: boolean | null;
  paperReceipt?: boolean | null;
  newPassword?: string | null;
  newPasswordRepeat?: string | null;
}

export class AccountService {
  constructor(
    private readonly db: DataSource,
    private readonly auth: AuthService,
    private readonly notices: SecurityNotices,
  ) {}

  /** The signed-in subscriber's account id (the one signed in with: `me`); staff and anonymous callers have none. */
  ownAccountId(viewer: Viewer): number {
    return this.subscriberOf(viewer).accountId;
  }

  /** The signed-in subscriber (a person with one or more accounts); staff and anonymous callers are refused. */
  subscriberOf(viewer: Viewer): Extract<Viewer, { kind: 'subscriber' }> {
    if (viewer.kind === 'anonymous') throw unauthenticated();
    if (viewer.kind !== 'subscriber') throw forbidden('Этот запрос — для абонента. Сотрудники открывают счёт по номеру: account(number).');
    return viewer;
  }

  /**
   * The accounts a subscriber reaches (#15): every account of the person, the one signed in with first, then by
   * number — or, for an API token limited to some accounts, those. Read once per viewer (a request).
   */
  reachableAccounts(viewer: Extract<Viewer, { kind: 'subscriber' }>): Promise<Account[]> {
    let found = reachableCache.get(viewer);
    if (!found) {
      found = this.db
        .getRepository(Account)
        .createQueryBuilder('a')
        .where('a.subscriber_id = :person', { person: viewer.subscriberId })
        .orderBy('a.id = :own', 'DESC')
        .addOrderBy('a.number', 'ASC')
        .setParameter('own', viewer.accountId)
        .getMany()
        .then((accounts) => (viewer.tokenAccountIds ? accounts.filter((a) => viewer.tokenAccountIds!.includes(a.id)) : accounts));
      reachableCache.set(viewer, found);
    }
    return found;
  }

  /** Whether a subscriber may act on this account: one of the person's (and of the token's list, if any). */
  async canReach(viewer: Viewer, accountId: number): Promise<boolean> {
    if (viewer.kind !== 'subscriber') return viewer.kind === 'staff';
    if (accountId === viewer.accountId && !viewer.tokenAccountIds) return true;
    return (await this.reachableAccounts(viewer)).some((a) => a.id === accountId);
  }

  /** One of the subscriber's accounts by number (the signed-in one when omitted); another's is FORBIDDEN, existing or not. */
  async ownAccountByNumber(viewer: Viewer, rawNumber: string | null | undefined, field = 'accountNumber'): Promise<Account> {
    const subscriber = this.subscriberOf(viewer);
    if (rawNumber === null || rawNumber === undefined || rawNumber === '') {
      if (!subscriber.tokenAccountIds || subscriber.tokenAccountIds.includes(subscriber.accountId)) return this.byId(subscriber.accountId);
      const [first] = await this.reachableAccounts(subscriber);
      if (!first) throw forbidden('API-токену не доступен ни один лицевой счёт.');
      return first;
    }
    const number = normalizeAccountNumber(rawNumber, field);
    const found = (await this.reachableAccounts(subscriber)).find((a) => a.number === number);
    if (!found) throw new AppError(ErrorCode.FORBIDDEN, 'Можно открыть только свои лицевые счета. Добавьте счёт в «Настройке кабинета».', { field });
    return found;
  }

  async byId(id: number): Promise<Account> {
    const account = await this.db.getRepository(Account).findOne({ where: { id } });
    if (!account) throw notFound('Лицевой счёт');
    return account;
  }

  /** Staff see every account; a subscriber only the person's own (another number is FORBIDDEN, whether or not it exists). */
  async byNumberFor(viewer: Viewer, rawNumber: string): Promise<Account | null> {
    const number = normalizeAccountNumber(rawNumber, 'number');
    if (viewer.kind === 'subscriber') return this.ownAccountByNumber(viewer, number, 'number');
    if (viewer.kind !== 'staff') throw unauthenticated();
    return this.db.getRepository(Account).findOne({ where: { number } });
  }

  /**
   * «Настройка кабинета»: every change needs the current password (limited like a sign-in, per person and
   * client). The settings are the person's: e-mail, phone and receipt delivery apply to every account they hold
   * (#15). A new password ends every other sign-in and every API token; the subscriber is told by e-mail of a new
   * password, and of a new e-mail address at the old address too.
   */
  async updateSettings(viewer: Viewer, change: SettingsChange, caller: { clientIp: string; sessionFamily: string | null }): Promise<Account> {
    const { subscriberId, accountId } = this.subscriberOf(viewer);
    if (!change.currentPassword) {
      throw new AppError(ErrorCode.CURRENT_PASSWORD_INVALID, 'Для сохранения изменений введите текущий пароль.', { field: 'currentPassword' });
    }
    const before = await this.byId(accountId);
    const patch: Partial<Account> = {};
    if (change.email !== undefined && change.email !== null) patch.email = normalizeEmail(change.email, 'email');
    if (change.phone !== undefined && change.phone !== null) patch.phone = normalizePhone(change.phone, 'phone');
    if (typeof change.receiptByEmail === 'boolean') patch.receiptByEmail = change.receiptByEmail;
    if (typeof change.paperReceipt === 'boolean') patch.paperReceipt = change.paperReceipt;
    const wantsNewPassword = Boolean(change.newPassword || change.newPasswordRepeat);
    if (wantsNewPassword) {
      if ((change.newPassword ?? '') !== (change.newPasswordRepeat ?? '')) {
        throw new AppError(ErrorCode.PASSWORD_MISMATCH, 'Новый пароль и его повтор не совпадают.', { field: 'newPasswordRepeat' });
      }
      const problem = passwordProblem(change.newPassword ?? '', { accountNumber: before.number, names: [before.lastName, before.firstName, before.middleName] });
      if (problem) throw new AppError(ErrorCode.WEAK_PASSWORD, problem, { field: 'newPassword' });
    }
    const email = patch.email ?? before.email;
    if (patch.receiptByEmail && !email) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'Чтобы получать квитанцию на e-mail, укажите e-mail.', { field: 'email' });
    }
    await this.auth.checkCurrentPassword(subscriberId, change.currentPassword, caller.clientIp);
    const ended = await this.db.transaction(async (tx) => {
      if (Object.keys(patch).length) await tx.getRepository(Account).update({ subscriberId }, patch);
      return wantsNewPassword ? this.auth.setSubscriberPassword(tx, subscriberId, change.newPassword!, caller.clientIp, caller.sessionFamily) : [];
    });
    this.auth.noteRevoked(ended);
    const after = await this.byId(accountId);
    if (wantsNewPassword) await this.auth.notifyPasswordChanged(after);
    if (patch.email !== undefined && patch.email !== before.email) await this.notices.emailChanged(before.email, after);
    return after;
  }
}

const reachableCache = new WeakMap<object, Promise<Account[]>>();

/** amountDue = max(balance, 0); advance = max(-balance, 0). */
export function splitBalance(balance: string): { balance: string; amountDue: string; advance: string } {
  const k = toKopecks(normalizeMoney(balance));
  return { balance: fromKopecks(k), amountDue: fromKopecks(k > 0n ? k : 0n), advance: fromKopecks(k < 0n ? -k : 0n) };
}
