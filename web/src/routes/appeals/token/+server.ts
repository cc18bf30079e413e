/**
 * The current access token for the page's live connection (graphql-ws), which needs it again when
 * it reconnects after the token the page was given has expired. The hook has refreshed it if needed.
 */
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) =>
  json({ accessToken: locals.accessToken }, { headers: { 'cache-control': 'private, no-store' } });
