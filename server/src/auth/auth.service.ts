/**
 * Registration, sign-in, sessions and password reset: the rules of
 * ../shared/DOMAIN.md «Registration and sign-in», independent of GraphQL.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { IsNull } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { config } from '../config';
import { AppError, ErrorCode, badInput, unauthenticated } from '../errors';
import { log } from '../common/logger';
import type { Mailer } from '../mail/mailer';
import { Staff } from '../staff/staff.entity';
import { AttemptGuard, type Attempt } from '../protection/attempts';
import { ApiToken } from '../api-tokens/api-token.entity';
import { signAccessToken } from './jwt';
import { dummyVerify, generatePassword, hashPassword, needsRehash, passwordProblem, verifyPassword } from './passwords';
import type { RevokedSessions } from './revoked-sessions';
import { PasswordResetToken } from './password-reset-token.entity';
import { RefreshSession, type SubjectType } from './refresh-session.entity';
import { randomSecret, safeEqual, sha256 } from './secrets';
import { Subscriber } from './subscriber.entity';
import { givePersonTo } from './persons';
import { normalizeAccountNumber, normalizeActivationCode, normalizeEmail, normalizePhone } from '../common/account-input';

export interface RegisterRequest {
  accountNumber: string;
  lastName: string;
  firstName: string;
  middleName?: string | null;
  email: string;
  phone: string;
  activationCode: string;
  acceptTerms: boolean;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  subjectType: SubjectType;
  /** The person (subscribers) or the staff member. */
  subjectId: number;
  /** A subscriber's: the account signed in with. */
  accountId: number | null;
}

const ACTIVATION_FAILED_MESSAGE =
  'Лицевой счёт или код активации указаны неверно. Проверьте их по последней квитанции.';

export class AuthService {
  /**
   * Attempts per account and per client address, counted per call (so aliases cannot
   * multiply guesses) in the shared limit store (so they hold across API instances).
   */
  constructor(
    private readonly db: DataSource,
    private readonly mailer: Mailer,
    private readonly attempts: AttemptGuard = new AttemptGuard(),
    /** Learns the sign-ins this instance ends, so their access tokens stop at once (the others' within a poll). */
    private readonly revokedSessions: RevokedSessions | null = null,
  ) {}

  /** Checks the bill's account number and activation code, creates the login and e-mails a generated password. */
  async register(input: RegisterRequest, clientIp: string): Promise<{ accountNumber: string; maskedEmail: string }> {
    if (input.acceptTerms !== true) {
      throw new AppError(ErrorCode.TERMS_NOT_ACCEPTED, 'Чтобы зарегистрироваться, примите условия соглашения («Согласен с условиями»).', { field: 'acceptTerms' });
    }
    const number = normalizeAccountNumber(input.accountNumber, 'accountNumber');
    const code = normalizeActivationCode(input.activationCode);
    const email = normalizeEmail(input.email, 'email');
    const phone = normalizePhone(input.phone, 'phone');
    const lastName = requiredName(input.lastName, 'lastName', 'Фамилия');
    const firstName = requiredName(input.firstName, 'firstName', 'Имя');
    const middleName = input.middleName?.trim() ? requiredName(input.middleName, 'middleName', 'Отчество') : null;

    const attempt = await this.attempts.begin('register', number, clientIp);

    const password = generatePassword(12);
    const passwordHash = await uncountedIfRefused(attempt, () => hashPassword(password, clientIp));

    const account = await this.db.transaction(async (tx) => {
      const found = await tx.getRepository(Account).findOne({ where: { number }, lock: { mode: 'pessimistic_write' } });
      if (!found || !safeEqual(found.activationCode, code)) {
        throw new AppError(ErrorCode.ACTIVATION_FAILED, ACTIVATION_FAILED_MESSAGE);
      }
      if (found.registeredAt) {
        await attempt.discard();
        throw new AppError(ErrorCode.ALREADY_REGISTERED, 'Этот лицевой счёт уже зарегистрирован. Войдите или воспользуйтесь «Забыли пароль».');
      }
      const now = new Date();
      await tx.getRepository(Account).update(found.id, {
        lastName,
        firstName,
        middleName,
        email,
        phone,
        registeredAt: now,
        termsAcceptedAt: now,
        termsVersion: config().termsVersion,
      });
      // A new person with this one account (#15): more are added with linkAccount.
      await givePersonTo(tx, found.id, passwordHash, now);
      return { ...found, email };
    });

    await attempt.succeeded();
    await this.mailer.send({
      to: email,
      subject: 'Регистрация в личном кабинете абонента',
      text: [
        `Здравствуйте, ${firstName}${middleName ? ` ${middleName}` : ''}!`,
        '',
        `Вы зарегистрировались в личном кабинете абонента ${config().utility.name}.`,
        `Логин: ${account.number} (номер лицевого счёта)`,
        `Пароль: ${password}`,
        '',
        `Войти: ${config().webUrl}/login`,
        'Пароль можно сменить в разделе «Настройка кабинета».',
      ].join('\n'),
      sensitive: true,
    });
    log.info('subscriber registered', { account: account.number });
    return { accountNumber: account.number, maskedEmail: maskEmail(email) };
  }

