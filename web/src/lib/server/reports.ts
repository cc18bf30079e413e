/** The ledger reports: GET <API origin>/reports/ledger.(pdf|csv)?from=…&to=… with the bearer token. */
import { error, type RequestEvent } from '@sveltejs/kit';
import { fetchFromApi, passThrough } from './proxy';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function ledgerReport(event: RequestEvent, format: 'pdf' | 'csv'): Promise<Response> {
  const query = new URLSearchParams();
  for (const name of ['from', 'to']) {
    const value = event.url.searchParams.get(name);
    if (value && DATE.test(value)) query.set(name, value);
  }
  const search = query.toString();
  let response: globalThis.Response;
  try {
    response = await fetchFromApi(event, `/reports/ledger.${format}${search ? `?${search}` : ''}`);
  } catch (err) {
    console.error('Ledger report: the API cannot be reached', err);
    error(503, 'Сервис временно недоступен. Попробуйте скачать отчет позже.');
  }
  if (!response.ok || !response.body) {
    console.error(`Ledger report: the API answered ${response.status}`);
    error(response.status === 400 ? 400 : 502, 'Не удалось сформировать отчет. Проверьте даты и попробуйте ещё раз.');
  }
  const range = [query.get('from'), query.get('to')].filter(Boolean).join('_');
  return passThrough(response, `nachisleniya-i-platezhi${range ? `-${range}` : ''}.${format}`);
}
