import type { ApiScope } from '../common/enums';
import type { TokenRejection } from './jwt';

/** Who is calling: a subscriber or a staff member, by a session (JWT) or an API token. */
export type Viewer =
  | { kind: 'anonymous'; rejectedToken?: boolean; rejection?: TokenRejection; rejectedKind?: 'session' | 'apiToken' }
  | { kind: 'subscriber'; accountId: number; via: 'session' | 'token'; sessionFamily?: string; authTime?: number; scopes?: ApiScope[]; tokenId?: number }
  | { kind: 'staff'; staffId: number; via: 'session' | 'token'; sessionFamily?: string; authTime?: number; scopes?: ApiScope[]; tokenId?: number };

export const anonymous: Viewer = { kind: 'anonymous' };
