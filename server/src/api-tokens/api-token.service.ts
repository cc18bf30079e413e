/**
 * API tokens for integrations: minted only through a signed-in session, random with
 * the `kab_` prefix, stored as a sha256 hash and shown once, scoped, revocable.
 * Subscribers may mint ACCOUNT_READ, READINGS_WRITE and APPEALS_WRITE; staff tokens carry
 * narrow staff scopes (PAYMENTS_WRITE, …) or OPERATOR (all of them). At most 20 live tokens per
 * owner. A token may expire (expiresAt); an expired one is refused with reason EXPIRED.
 */
import { In, IsNull, type DataSource } from 'typeorm';
import { Subscriber } from '../auth/subscriber.entity';
import { normalizeAccountNumber } from '../common/account-input';
import { Account } from '../accounts/account.entity';
import type { SubjectType } from '../auth/refresh-session.entity';
import { randomSecret, sha256 } from '../auth/secrets';
import { API_TOKEN_PREFIX } from '../auth/viewer.service';
import type { Viewer } from '../auth/viewer';
import { ApiScope, STAFF_SCOPES, SUBSCRIBER_SCOPES } from '../common/enums';
import { AppError, ErrorCode, badInput, forbidden, unauthenticated } from '../errors';
import { Staff } from '../staff/staff.entity';
import type { AuthService } from '../auth/auth.service';
import type { SecurityNotices } from '../auth/security-notices';
import { Clock } from '../common/clock';
import { ApiToken } from './api-token.entity';

export const SUBSCRIBER_TOKEN_SCOPES: readonly ApiScope[] = SUBSCRIBER_SCOPES;
/** A staff token carries narrow scopes (least privilege), or OPERATOR for every staff power. */
export const STAFF_TOKEN_SCOPES: readonly ApiScope[] = [...STAFF_SCOPES, ApiScope.OPERATOR];
export const MAX_LIVE_TOKENS = 20;
/** The longest a token can be set to last (it can also not expire at all). */
export const MAX_TOKEN_LIFE_DAYS = 5 * 365;
export const TOKEN_NAME_MAX = 100;

export interface TokenOwner {
  ownerType: SubjectType;
  ownerId: number;
}

export interface CreatedToken {
  /** The secret itself: shown once, never stored. */
  token: string;
  apiToken: ApiToken;
}

export const apiTokenNotFound = () => new AppError(ErrorCode.NOT_FOUND, 'API-токен не найден: возможно, он уже отозван. Обновите список токенов.');

/** The owner of the caller's tokens. Tokens are managed through a session, never with another token. */
export function tokenOwnerOf(viewer: Viewer): TokenOwner {
  if (viewer.kind === 'anonymous') throw unauthenticated();
  if (viewer.via !== 'session') throw forbidden('API-токенами управляют только из личного кабинета, войдя по паролю, а не с другим API-токеном.');
  // A subscriber's tokens belong to the person (#15), whichever account they signed in with.
  return viewer.kind === 'subscriber' ? { ownerType: 'SUBSCRIBER', ownerId: viewer.subscriberId } : { ownerType: 'STAFF', ownerId: viewer.staffId };
}

/** The scopes a token may carry, deduplicated in the enum's order, or the reason why not. */
export function checkedScopes(ownerType: SubjectType, requested: readonly string[]): ApiScope[] {
  const wanted = new Set(requested);
  const known = new Set<string>(Object.values(ApiScope));
  for (const s of wanted) if (!known.has(s)) throw badInput('scopes', `Неизвестное разрешение ${s}.`);
  if (wanted.size === 0) throw badInput('scopes', 'Выберите хотя бы одно разрешение токена.');
  if (ownerType === 'SUBSCRIBER') {
    const staffOnly = [...wanted].filter((s) => !SUBSCRIBER_TOKEN_SCOPES.includes(s as ApiScope));
    if (staffOnly.length) throw forbidden(`Разрешения ${staffOnly.join(', ')} — только для сотрудников. Выберите ACCOUNT_READ, READINGS_WRITE или APPEALS_WRITE.`);
    return SUBSCRIBER_TOKEN_SCOPES.filter((s) => wanted.has(s));
  }
  const subscriberOnly = [...wanted].filter((s) => !STAFF_TOKEN_SCOPES.includes(s as ApiScope));
  if (subscriberOnly.length) {
    throw badInput('scopes', `Разрешения ${subscriberOnly.join(', ')} — для токенов абонента. Токену сотрудника выберите нужные: ${STAFF_SCOPES.join(', ')} (или OPERATOR — все сразу).`);
  }
  return STAFF_TOKEN_SCOPES.filter((s) => wanted.has(s));
}

