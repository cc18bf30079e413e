/**
 * The site's configuration, read from the environment at run time:
 *   API_URL            the API's GraphQL endpoint (default http://127.0.0.1:4000/graphql)
 *   PUBLIC_API_WS_URL  the API's WebSocket endpoint for the browser (default: the page's host, port 4000)
 *   PORT, HOST, ORIGIN adapter-node's own (port to listen on, public origin of the site)
 *   HSTS               Strict-Transport-Security: "true" always sends it, "false" never; unset, it is
 *                      sent when the site is served over https (ORIGIN https://…, or PROTOCOL_HEADER saying so);
 *                      any other value stops the site's start with the setting's name
 *   CARD_GATEWAY_ORIGIN  origins (space- or comma-separated) the pay form may send the browser on to,
 *                      for the Content-Security-Policy's form-action; default: the API's public origin
 *                      (taken from PUBLIC_API_WS_URL), where the built-in sandbox gateway's page is
 */
import { env } from '$env/dynamic/private';
import { env as publicEnv } from '$env/dynamic/public';

export const DEFAULT_API_URL = 'http://127.0.0.1:4000/graphql';

export function apiUrl(): string {
  return env.API_URL || DEFAULT_API_URL;
}

/** Scheme, host and port of the API, for its non-GraphQL routes (reports, PDFs). */
export function apiOrigin(): string {
  return new URL(apiUrl()).origin;
}

export function publicWsUrl(): string | undefined {
  return publicEnv.PUBLIC_API_WS_URL || undefined;
}

/** Where the browser opens the live replies' WebSocket: PUBLIC_API_WS_URL, else the site's host on port 4000. */
export function liveWsUrl(site: URL): string {
  return publicWsUrl() ?? `${site.protocol === 'https:' ? 'wss:' : 'ws:'}//${site.hostname}:4000/graphql`;
}

/** The API's origin as browsers reach it (http(s) of the live replies' WebSocket). */
function apiPublicOrigin(site: URL): string | null {
  return originOf(liveWsUrl(site).replace(/^ws/i, 'http'));
}

/** Origins of the card gateway's pages (see CARD_GATEWAY_ORIGIN above). */
export function cardGatewayOrigins(site: URL): string[] {
  const configured = (env.CARD_GATEWAY_ORIGIN ?? '').split(/[\s,]+/).filter(Boolean).map(originOf);
  if (configured.length) return configured.filter((o): o is string => o !== null);
  const api = apiPublicOrigin(site);
  return api ? [api] : [];
}

/** The origin of an http(s) address, or null: only clean origins go into the policy. */
function originOf(address: string): string | null {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** HSTS as set: true, false, or null when unset (then it follows the site's protocol). Anything else is refused. */
function hstsSetting(): boolean | null {
  const raw = env.HSTS;
  if (raw === undefined || raw === '') return null;
  // The API's own HSTS takes the same two words (server/src/config.ts): one value works for both.
  if (raw !== 'true' && raw !== 'false') throw new Error(`HSTS must be true or false, got "${raw}"`);
  return raw === 'true';
}

/** Whether to send Strict-Transport-Security (see HSTS above). */
export function hstsEnabled(site: URL): boolean {
  return hstsSetting() ?? site.protocol === 'https:';
}

/** Throws with the setting's name when one is set to what it cannot take (the site's start-up calls it). */
export function checkConfig(): void {
  hstsSetting();
}
