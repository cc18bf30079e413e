/**
 * Webhook signing secrets: made random, shown once, kept encrypted at rest (AES-256-GCM under the key of
 * WEBHOOK_SECRET_KEY — config.ts), and the signature every delivery carries:
 *   Kabinet-Signature: v1=<hex HMAC-SHA256(secret, `${timestamp}.${body}`)>
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { config } from '../config';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
const VERSION = 'v1.';
/** Binds a ciphertext to its use: a secret of another kind encrypted under the same key does not decrypt here. */
const AAD = Buffer.from('kabinet:webhook-secret');

/** `whsec_` + 32 random bytes, base64url. */
export function newWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64url');
}

function key(): Buffer {
  return Buffer.from(config().webhooks.secretKey, 'hex');
}

/** `v1.` + base64url(12-byte iv | 16-byte tag | ciphertext). */
export function sealSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
}

/** The secret back; throws when the key is not the one it was sealed with, or the text was altered. */
export function openSecret(sealed: string): string {
  if (!sealed.startsWith(VERSION)) throw new Error('webhook secret: unknown format');
  const raw = Buffer.from(sealed.slice(VERSION.length), 'base64url');
  if (raw.length < 12 + 16 + 1) throw new Error('webhook secret: too short');
  const decipher = createDecipheriv('aes-256-gcm', key(), raw.subarray(0, 12));
  decipher.setAAD(AAD);
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** The Kabinet-Signature header's value for a body sent at `timestamp` (unix seconds). */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
