/**
 * The site's configuration, read from the environment at run time:
 *   API_URL            the API's GraphQL endpoint (default http://127.0.0.1:4000/graphql)
 *   PUBLIC_API_WS_URL  the API's WebSocket endpoint for the browser (default: the page's host, port 4000)
 *   PORT, HOST, ORIGIN adapter-node's own (port to listen on, public origin of the site)
 *   UTILITY_*          the utility's contacts, used only when the API cannot give them
 */
import { env } from '$env/dynamic/private';
import { env as publicEnv } from '$env/dynamic/public';
import type { UtilityInfo } from '$lib/graphql';

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

/** The utility's contacts from the environment: the fallback when the API does not answer `utility`. */
export function utilityFromEnv(): UtilityInfo {
  return {
    name: env.UTILITY_NAME || env.PAYEE_NAME || 'АО «Апатитыводоканал»',
    address: env.UTILITY_ADDRESS || '184209, Мурманская обл., г. Апатиты, ул. Энергетическая, д. 24',
    phone: env.UTILITY_PHONE || '+7 (81555) 6-11-00',
    dispatcherPhone: env.UTILITY_DISPATCHER_PHONE || '+7 (81555) 6-11-11',
    email: env.UTILITY_EMAIL || 'info@apvod.ru',
    website: env.UTILITY_WEBSITE || 'https://apvod.ru',
    workingHours: env.UTILITY_HOURS || 'пн–чт 8:00–17:00, пт 8:00–16:00, обед 12:00–13:00',
  };
}
