/** The dashboard's query (bench/dashboard.graphql, also read by server/test/performance/dashboard-queries.e2e.test.ts). */
import fs from 'node:fs';

export const DASHBOARD = fs.readFileSync(new URL('./dashboard.graphql', import.meta.url), 'utf8').replace(/^#.*\n/gm, '');
