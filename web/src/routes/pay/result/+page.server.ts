import type { PageServerLoad } from './$types';
import { PaymentQuery } from '$lib/graphql';
import { api, loadFromApi } from '$lib/server/api';

export const load = ((event) =>
  loadFromApi(event, async () => {
    const id = event.url.searchParams.get('payment') ?? event.url.searchParams.get('id') ?? '';
    if (!id) return { payment: null };
    event.depends('app:payment');
    const data = await api(event).query(PaymentQuery, { id });
    return { payment: data.payment };
  })) satisfies PageServerLoad;
