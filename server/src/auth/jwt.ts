/**
 * Access tokens: HS256 JWTs (the algorithm is pinned on verification), with
 * issuer and audience checked, valid for ACCESS_TOKEN_TTL (15 minutes).
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { config } from '../config';
import type { SubjectType } from './refresh-session.entity';

export interface AccessClaims {
  /** "SUBSCRIBER" or "STAFF". */
  typ: SubjectType;
  /** Account id for subscribers, staff id for staff. */
  sub: string;
  /** The refresh-session family the token was issued in. */
  sid: string;
}

export function signAccessToken(claims: AccessClaims): { token: string; expiresAt: Date } {
  const cfg = config();
  const token = jwt.sign({ typ: claims.typ, sid: claims.sid }, cfg.jwtSecret, {
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
  const cfg = config();
  try {
    const payload = jwt.verify(token, verificationKey(cfg.jwtSecret), {
      algorithms: ['HS256'],
      issuer: cfg.jwtIssuer,
      audience: cfg.jwtAudience,
    }) as jwt.JwtPayload;
    if ((payload.typ !== 'SUBSCRIBER' && payload.typ !== 'STAFF') || typeof payload.sub !== 'string' || !/^\d+$/.test(payload.sub)) {
      return null;
    }
    return { typ: payload.typ, sub: payload.sub, sid: String(payload.sid ?? ''), exp: payload.exp! };
  } catch {
    return null;
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
