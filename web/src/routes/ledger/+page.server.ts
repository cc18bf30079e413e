import type { PageServerLoad } from './$types';
import { LedgerQuery } from '$lib/graphql';
import { ApiError, problemText } from '$lib/errors';
import { api, loadFromApi } from '$lib/server/api';
import { accountVariables, answeredAccount } from '$lib/server/account';

const PAGE_SIZE = 20;

export const load = ((event) =>
  loadFromApi(event, async () => {
    const params = event.url.searchParams;
    // The range as the form sent it (a date field gives YYYY-MM-DD): the API says what is wrong with it.
    const from = params.get('from') || null;
    const to = params.get('to') || null;
    const sort = params.get('sort') === 'asc' ? ('asc' as const) : ('desc' as const);
    const requestedFirst = Number(params.get('first'));
    const first = Number.isInteger(requestedFirst) && requestedFirst >= 1 && requestedFirst <= 100 ? requestedFirst : PAGE_SIZE;
    const after = params.get('after') || null;
    // The selected account (`?account=`), or the one signed in with.
    const account = accountVariables(event);
    try {
      const data = await api(event).query(LedgerQuery, { from, to, order: sort === 'asc' ? 'ASC' : 'DESC', first, after, ...account });
      return { ledger: answeredAccount(data).ledger, from, to, sort, first, after, rangeErrors: {} as Record<string, string> };
    } catch (err) {
      // A range the API does not take («По» before «С», a date that is not one): its words at the field.
      const problems = err instanceof ApiError ? err.problems.filter((p) => p.code === 'BAD_USER_INPUT' && (p.field === 'from' || p.field === 'to')) : [];
      if (!problems.length) throw err;
      const rangeErrors = Object.fromEntries(problems.map((p) => [p.field!, problemText(p)]));
      return { ledger: null, from, to, sort, first, after, rangeErrors };
    }
  })) satisfies PageServerLoad;