  async login(accountNumber: string, password: string, remember: boolean, clientIp: string): Promise<Session & { account: Account }> {
    const number = normalizeAccountNumber(accountNumber, 'accountNumber');
    const attempt = await this.attempts.begin('login', number, clientIp);
    const account = await this.db.getRepository(Account).findOne({ where: { number } });
    // Any of the person's account numbers signs in with the person's password (#15).
    const person = account?.subscriberId ? await this.db.getRepository(Subscriber).findOne({ where: { id: account.subscriberId } }) : null;
    const ok = await uncountedIfRefused(attempt, () => (person ? verifyPassword(person.passwordHash, password, clientIp) : dummyVerify(password, clientIp)));
    if (!account || !person || !ok) {
      throw new AppError(ErrorCode.INVALID_CREDENTIALS, 'Неверный номер лицевого счёта или пароль.');
    }
    await attempt.succeeded();
    await rehashIfOld(person.passwordHash, password, clientIp, (passwordHash) => this.db.getRepository(Subscriber).update(person.id, { passwordHash }));
    const session = await this.openSession(this.db.manager, 'SUBSCRIBER', person.id, remember, clientIp, new Date(), undefined, account.id);
    return { ...session, account };
  }

  async staffLogin(username: string, password: string, clientIp: string): Promise<Session> {
    const name = username.trim().toLowerCase();
    const attempt = await this.attempts.begin('login', `staff:${name}`, clientIp);
    const staff = await this.db.getRepository(Staff).findOne({ where: { username: name } });
    const ok = await uncountedIfRefused(attempt, () => (staff ? verifyPassword(staff.passwordHash, password, clientIp) : dummyVerify(password, clientIp)));
    if (!staff || !staff.active || !ok) {
      throw new AppError(ErrorCode.INVALID_CREDENTIALS, 'Неверное имя пользователя или пароль.');
    }
    await attempt.succeeded();
    await rehashIfOld(staff.passwordHash, password, clientIp, (passwordHash) => this.db.getRepository(Staff).update(staff.id, { passwordHash }));
    return this.openSession(this.db.manager, 'STAFF', staff.id, false, clientIp, new Date(), undefined, null);
  }