export function checkedTokenName(raw: string): string {
  const name = String(raw ?? '')
    .replace(/[\u0000-\u001F\u007F-\u009F]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!name) throw badInput('name', 'Введите название токена, например «Учётная система УК».');
  if ([...name].length > TOKEN_NAME_MAX) throw badInput('name', `Название токена — не длиннее ${TOKEN_NAME_MAX} символов.`);
  return name;
}

/** A sign-in whose password was checked this long ago is «fresh» enough to create a token without asking it again. */
export const FRESH_SIGN_IN_SECONDS = 10 * 60;

export class ApiTokenService {
  constructor(
    private readonly db: DataSource,
    private readonly auth: AuthService,
    private readonly notices: SecurityNotices,
    private readonly clock: Clock = new Clock(),
  ) {}

  /**
   * Creates a token. A token outlives the sign-in that made it, so it takes a fresh sign-in (the password
   * checked within FRESH_SIGN_IN_SECONDS) or the current password (REAUTHENTICATION_REQUIRED otherwise);
   * the owner is told by e-mail.
   */
  async create(
    viewer: Viewer,
    rawName: string,
    scopes: readonly string[],
    currentPassword?: string | null,
    clientIp = 'unknown',
    expiresAt?: Date | null,
    /** A subscriber's token limited to some of the person's accounts (#15); null or omitted: all of them. */
    accountNumbers?: readonly string[] | null,
  ): Promise<CreatedToken> {
    const owner = tokenOwnerOf(viewer);
    const name = checkedTokenName(rawName);
    const granted = checkedScopes(owner.ownerType, scopes);
    const limitedTo = viewer.kind === 'subscriber' && accountNumbers ? await this.accountsOfPerson(viewer.subscriberId, accountNumbers) : null;
    if (viewer.kind === 'staff' && accountNumbers) throw badInput('accountNumbers', 'Токен сотрудника не ограничивают лицевыми счетами: ограничьте его разрешениями.');
    if (expiresAt) {
      const now = this.clock.now().getTime();
      if (expiresAt.getTime() <= now + 60_000) throw badInput('expiresAt', 'Срок действия токена — в будущем (хотя бы через минуту).');
      if (expiresAt.getTime() > now + MAX_TOKEN_LIFE_DAYS * 86_400_000) throw badInput('expiresAt', `Срок действия токена — не дольше ${MAX_TOKEN_LIFE_DAYS} дней.`);
    }
    if (currentPassword) {
      if (owner.ownerType === 'SUBSCRIBER') await this.auth.checkCurrentPassword(owner.ownerId, currentPassword, clientIp);
      else await this.auth.checkStaffPassword(owner.ownerId, currentPassword, clientIp);
    } else {
      const authTime = viewer.kind !== 'anonymous' ? viewer.authTime : undefined;
      const fresh = authTime !== undefined && this.clock.now().getTime() / 1000 - authTime <= FRESH_SIGN_IN_SECONDS;
      if (!fresh) {
        throw new AppError(
          ErrorCode.REAUTHENTICATION_REQUIRED,
          'API-токен даёт доступ без пароля, поэтому для его создания подтвердите пароль: введите текущий пароль или войдите снова.',
          { field: 'currentPassword' },
        );
      }
    }
    const token = randomSecret(32, API_TOKEN_PREFIX);
    const apiToken = await this.db.transaction(async (tx) => {
      // The owner's row is locked so that concurrent requests cannot pass the limit together.
      const ownerRepo = owner.ownerType === 'SUBSCRIBER' ? tx.getRepository(Subscriber) : tx.getRepository(Staff);
      const found = await ownerRepo.findOne({ where: { id: owner.ownerId }, lock: { mode: 'pessimistic_write' }, select: { id: true } });
      if (!found) throw unauthenticated();
      const repo = tx.getRepository(ApiToken);
      const live = await repo.count({ where: { ...owner, revokedAt: IsNull() } });
      if (live >= MAX_LIVE_TOKENS) {
        throw forbidden(`Действующих API-токенов может быть не больше ${MAX_LIVE_TOKENS}. Отзовите ненужный токен и повторите.`);
      }
      const signedIn = viewer.kind === 'subscriber' ? viewer.accountId : null;
      const accountId = limitedTo && signedIn !== null && !limitedTo.some((a) => a.id === signedIn) ? limitedTo[0].id : signedIn;
      const { identifiers } = await repo.insert({
        ...owner,
        name,
        scopes: granted,
        tokenHash: sha256(token),
        lastUsedAt: null,
        revokedAt: null,
        expiresAt: expiresAt ?? null,
        accountId,
        accountIds: limitedTo ? limitedTo.map((a) => a.id) : null,
      });
      return repo.findOneByOrFail({ id: identifiers[0].id });
    });
    const account = viewer.kind === 'subscriber' ? await this.db.getRepository(Account).findOne({ where: { id: viewer.accountId } }) : null;
    await this.notices.apiTokenCreated(account?.email ?? null, name, granted, account?.number ?? null);
    return { token, apiToken };
  }

