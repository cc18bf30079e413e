/** Журнал: the staff actions, newest first. */
import type { PageServerLoad } from './$types';
import { AuditLogQuery } from '$lib/staff/operations';
import { api } from '$lib/server/api';
import { loadStaff } from '$lib/staff/staff.server';

export const load = ((event) =>
  loadStaff(event, async () => {
    const after = event.url.searchParams.get('after') || null;
    return { log: (await api(event).query(AuditLogQuery, { first: 50, after })).auditLog, after };
  })) satisfies PageServerLoad;
