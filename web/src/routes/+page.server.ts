import type { PageServerLoad } from './$types';
import { HomeQuery } from '$lib/graphql';
import { api, loadFromApi } from '$lib/server/api';

export const load = ((event) =>
  loadFromApi(event, async () => {
    const data = await api(event).query(HomeQuery);
    return { home: data.me, window: data.readingsWindow };
  })) satisfies PageServerLoad;
