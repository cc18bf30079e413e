/**
 * Who may call what. Resolvers say it with @Authorized(...rule); the auth checker enforces it. A rule
 * names the kinds of caller allowed (a subscriber, staff) and, for API tokens, the scopes that allow it:
 * a subscriber's token needs one of the rule's subscriber scopes; a staff token one of its staff scopes,
 * or OPERATOR (every staff scope). Sessions (signed in with a password) have every power of their kind.
 * The rules are also written into the schema's descriptions and the README (access-catalogue.ts).
 */
import type { AuthChecker } from 'type-graphql';
import { ApiScope, STAFF_SCOPES, SUBSCRIBER_SCOPES } from '../common/enums';
import { AppError, ErrorCode, forbidden } from '../errors';
import type { Context } from '../graphql/context';
import type { TokenRejection } from './jwt';
import type { Viewer } from './viewer';

type StaffScope = Exclude<ApiScope, ApiScope.ACCOUNT_READ | ApiScope.READINGS_WRITE | ApiScope.APPEALS_WRITE | ApiScope.OPERATOR>;
type SubscriberScope = ApiScope.ACCOUNT_READ | ApiScope.READINGS_WRITE | ApiScope.APPEALS_WRITE;

const scope = (s: ApiScope) => `scope:${s}`;

export const Access = {
  /** The subscriber themself; a token needs one of the scopes. */
  subscriber: (...scopes: SubscriberScope[]) => ['SUBSCRIBER', ...scopes.map(scope)],
  /** Staff; a token needs the scope (or OPERATOR). */
  staff: (staffScope: StaffScope) => ['STAFF', scope(staffScope)],
  /** A subscriber (a token with the subscriber scope) or staff (a token with the staff scope, or OPERATOR). */
  subscriberOrStaff: (subscriberScope: SubscriberScope, staffScope: StaffScope = ApiScope.ACCOUNTS_READ_ANY) => [
    'SUBSCRIBER', 'STAFF', scope(subscriberScope), scope(staffScope),
  ],
  /** Anyone signed in, by a session or any token. */
  signedIn: () => ['SUBSCRIBER', 'STAFF', 'scope:*'],
};

/** The scopes a rule names (without the `scope:` prefix). */
export function scopesOf(rules: readonly string[]): ApiScope[] {
  return rules.filter((r) => r.startsWith('scope:') && r !== 'scope:*').map((r) => r.slice(6) as ApiScope);
}

/** The token's scopes as powers: OPERATOR stands for every staff scope. */
export function effectiveScopes(viewer: Viewer): Set<ApiScope> {
  if (viewer.kind === 'anonymous') return new Set();
  const granted = new Set(viewer.scopes ?? []);
  if (viewer.kind === 'staff' && granted.has(ApiScope.OPERATOR)) for (const s of STAFF_SCOPES) granted.add(s);
  return granted;
}

const REJECTION_MESSAGES: Record<TokenRejection, string> = {
  EXPIRED: 'Токен доступа истёк. Обновите сеанс (refreshSession) или войдите снова.',
  REVOKED: 'Сеанс завершён (выход, смена пароля) или токен отозван. Войдите снова.',
  MALFORMED: 'Токен доступа недействителен. Войдите снова или проверьте API-токен.',
};

const API_TOKEN_REJECTION_MESSAGES: Record<TokenRejection, string> = {
  EXPIRED: 'Срок действия API-токена истёк (expiresAt). Создайте новый токен.',
  REVOKED: 'API-токен отозван. Создайте новый токен.',
  MALFORMED: 'Такого API-токена нет. Проверьте токен или создайте новый.',
};

/** UNAUTHENTICATED with extensions.reason: MISSING (no token), MALFORMED, EXPIRED or REVOKED; the message fits a session or an API token. */
export function unauthenticatedFor(viewer: Extract<Viewer, { kind: 'anonymous' }>): AppError {
  if (!viewer.rejectedToken) return new AppError(ErrorCode.UNAUTHENTICATED, 'Войдите в личный кабинет, чтобы продолжить.', { reason: 'MISSING' });
  const reason = viewer.rejection ?? 'MALFORMED';
  const messages = viewer.rejectedKind === 'apiToken' ? API_TOKEN_REJECTION_MESSAGES : REJECTION_MESSAGES;
  return new AppError(ErrorCode.UNAUTHENTICATED, messages[reason], { reason });
}

/** FORBIDDEN for a token without the scope, naming the scopes that would allow it (extensions.requiredScopes). */
export function missingScope(required: ApiScope[]): AppError {
  return new AppError(ErrorCode.FORBIDDEN, `У API-токена нет нужного разрешения: нужно одно из ${required.join(', ')}. Создайте токен с ним.`, {
    requiredScopes: required,
  });
}

export const authChecker: AuthChecker<Context> = ({ context }, rules) => checkAccess(context, rules);

/** Whether the caller passes a rule: true, or an UNAUTHENTICATED / FORBIDDEN error thrown. */
export function checkAccess(context: Pick<Context, 'viewer'>, rules: readonly string[]): true {
  const viewer = context.viewer;
  if (viewer.kind === 'anonymous') throw unauthenticatedFor(viewer);
  const kind = viewer.kind === 'subscriber' ? 'SUBSCRIBER' : 'STAFF';
  if (!rules.includes(kind)) throw forbidden(kind === 'STAFF' ? 'Это действие — для абонента, не для сотрудника.' : 'Недостаточно прав: это действие — для сотрудников водоканала.');
  if (viewer.via !== 'token' || rules.includes('scope:*')) return true;
  const own = viewer.kind === 'staff' ? STAFF_SCOPES : SUBSCRIBER_SCOPES;
  const allowed = scopesOf(rules).filter((s) => own.includes(s));
  const powers = effectiveScopes(viewer);
  if (allowed.some((s) => powers.has(s))) return true;
  throw missingScope(viewer.kind === 'staff' ? [...allowed, ApiScope.OPERATOR] : allowed);
}
