import type { PageServerLoad } from './$types';
import { HomeQuery } from '$lib/graphql';
import { api, loadFromApi } from '$lib/server/api';
import { accountVariables, answeredAccount } from '$lib/server/account';

export const load = ((event) =>
  loadFromApi(event, async () => {
    // The selected account (`?account=`), or the one signed in with.
    const data = await api(event).query(HomeQuery, accountVariables(event));
    return { home: answeredAccount(data), window: data.readingsWindow };
  })) satisfies PageServerLoad;
