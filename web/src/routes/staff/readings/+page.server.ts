import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** The queue of readings is the operators' home page. */
export const load = (() => redirect(308, '/staff')) satisfies PageServerLoad;
