/** Журнал: the staff actions, newest first. */
import type { PageServerLoad } from './$types';
import { AuditLogQuery } from '$lib/staff/operations';
import { api } from '$lib/server/api';
import { loadOptional } from '$lib/staff/staff.server';

export const load = (async (event) => {
  const after = event.url.searchParams.get('after') || null;
  const log = await loadOptional(event, async () => (await api(event).query(AuditLogQuery, { first: 50, after })).auditLog);
  return { log, after };
}) satisfies PageServerLoad;
