/** Абоненты: search by account number, name or address. */
import type { PageServerLoad } from './$types';
import { SearchAccountsQuery } from '$lib/staff/operations';
import { api } from '$lib/server/api';
import { ApiError, problemText } from '$lib/errors';
import { isUnavailable, failStaffLoad } from '$lib/staff/staff.server';

export const load = (async (event) => {
  const query = (event.url.searchParams.get('q') ?? '').trim();
  const after = event.url.searchParams.get('after') || null;
  if (!query) return { query, results: null, error: null, unavailable: false, after };
  if ([...query].length < 2) return { query, results: null, error: 'Введите не меньше 2 символов.', unavailable: false, after };
  try {
    const data = await api(event).query(SearchAccountsQuery, { query, first: 20, after });
    return { query, results: data.searchAccounts, error: null, unavailable: false, after };
  } catch (err) {
    if (isUnavailable(err)) return { query, results: null, error: null, unavailable: true, after };
    if (err instanceof ApiError && err.has('BAD_USER_INPUT')) {
      return { query, results: null, error: problemText(err.problems[0]), unavailable: false, after };
    }
    failStaffLoad(err, event);
  }
}) satisfies PageServerLoad;