  /** The person's accounts with these numbers, each one theirs (FORBIDDEN naming the first that is not, as for any other account not theirs). */
  private async accountsOfPerson(subscriberId: number, rawNumbers: readonly string[]): Promise<Account[]> {
    if (rawNumbers.length === 0) throw badInput('accountNumbers', 'Укажите хотя бы один лицевой счёт, или не ограничивайте токен счетами.');
    if (rawNumbers.length > 20) throw badInput('accountNumbers', 'Не больше 20 лицевых счетов.');
    const numbers = [...new Set(rawNumbers.map((n, i) => normalizeAccountNumber(n, `accountNumbers.${i}`)))];
    const held = await this.db.getRepository(Account).find({ where: { subscriberId, number: In(numbers) } });
    const missing = numbers.find((n) => !held.some((a) => a.number === n));
    if (missing) throw new AppError(ErrorCode.FORBIDDEN, `Лицевого счёта ${missing} нет среди ваших.`, { field: 'accountNumbers' });
    return numbers.map((n) => held.find((a) => a.number === n)!);
  }

  /** The numbers of the accounts a token is limited to, in its order; null: every account of the person. */
  async limitedAccountNumbers(token: ApiToken): Promise<string[] | null> {
    if (!token.accountIds) return null;
    const rows = await this.db.getRepository(Account).find({ where: { id: In(token.accountIds) }, select: { id: true, number: true } });
    return token.accountIds.map((id) => rows.find((r) => r.id === id)?.number).filter((n): n is string => Boolean(n));
  }

  /** The caller's live tokens, newest first. */
  list(viewer: Viewer): Promise<ApiToken[]> {
    const owner = tokenOwnerOf(viewer);
    return this.db.getRepository(ApiToken).find({ where: { ...owner, revokedAt: IsNull() }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /** Revokes one of the caller's own live tokens; any other id is NOT_FOUND. */
  async revoke(viewer: Viewer, rawId: string | number): Promise<boolean> {
    const owner = tokenOwnerOf(viewer);
    const text = String(rawId).trim();
    if (!/^\d{1,10}$/.test(text)) throw apiTokenNotFound();
    const result = await this.db
      .getRepository(ApiToken)
      .update({ id: Number(text), ...owner, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!result.affected) throw apiTokenNotFound();
    return true;
  }
}
