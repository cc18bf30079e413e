/**
 * Whether a build is older than its sources, by file times: shared by `npm start`, `npm test` and
 * `npm run cluster`, which rebuild the site (and, in production, the API) only when stale.
 */
import fs from 'node:fs';
import path from 'node:path';

/** A file's modification time in ms; 0 when it does not exist. */
export function mtime(p) {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

/** The newest modification time of the files under `dir` (or of `dir` itself when it is a file). */
export function newestIn(dir) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return mtime(dir);
  }
  return entries.reduce((n, e) => Math.max(n, e.isDirectory() ? newestIn(path.join(dir, e.name)) : mtime(path.join(dir, e.name))), 0);
}

/** The newest of several paths under `root`. */
export const newestUnder = (root, ...paths) => Math.max(...paths.map((p) => newestIn(path.join(root, p))));

/** What the site's build and the compiled API depend on. */
export const WEB_SOURCES = ['web/src', 'web/static', 'web/package.json', 'web/svelte.config.js', 'web/vite.config.ts'];
export const API_SOURCES = ['server/src', 'server/package.json', 'server/tsconfig.json', 'tsconfig.base.json', 'ormconfig.ts'];
