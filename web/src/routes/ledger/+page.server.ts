import type { PageServerLoad } from './$types';
import { LedgerQuery, type ResultOf } from '$lib/graphql';
import { api, loadFromApi } from '$lib/server/api';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PAGE_SIZE = 20;
/** Ascending order reads the whole range: at most this many pages of 100 entries. */
const MAX_PAGES = 20;

function date(value: string | null): string | null {
  if (!value || !DATE.test(value)) return null;
  return Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? null : value;
}

export const load = ((event) =>
  loadFromApi(event, async () => {
    const params = event.url.searchParams;
    let from = date(params.get('from'));
    let to = date(params.get('to'));
    if (from && to && from > to) [from, to] = [to, from];
    const sort = params.get('sort') === 'asc' ? ('asc' as const) : ('desc' as const);
    const requestedFirst = Number(params.get('first'));
    const first = Number.isInteger(requestedFirst) && requestedFirst >= 1 && requestedFirst <= 100 ? requestedFirst : PAGE_SIZE;
    const after = params.get('after') || null;
    const client = api(event);

    let ledger: ResultOf<typeof LedgerQuery>['me']['ledger'];
    let truncated = false;
    if (sort === 'desc') {
      ledger = (await client.query(LedgerQuery, { from, to, first, after })).me.ledger;
    } else {
      // The API lists newest first: oldest first means reading the whole range, then turning it round.
      ledger = (await client.query(LedgerQuery, { from, to, first: 100, after: null })).me.ledger;
      const nodes = [...ledger.nodes];
      let pageInfo = ledger.pageInfo;
      for (let page = 1; pageInfo.hasNextPage && pageInfo.endCursor && page < MAX_PAGES; page++) {
        const next = (await client.query(LedgerQuery, { from, to, first: 100, after: pageInfo.endCursor })).me.ledger;
        nodes.push(...next.nodes);
        pageInfo = next.pageInfo;
      }
      truncated = pageInfo.hasNextPage;
      ledger = { ...ledger, nodes: nodes.reverse(), pageInfo: { hasNextPage: false, endCursor: null } };
    }
    return { ledger, from, to, sort, first, after, truncated };
  })) satisfies PageServerLoad;
