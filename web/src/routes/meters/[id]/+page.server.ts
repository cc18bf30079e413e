import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { MeterHistoryQuery } from '$lib/graphql';
import { api, loadFromApi } from '$lib/server/api';
import { accountVariables, answeredAccount } from '$lib/server/account';

const PAGE_SIZE = 20;

export const load = ((event) =>
  loadFromApi(event, async () => {
    const after = event.url.searchParams.get('after') || null;
    const data = await api(event).query(MeterHistoryQuery, { first: PAGE_SIZE, after, ...accountVariables(event) });
    // A meter of the selected account (`?account=`), or of the signed-in one.
    const meter = answeredAccount(data).meters.find((m) => m.id === event.params.id);
    if (!meter) error(404, 'Прибор учета не найден');
    return { meter, after };
  })) satisfies PageServerLoad;
