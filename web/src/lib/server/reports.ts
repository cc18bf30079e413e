/**
 * The ledger reports: GET <API origin>/reports/ledger.(pdf|csv)?from=…&to=… with the bearer token; of the
 * selected account (`&account=NUMBER`, #15) when the page had one.
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { requestedAccount } from './account';
import { fetchFromApi, passThrough } from './proxy';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function ledgerReport(event: RequestEvent, format: 'pdf' | 'csv'): Promise<Response> {
  const query = new URLSearchParams();
  const account = requestedAccount(event);
  if (account) query.set('account', account);
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
    // Another person's account (#15): the API's own words.
    if (response.status === 403) error(403, (await apiMessage(response)) ?? 'Недостаточно прав');
    error(response.status === 400 ? 400 : 502, 'Не удалось сформировать отчет. Проверьте даты и попробуйте ещё раз.');
  }
  const range = [query.get('from'), query.get('to')].filter(Boolean).join('_');
  return passThrough(response, `nachisleniya-i-platezhi${account ? `-${account}` : ''}${range ? `-${range}` : ''}.${format}`);
}

/** The message of the API's error answer ({ errors: [{ message }] }), when it is one a person can read. */
async function apiMessage(response: globalThis.Response): Promise<string | null> {
  try {
    const body = (await response.json()) as { errors?: { message?: unknown }[] };
    const message = body.errors?.[0]?.message;
    return typeof message === 'string' && /[А-Яа-яЁё]/.test(message) ? message : null;
  } catch {
    return null;
  }
}
