/** Абоненты: search by account number, name or address. */
import type { PageServerLoad } from './$types';
import { SearchAccountsQuery } from '$lib/staff/operations';
import { api } from '$lib/server/api';
import { ApiError, problemText } from '$lib/errors';
import { failStaffLoad } from '$lib/staff/staff.server';

export const load = (async (event) => {
  const query = (event.url.searchParams.get('q') ?? '').trim();
  const after = event.url.searchParams.get('after') || null;
  if (!query) return { query, results: null, error: null, after };
  try {
    const data = await api(event).query(SearchAccountsQuery, { query, first: 20, after });
    return { query, results: data.searchAccounts, error: null, after };
  } catch (err) {
    // The API's word about the query (too short, say) goes next to the search field.
    if (err instanceof ApiError && err.has('BAD_USER_INPUT')) return { query, results: null, error: problemText(err.problems[0]), after };
    failStaffLoad(err, event);
  }
}) satisfies PageServerLoad;
