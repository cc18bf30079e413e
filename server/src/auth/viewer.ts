import type { ApiScope } from '../common/enums';
import type { TokenRejection } from './jwt';

/** Who is calling: a subscriber or a staff member, by a session (JWT) or an API token. */
export type Viewer =
  | { kind: 'anonymous'; rejectedToken?: boolean; rejection?: TokenRejection; rejectedKind?: 'session' | 'apiToken' }
  | {
      kind: 'subscriber';
      /** The person (#15): several accounts, one password. */
      subscriberId: number;
      /** The account signed in with (`me`); for an API token, the account it was made from. */
      accountId: number;
      via: 'session' | 'token';
      sessionFamily?: string;
      authTime?: number;
      scopes?: ApiScope[];
      tokenId?: number;
      /** An API token limited to some of the person's accounts: their ids; otherwise every account of the person. */
      tokenAccountIds?: number[] | null;
    }
  | { kind: 'staff'; staffId: number; via: 'session' | 'token'; sessionFamily?: string; authTime?: number; scopes?: ApiScope[]; tokenId?: number };

export const anonymous: Viewer = { kind: 'anonymous' };
