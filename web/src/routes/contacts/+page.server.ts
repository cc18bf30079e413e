import type { PageServerLoad } from './$types';
import { requireUtility } from '$lib/server/utility';

export const load = (({ parent }) => requireUtility(parent)) satisfies PageServerLoad;
