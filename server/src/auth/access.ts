/**
 * Who may call what. Resolvers say it with @Authorized(...rule); the auth checker
 * enforces it. A rule names the kinds of caller allowed and, for API tokens,
 * the scope the token must carry.
 */
import type { AuthChecker } from 'type-graphql';
import { ApiScope } from '../common/enums';
import { AppError, ErrorCode, forbidden } from '../errors';
import type { Context } from '../graphql/context';
import type { TokenRejection } from './jwt';
import type { Viewer } from './viewer';

export const Access = {
  /** The subscriber themself; an API token needs the scope. */
  subscriber: (scope: ApiScope) => ['SUBSCRIBER', `scope:${scope}`],
  /** Staff; an API token needs the OPERATOR scope. */
  staff: () => ['STAFF', `scope:${ApiScope.OPERATOR}`],
  /** A subscriber (token with the scope) or staff (token with OPERATOR). */
  subscriberOrStaff: (scope: ApiScope) => ['SUBSCRIBER', 'STAFF', `scope:${scope}`, `scope:${ApiScope.OPERATOR}`],
  /** Anyone signed in, by a session or any token. */
  signedIn: () => ['SUBSCRIBER', 'STAFF', 'scope:*'],
};

const REJECTION_MESSAGES: Record<TokenRejection, string> = {
  EXPIRED: 'Токен доступа истёк. Обновите сеанс (refreshSession) или войдите снова.',
  REVOKED: 'Сеанс завершён (выход, смена пароля) или токен отозван. Войдите снова.',
  MALFORMED: 'Токен доступа недействителен. Войдите снова или проверьте API-токен.',
};

/** UNAUTHENTICATED with extensions.reason: MISSING (no token), MALFORMED, EXPIRED or REVOKED. */
export function unauthenticatedFor(viewer: Extract<Viewer, { kind: 'anonymous' }>): AppError {
  if (!viewer.rejectedToken) return new AppError(ErrorCode.UNAUTHENTICATED, 'Войдите в личный кабинет, чтобы продолжить.', { reason: 'MISSING' });
  const reason = viewer.rejection ?? 'MALFORMED';
  return new AppError(ErrorCode.UNAUTHENTICATED, REJECTION_MESSAGES[reason], { reason });
}

export const authChecker: AuthChecker<Context> = ({ context }, rules) => {
  const viewer = context.viewer;
  if (viewer.kind === 'anonymous') throw unauthenticatedFor(viewer);
  const kind = viewer.kind === 'subscriber' ? 'SUBSCRIBER' : 'STAFF';
  if (!rules.includes(kind)) throw forbidden();
  if (viewer.via === 'token' && !rules.includes('scope:*')) {
    const allowed = rules.filter((r) => r.startsWith('scope:')).map((r) => r.slice(6));
    const scopes = viewer.scopes ?? [];
    // A staff token acts as staff only with OPERATOR; a subscriber token needs the operation's own scope.
    const ok = viewer.kind === 'staff' ? scopes.includes(ApiScope.OPERATOR) && allowed.includes(ApiScope.OPERATOR) : allowed.some((s) => s !== ApiScope.OPERATOR && scopes.includes(s as ApiScope));
    if (!ok) throw forbidden(`У API-токена нет нужного разрешения (${allowed.filter((s) => (viewer.kind === 'staff') === (s === ApiScope.OPERATOR)).join(', ')}).`);
  }
  return true;
};
