/**
 * The utility's contacts (the API's `utility`), for the header, the footer and «Контакты». Cached for a few
 * minutes; while the API cannot be reached, the last answer, or null before the first one.
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { NETWORK_MESSAGE } from '$lib/errors';
import { UtilityQuery, type UtilityInfo } from '$lib/graphql';
import { api } from './api';

const TTL_MS = 5 * 60_000;
let cached: { value: UtilityInfo; until: number } | null = null;

export async function utilityInfo(event: Parameters<typeof api>[0] & Pick<RequestEvent, 'url'>): Promise<UtilityInfo | null> {
  if (cached && cached.until > Date.now()) return cached.value;
  try {
    const { utility } = await api(event).query(UtilityQuery);
    cached = { value: utility, until: Date.now() + TTL_MS };
    return utility;
  } catch (err) {
    console.error('The utility’s contacts could not be read', err);
    return cached?.value ?? null;
  }
}

/** For a page that shows the contacts («Контакты», the agreement): the service is unavailable without them. */
export async function requireUtility(parent: () => Promise<{ utility: UtilityInfo | null }>): Promise<{ utility: UtilityInfo }> {
  const { utility } = await parent();
  if (!utility) error(503, NETWORK_MESSAGE);
  return { utility };
}
