/** The utility's contacts: from the API's `utility` query, else from the environment. Cached briefly. */
import type { UtilityInfo } from '$lib/graphql';
import { UtilityQuery } from '$lib/graphql';
import { api } from './api';
import { utilityFromEnv } from './config';
import type { RequestEvent } from '@sveltejs/kit';

const TTL_MS = 5 * 60_000;
const RETRY_MS = 30_000;
let cached: { value: UtilityInfo; until: number; fromApi: boolean } | null = null;

export async function utilityInfo(event: Parameters<typeof api>[0] & Pick<RequestEvent, 'url'>): Promise<UtilityInfo> {
  if (cached && cached.until > Date.now()) return cached.value;
  try {
    const data = await api(event).query(UtilityQuery);
    cached = { value: data.utility, until: Date.now() + TTL_MS, fromApi: true };
  } catch {
    // The API lacks `utility` or is down: the environment's contacts, and ask again soon.
    cached = { value: utilityFromEnv(), until: Date.now() + RETRY_MS, fromApi: false };
  }
  return cached.value;
}