  /**
   * Rotates a refresh token. A token that was already used (or revoked) is a sign
   * of theft: the whole family of sessions descending from that sign-in is revoked.
   */
  async refresh(refreshToken: string, clientIp: string): Promise<Session> {
    const hash = sha256(refreshToken);
    const outcome = await this.db.transaction(async (tx) => {
      const repo = tx.getRepository(RefreshSession);
      const current = await repo.findOne({ where: { tokenHash: hash }, lock: { mode: 'pessimistic_write' } });
      if (!current) return { error: 'unknown' as const };
      if (current.usedAt || current.revokedAt) {
        await repo.update({ familyId: current.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
        return { error: 'reused' as const, family: current.familyId };
      }
      if (current.expiresAt.getTime() <= Date.now()) return { error: 'expired' as const };
      await repo.update(current.id, { usedAt: new Date() });
      const session = await this.openSession(tx, current.subjectType, current.subjectId, current.remember, clientIp, current.authenticatedAt, current.familyId, current.accountId);
      return { session };
    });
    if ('error' in outcome) {
      if (outcome.error === 'reused') {
        // Theft: the whole sign-in ends, its access tokens too.
        this.revokedSessions?.note([outcome.family]);
        log.warn('refresh token reused: session family revoked', { family: outcome.family });
      }
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'Сеанс завершён. Войдите снова.', { reason: outcome.error === 'expired' ? 'EXPIRED' : 'REVOKED' });
    }
    return outcome.session;
  }

  /** Ends the sign-in the refresh token belongs to (its whole family), its access tokens at once. Unknown tokens are ignored. */
  async logout(refreshToken: string): Promise<boolean> {
    const current = await this.db.getRepository(RefreshSession).findOne({ where: { tokenHash: sha256(refreshToken) } });
    if (current) {
      await this.db.getRepository(RefreshSession).update({ familyId: current.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
      this.revokedSessions?.note([current.familyId]);
    }
    return true;
  }

  /** Ends a sign-in by its family (its access token's sid): what the site's ВЫХОД does when it has no refresh token. */
  async logoutFamily(familyId: string): Promise<void> {
    await this.db.getRepository(RefreshSession).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    this.revokedSessions?.note([familyId]);
  }

  /**
   * E-mails a single-use reset link. Answers the same — and in the same time — whether or not the account
   * exists: the attempt is counted, and the lookup and the letter happen after the answer.
   */
  async requestPasswordReset(accountNumber: string, clientIp: string): Promise<boolean> {
    const number = normalizeAccountNumber(accountNumber, 'accountNumber');
    // Every request counts, whatever the account: the answer must not tell them apart.
    await this.attempts.begin('reset', number, clientIp);
    const work = this.sendResetLink(number).catch((error) => log.error('password reset e-mail failed', { error }));
    this.pendingResets.add(work);
    void work.finally(() => this.pendingResets.delete(work));
    return true;
  }

  /** Work started after an answer (reset e-mails): tests and a clean stop wait for it. */
  private readonly pendingResets = new Set<Promise<unknown>>();
  async settled(): Promise<void> {
    await Promise.all([...this.pendingResets]);
  }

  private async sendResetLink(number: string): Promise<void> {
    const account = await this.db.getRepository(Account).findOne({ where: { number } });
    if (!account || !account.subscriberId || !account.email) return;
    const token = randomSecret(32);
    await this.db.getRepository(PasswordResetToken).insert({
      accountId: account.id,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + config().passwordResetTtlSeconds * 1000),
    });
    await this.mailer.send({
      to: account.email,
      subject: 'Восстановление пароля личного кабинета',
      text: [
        'Здравствуйте!',
        '',
        `Для лицевого счёта ${account.number} запрошена смена пароля. Чтобы задать новый пароль, откройте ссылку (она действует 1 час и только один раз):`,
        `${config().webUrl}/reset?token=${token}`,
        '',
        'Если вы не запрашивали смену пароля, просто не отвечайте на это письмо: пароль останется прежним.',
      ].join('\n'),
      sensitive: true,
    });
  }

  /** Whether a reset link is valid now (the site checks it when the page opens). No attempt is counted for a valid one. */
  async resetLinkValid(token: string, clientIp: string): Promise<boolean> {
    const attempt = await this.attempts.begin('resetLink', 'link', clientIp);
    const row = await this.findUsableResetToken(this.db.manager, token);
    if (row) await attempt.discard();
    return row !== null;
  }

  /**
   * Sets a new password from a reset link. The cheap checks come first — the password's rules, the
   * client's attempts at links, the link itself — and only a valid link costs a hash. The link is used
   * up and every other link of the account cancelled; every sign-in and API token of the account ends;
   * the subscriber is told by e-mail.
   */
  async resetPassword(token: string, newPassword: string, clientIp = 'unknown'): Promise<boolean> {
    const attempt = await this.attempts.begin('resetLink', 'link', clientIp);
    const invalid = () => new AppError(ErrorCode.INVALID_TOKEN, 'Ссылка для смены пароля недействительна или устарела. Запросите новую.', { field: 'token' });
    const link = await this.findUsableResetToken(this.db.manager, token);
    if (!link) throw invalid();
    const account = await this.db.getRepository(Account).findOneByOrFail({ id: link.accountId });
    const problem = passwordProblem(newPassword, { accountNumber: account.number, names: [account.lastName, account.firstName, account.middleName] });
    if (problem) {
      await attempt.discard();
      throw new AppError(ErrorCode.WEAK_PASSWORD, problem, { field: 'newPassword' });
    }
    await attempt.succeeded();
    const passwordHash = await hashPassword(newPassword, clientIp);
    const families = await this.db.transaction(async (tx) => {
      const row = await this.findUsableResetToken(tx, token, true);
      if (!row) throw invalid();
      const holder = await tx.getRepository(Account).findOne({ where: { id: row.accountId } });
      if (!holder?.subscriberId) throw invalid();
      // This link is used, and every other one of the person's accounts stops working.
      await tx.query(
        'UPDATE password_reset_tokens SET used_at = ? WHERE used_at IS NULL AND account_id IN (SELECT id FROM accounts WHERE subscriber_id = ?)',
        [new Date(), holder.subscriberId],
      );
      await tx.getRepository(Subscriber).update(holder.subscriberId, { passwordHash, passwordChangedAt: new Date() });
      return this.endEverySignIn(tx, holder.subscriberId, null);
    });
    this.revokedSessions?.note(families);
    await this.notifyPasswordChanged(account);
    return true;
  }

  private async findUsableResetToken(tx: EntityManager, token: string, lock = false): Promise<PasswordResetToken | null> {
    if (typeof token !== 'string' || token.length < 16 || token.length > 200) return null;
    const row = await tx.getRepository(PasswordResetToken).findOne({ where: { tokenHash: sha256(token) }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    return row && !row.usedAt && row.expiresAt.getTime() > Date.now() ? row : null;
  }

  /**
   * Ends every sign-in of a person (every account's) but `keepFamily` (the one changing the password), and
   * revokes every API token: a new password must lock out whoever had the old one. Returns the families ended.
   */
  async endEverySignIn(tx: EntityManager, subscriberId: number, keepFamily: string | null): Promise<string[]> {
    const rows: { family_id: string }[] = await tx.query(
      "SELECT DISTINCT family_id FROM refresh_sessions WHERE subject_type = 'SUBSCRIBER' AND subject_id = ? AND revoked_at IS NULL",
      [subscriberId],
    );
    const families = rows.map((r) => String(r.family_id)).filter((f) => f !== keepFamily);
    if (families.length) {
      await tx.getRepository(RefreshSession).createQueryBuilder().update().set({ revokedAt: new Date() })
        .where('family_id IN (:...families) AND revoked_at IS NULL', { families }).execute();
    }
    await tx.getRepository(ApiToken).update({ ownerType: 'SUBSCRIBER', ownerId: subscriberId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return families;
  }

  /** «Пароль изменён»: to the subscriber's e-mail, after any change or reset. */
  async notifyPasswordChanged(account: Account): Promise<void> {
    if (!account.email) return;
    await this.mailer.send({
      to: account.email,
      subject: 'Пароль личного кабинета изменён',
      text: [
        'Здравствуйте!',
        '',
        `Пароль личного кабинета абонента (лицевой счёт ${account.number}) изменён. Все прежние входы завершены, API-токены отозваны.`,
        '',
        `Если это были не вы, восстановите доступ: ${config().webUrl}/forgot — и сообщите в водоканал: ${config().utility.phone}.`,
      ].join('\n'),
    });
  }

  /**
   * The current password of a signed-in person (settings, API-token creation): limited like a sign-in,
   * per person and client (a wrong one counts; the right one forgets the client's failures), through the
   * fair hashing queue. Throws CURRENT_PASSWORD_INVALID naming `field` when it is wrong.
   */
  async checkCurrentPassword(subscriberId: number, password: string, clientIp: string, field = 'currentPassword'): Promise<void> {
    if (!password) throw new AppError(ErrorCode.CURRENT_PASSWORD_INVALID, 'Введите текущий пароль.', { field });
    const attempt = await this.attempts.begin('password', `subscriber:${subscriberId}`, clientIp);
    const person = await this.db.getRepository(Subscriber).findOne({ where: { id: subscriberId } });
    const ok = await uncountedIfRefused(attempt, () => (person ? verifyPassword(person.passwordHash, password, clientIp) : dummyVerify(password, clientIp)));
    if (!ok) throw new AppError(ErrorCode.CURRENT_PASSWORD_INVALID, 'Текущий пароль указан неверно.', { field });
    await attempt.succeeded();
  }

  /** A staff member's current password (API-token creation), with the same limits. */
  async checkStaffPassword(staffId: number, password: string, clientIp: string, field = 'currentPassword'): Promise<void> {
    if (!password) throw new AppError(ErrorCode.CURRENT_PASSWORD_INVALID, 'Введите текущий пароль.', { field });
    const attempt = await this.attempts.begin('password', `staff:${staffId}`, clientIp);
    const staff = await this.db.getRepository(Staff).findOne({ where: { id: staffId } });
    const ok = await uncountedIfRefused(attempt, () => (staff ? verifyPassword(staff.passwordHash, password, clientIp) : dummyVerify(password, clientIp)));
    if (!ok) throw new AppError(ErrorCode.CURRENT_PASSWORD_INVALID, 'Текущий пароль указан неверно.', { field });
    await attempt.succeeded();
  }

  /** A new password chosen in settings: hashed in the client's turn; every other sign-in and every API token ends. */
  async setSubscriberPassword(tx: EntityManager, subscriberId: number, newPassword: string, clientIp: string, keepFamily: string | null): Promise<string[]> {
    await tx.getRepository(Subscriber).update(subscriberId, { passwordHash: await hashPassword(newPassword, clientIp), passwordChangedAt: new Date() });
    return this.endEverySignIn(tx, subscriberId, keepFamily);
  }

  /** Tells this instance's revocation list at once (the others learn it within a poll). */
  noteRevoked(families: string[]): void {
    this.revokedSessions?.note(families);
  }

  private async openSession(
    tx: EntityManager,
    subjectType: SubjectType,
    subjectId: number,
    remember: boolean,
    clientIp: string,
    /** When the password was checked for this sign-in (a refresh keeps the first one's). */
    authenticatedAt: Date | null,
    familyId: string = randomUUID(),
    /** A subscriber's: the account signed in with. */
    accountId: number | null = null,
  ): Promise<Session> {
    const refreshToken = randomSecret(32, 'kr_');
    const ttl = remember ? config().rememberTtlSeconds : config().sessionTtlSeconds;
    await tx.getRepository(RefreshSession).insert({
      familyId,
      subjectType,
      subjectId,
      accountId,
      tokenHash: sha256(refreshToken),
      remember,
      expiresAt: new Date(Date.now() + ttl * 1000),
      authenticatedAt,
      clientIp: clientIp.slice(0, 45),
    });
    const authTime = authenticatedAt ? Math.floor(authenticatedAt.getTime() / 1000) : undefined;
    const access = signAccessToken({ typ: subjectType, sub: String(subjectId), sid: familyId, authTime, acc: accountId ?? undefined });
    return { accessToken: access.token, refreshToken, expiresAt: access.expiresAt, subjectType, subjectId, accountId };
  }
}

function requiredName(value: string, field: string, label: string): string {
  const v = (value ?? '').trim().replace(/\s+/g, ' ');
  if (!v) throw badInput(field, `Заполните поле «${label}».`);
  if (v.length > 100) throw badInput(field, `Поле «${label}» не длиннее 100 символов.`);
  if (!/^[\p{L}][\p{L}\s'’.-]*$/u.test(v)) throw badInput(field, `В поле «${label}» допустимы только буквы, пробел и дефис.`);
  return v;
}

/** "ivan@poshta.ru" → "i***n@poshta.ru". */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  const masked = local.length <= 2 ? `${local[0]}*` : `${local[0]}${'*'.repeat(Math.min(local.length - 2, 5))}${local[local.length - 1]}`;
  return `${masked}@${domain}`;
}

export { unauthenticated };

/**
 * Runs the password check of a counted attempt. When the check itself is refused (too many waiting,
 * SERVICE_UNAVAILABLE), the attempt is taken back: nobody was guessing, nothing should count.
 */
async function uncountedIfRefused<T>(attempt: Attempt, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCode.SERVICE_UNAVAILABLE) await attempt.discard();
    throw error;
  }
}

/**
 * Redoes a stored hash made with older parameters, now that the password is known. Never fails the
 * sign-in: when the hashing queue is full (or the database hiccups) the old hash stays, still valid,
 * and is redone at a later sign-in.
 */
async function rehashIfOld(hash: string, password: string, clientIp: string, save: (newHash: string) => Promise<unknown>): Promise<void> {
  if (!needsRehash(hash)) return;
  try {
    await save(await hashPassword(password, clientIp));
  } catch (error) {
    log.warn('password rehash postponed to the next sign-in', { error: (error as Error)?.message });
  }
}
