/**
 * The security headers of the site's answers (security issue #12), set by the hook on every page and
 * endpoint. The Content-Security-Policy of a page is SvelteKit's own (kit.csp in svelte.config.js: a
 * nonce per page for its scripts, no 'unsafe-inline'); here it gets the origins only known at run
 * time: the API's WebSocket for the live replies (connect-src) and the card gateway, where the pay
 * form sends the browser on to without JavaScript (form-action).
 */
import type { RequestEvent } from '@sveltejs/kit';
import { cardGatewayOrigins, hstsEnabled, liveWsUrl } from './config';

const STATIC_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  'x-frame-options': 'DENY',
};

/** A year: browsers then use only https for the site. */
const HSTS_VALUE = 'max-age=31536000';

/** `policy` with `sources` appended to some of its directives (those it has). */
export function extendPolicy(policy: string, sources: Record<string, string[]>): string {
  return policy
    .split(';')
    .map((directive) => {
      const name = directive.trim().split(/\s+/)[0];
      const more = (sources[name] ?? []).filter((s) => !directive.split(/\s+/).includes(s));
      return more.length ? `${directive.trim()} ${more.join(' ')}` : directive.trim();
    })
    .filter(Boolean)
    .join('; ');
}

function wsOrigin(site: URL): string | null {
  try {
    return new URL(liveWsUrl(site)).origin;
  } catch {
    return null;
  }
}

/**
 * Adds the headers to `response` (a copy when its headers cannot be changed). `personal`: the answer
 * shows a subscriber's or an operator's data, so no cache may keep it.
 */
export function withSecurityHeaders(event: Pick<RequestEvent, 'url'>, response: Response, personal: boolean): Response {
  let out = response;
  try {
    out.headers.set('x-content-type-options', 'nosniff');
  } catch {
    // A fetched Response has immutable headers: answer a copy.
    out = new Response(response.body, response);
  }
  const headers = out.headers;
  for (const [name, value] of Object.entries(STATIC_HEADERS)) headers.set(name, value);
  if (hstsEnabled(event.url)) headers.set('strict-transport-security', HSTS_VALUE);
  if (personal) headers.set('cache-control', 'private, no-store');

  const policy = headers.get('content-security-policy');
  if (policy) {
    const ws = wsOrigin(event.url);
    headers.set(
      'content-security-policy',
      extendPolicy(policy, { 'connect-src': ws ? [ws] : [], 'form-action': cardGatewayOrigins(event.url) }),
    );
  }
  return out;
}
