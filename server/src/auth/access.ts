/**
 * Who may call what. Resolvers say it with @Authorized(...rule); the auth checker
 * enforces it. A rule names the kinds of caller allowed and, for API tokens,
 * the scope the token must carry.
 */
import type { AuthChecker } from 'type-graphql';
import { ApiScope } from '../common/enums';
import { forbidden, unauthenticated } from '../errors';
import type { Context } from '../graphql/context';

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

export const authChecker: AuthChecker<Context> = ({ context }, rules) => {
  const viewer = context.viewer;
  if (viewer.kind === 'anonymous') {
    throw unauthenticated(viewer.rejectedToken ? 'Токен доступа недействителен или истёк. Обновите сеанс или войдите снова.' : undefined);
  }
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
