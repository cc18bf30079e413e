/** «Скачать PDF»: the ledger report of the chosen range, from the API with the subscriber's token. */
import type { RequestHandler } from './$types';
import { ledgerReport } from '$lib/server/reports';

export const GET: RequestHandler = (event) => ledgerReport(event, 'pdf');
