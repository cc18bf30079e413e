/**
 * What goes into audit_log.before_value / after_value: plain JSON, secrets blanked.
 * Dates become ISO strings, bigints decimal strings; keys that look like secrets
 * (password, token, hash, secret, activation code) are replaced with REDACTED.
 */

export const REDACTED = '[скрыто]';

const SECRET_KEY = /pass(word)?|secret|token|hash|activation_?code|salt|otp|pin$/i;
const MAX_DEPTH = 6;

/** A copy of `value` fit for a JSON column, or null for undefined/null. */
export function auditValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return clean(value, 0);
}

function clean(value: unknown, depth: number): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value !== 'object' || depth >= MAX_DEPTH) return String(value);
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || typeof v === 'function') continue;
    out[key] = SECRET_KEY.test(key) ? REDACTED : clean(v, depth + 1);
  }
  return out;
}
