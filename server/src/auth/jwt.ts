/**
 * Access tokens: HS256 JWTs (the algorithm is pinned on verification), with issuer and audience
 * checked, valid for ACCESS_TOKEN_TTL (15 minutes): a token that claims a longer life (a 10-year exp)
 * is refused, whoever signed it. `auth_time` is when the sign-in last checked the password.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { config } from '../config';
import type { SubjectType } from './refresh-session.entity';

export interface AccessClaims {
  /** "SUBSCRIBER" or "STAFF". */
  typ: SubjectType;
  /** The person's id for subscribers (#15), staff id for staff. */
  sub: string;
  /** A subscriber's: the account signed in with (`me`). Tokens issued before #15 have none: then it is `sub`. */
  acc?: number;
  /** The refresh-session family the token was issued in. */
  sid: string;
  /** When the sign-in last checked the password, seconds since the epoch. */
  authTime?: number;
}

/** Why a bearer token was not accepted (extensions.reason of UNAUTHENTICATED). */
export type TokenRejection = 'MALFORMED' | 'EXPIRED' | 'REVOKED';

/** A few seconds of clock skew between instances. */
const SKEW_SECONDS = 5;

export function signAccessToken(claims: AccessClaims): { token: string; expiresAt: Date } {
  const cfg = config();
  const payload: Record<string, unknown> = { typ: claims.typ, sid: claims.sid };
  if (claims.authTime !== undefined) payload.auth_time = claims.authTime;
  if (claims.acc !== undefined) payload.acc = claims.acc;
  const token = jwt.sign(payload, cfg.jwtSecret, {
    algorithm: 'HS256',
    subject: claims.sub,
    issuer: cfg.jwtIssuer,
    audience: cfg.jwtAudience,
    expiresIn: cfg.accessTokenTtlSeconds,
  });
  const { exp } = jwt.decode(token) as { exp: number };
  return { token, expiresAt: new Date(exp * 1000) };
}

/** The claims of a valid token, or null for anything expired, forged or foreign. */
export function verifyAccessToken(token: string): (AccessClaims & { exp: number }) | null {
  const checked = checkAccessToken(token);
  return 'claims' in checked ? checked.claims : null;
}

/** The claims of a valid token, or why it is refused: expired, or anything else (forged, foreign, too long-lived). */
export function checkAccessToken(token: string): { claims: AccessClaims & { exp: number } } | { rejected: Exclude<TokenRejection, 'REVOKED'> } {
  const cfg = config();
  // A token verified before (a client sends the same one with every request for its 15 minutes): its claims, as
  // long as it has not expired. Checked against the configuration it was verified with; revocation is the caller's.
  if (verifiedWith !== cfg) {
    verified.clear();
    verifiedWith = cfg;
  }
  const known = verified.get(token);
  if (known) {
    if (Math.floor(Date.now() / 1000) < known.exp) return { claims: known };
    verified.delete(token);
    return { rejected: 'EXPIRED' };
  }
  try {
    const payload = jwt.verify(token, verificationKey(cfg.jwtSecret), {
      algorithms: ['HS256'],
      issuer: cfg.jwtIssuer,
      audience: cfg.jwtAudience,
    }) as jwt.JwtPayload;
    if ((payload.typ !== 'SUBSCRIBER' && payload.typ !== 'STAFF') || typeof payload.sub !== 'string' || !/^\d+$/.test(payload.sub)) {
      return { rejected: 'MALFORMED' };
    }
    // Never longer-lived than ACCESS_TOKEN_TTL, whoever signed it.
    if (typeof payload.iat !== 'number' || typeof payload.exp !== 'number' || payload.exp - payload.iat > cfg.accessTokenTtlSeconds + SKEW_SECONDS) {
      return { rejected: 'MALFORMED' };
    }
    const authTime = typeof payload.auth_time === 'number' ? payload.auth_time : undefined;
    const acc = typeof payload.acc === 'number' && Number.isSafeInteger(payload.acc) ? payload.acc : undefined;
    const claims = { typ: payload.typ, sub: payload.sub, sid: String(payload.sid ?? ''), exp: payload.exp, authTime, acc };
    // Not kept: a token that is not valid yet (nbf), which jsonwebtoken checks on every verification.
    if (payload.nbf === undefined) remember(token, claims);
    return { claims };
  } catch (error) {
    return { rejected: error instanceof jwt.TokenExpiredError ? 'EXPIRED' : 'MALFORMED' };
  }
}

/**
 * The secret as a KeyObject, made once per secret: given a string, jsonwebtoken first tries to
 * parse it as a PEM public key (and throws) on every verification, which cost more than the rest
 * of the check.
 */
let cachedKey: { secret: string; key: KeyObject } | null = null;
function verificationKey(secret: string): KeyObject {
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: createSecretKey(Buffer.from(secret, 'utf8')) };
  return cachedKey.key;
}

/** Verified access tokens and their claims, oldest first; at most VERIFIED_TOKENS_KEPT (a few MiB). */
const verified = new Map<string, AccessClaims & { exp: number }>();
let verifiedWith: object | null = null;
export const VERIFIED_TOKENS_KEPT = 5_000;
function remember(token: string, claims: AccessClaims & { exp: number }): void {
  if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value!);
  verified.set(token, claims);
}
