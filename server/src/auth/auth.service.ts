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
import { signAccessToken } from './jwt';
import { dummyVerify, generatePassword, hashPassword, needsRehash, passwordProblem, verifyPassword } from './passwords';
import { PasswordResetToken } from './password-reset-token.entity';
import { RefreshSession, type SubjectType } from './refresh-session.entity';
import { randomSecret, safeEqual, sha256 } from './secrets';
import { SubscriberCredential } from './subscriber-credential.entity';
import { normalizeAccountNumber, normalizeActivationCode, normalizeEmail, normalizePhone } from '../accounts/account-input';

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
  subjectId: number;
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
    const passwordHash = await uncountedIfRefused(attempt, () => hashPassword(password));

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
      await tx.getRepository(SubscriberCredential).insert({ accountId: found.id, passwordHash, passwordChangedAt: now });
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
    const credential = account ? await this.db.getRepository(SubscriberCredential).findOne({ where: { accountId: account.id } }) : null;
    const ok = await uncountedIfRefused(attempt, () => (credential ? verifyPassword(credential.passwordHash, password) : dummyVerify(password)));
    if (!account || !credential || !ok) {
      throw new AppError(ErrorCode.INVALID_CREDENTIALS, 'Неверный номер лицевого счёта или пароль.');
    }
    await attempt.succeeded();
    await rehashIfOld(credential.passwordHash, password, (passwordHash) => this.db.getRepository(SubscriberCredential).update(account.id, { passwordHash }));
    const session = await this.openSession(this.db.manager, 'SUBSCRIBER', account.id, remember, clientIp);
    return { ...session, account };
  }

  async staffLogin(username: string, password: string, clientIp: string): Promise<Session> {
    const name = username.trim().toLowerCase();
    const attempt = await this.attempts.begin('login', `staff:${name}`, clientIp);
    const staff = await this.db.getRepository(Staff).findOne({ where: { username: name } });
    const ok = await uncountedIfRefused(attempt, () => (staff ? verifyPassword(staff.passwordHash, password) : dummyVerify(password)));
    if (!staff || !staff.active || !ok) {
      throw new AppError(ErrorCode.INVALID_CREDENTIALS, 'Неверное имя пользователя или пароль.');
    }
    await attempt.succeeded();
    await rehashIfOld(staff.passwordHash, password, (passwordHash) => this.db.getRepository(Staff).update(staff.id, { passwordHash }));
    return this.openSession(this.db.manager, 'STAFF', staff.id, false, clientIp);
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
      const session = await this.openSession(tx, current.subjectType, current.subjectId, current.remember, clientIp, current.familyId);
      return { session };
    });
    if ('error' in outcome) {
      if (outcome.error === 'reused') log.warn('refresh token reused: session family revoked', { family: outcome.family });
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'Сеанс завершён. Войдите снова.');
    }
    return outcome.session;
  }

  /** Ends the sign-in the refresh token belongs to (its whole family). Unknown tokens are ignored. */
  async logout(refreshToken: string): Promise<boolean> {
    const current = await this.db.getRepository(RefreshSession).findOne({ where: { tokenHash: sha256(refreshToken) } });
    if (current) {
      await this.db.getRepository(RefreshSession).update({ familyId: current.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    }
    return true;
  }

  /** E-mails a single-use reset link. Answers the same whether or not the account exists. */
  async requestPasswordReset(accountNumber: string, clientIp: string): Promise<boolean> {
    const number = normalizeAccountNumber(accountNumber, 'accountNumber');
    // Every request counts, whatever the account: the answer must not tell them apart.
    await this.attempts.begin('reset', number, clientIp);
    const account = await this.db.getRepository(Account).findOne({ where: { number } });
    if (!account || !account.registeredAt || !account.email) return true;
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
    return true;
  }

  async resetPassword(token: string, newPassword: string): Promise<boolean> {
    const problem = passwordProblem(newPassword);
    if (problem) throw new AppError(ErrorCode.WEAK_PASSWORD, problem, { field: 'newPassword' });
    const passwordHash = await hashPassword(newPassword);
    await this.db.transaction(async (tx) => {
      const repo = tx.getRepository(PasswordResetToken);
      const row = await repo.findOne({ where: { tokenHash: sha256(token) }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.usedAt || row.expiresAt.getTime() <= Date.now()) {
        throw new AppError(ErrorCode.INVALID_TOKEN, 'Ссылка для смены пароля недействительна или устарела. Запросите новую.', { field: 'token' });
      }
      await repo.update(row.id, { usedAt: new Date() });
      await tx.getRepository(SubscriberCredential).update(row.accountId, { passwordHash, passwordChangedAt: new Date() });
      // A new password ends every existing sign-in.
      await tx
        .getRepository(RefreshSession)
        .update({ subjectType: 'SUBSCRIBER', subjectId: row.accountId, revokedAt: IsNull() }, { revokedAt: new Date() });
    });
    return true;
  }

  /** Changes a subscriber's password after checking the current one (used by settings). */
  async verifySubscriberPassword(accountId: number, password: string): Promise<boolean> {
    const credential = await this.db.getRepository(SubscriberCredential).findOne({ where: { accountId } });
    return credential ? verifyPassword(credential.passwordHash, password) : false;
  }

  async setSubscriberPassword(tx: EntityManager, accountId: number, newPassword: string): Promise<void> {
    await tx.getRepository(SubscriberCredential).update(accountId, { passwordHash: await hashPassword(newPassword), passwordChangedAt: new Date() });
  }

  private async openSession(
    tx: EntityManager,
    subjectType: SubjectType,
    subjectId: number,
    remember: boolean,
    clientIp: string,
    familyId: string = randomUUID(),
  ): Promise<Session> {
    const refreshToken = randomSecret(32, 'kr_');
    const ttl = remember ? config().rememberTtlSeconds : config().sessionTtlSeconds;
    await tx.getRepository(RefreshSession).insert({
      familyId,
      subjectType,
      subjectId,
      tokenHash: sha256(refreshToken),
      remember,
      expiresAt: new Date(Date.now() + ttl * 1000),
      clientIp: clientIp.slice(0, 45),
    });
    const access = signAccessToken({ typ: subjectType, sub: String(subjectId), sid: familyId });
    return { accessToken: access.token, refreshToken, expiresAt: access.expiresAt, subjectType, subjectId };
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
async function rehashIfOld(hash: string, password: string, save: (newHash: string) => Promise<unknown>): Promise<void> {
  if (!needsRehash(hash)) return;
  try {
    await save(await hashPassword(password));
  } catch (error) {
    log.warn('password rehash postponed to the next sign-in', { error: (error as Error)?.message });
  }
}
