/**
 * The development IDE: GraphiQL at GET /graphiql, served whole by the API — the page, its start
 * script and the npm packages' browser bundles (graphiql 3's UMD build on React 18's; both pinned
 * devDependencies of server: graphiql 4+ and React 19 ship no UMD bundle). No CDN: it works without
 * the internet and under a CSP of 'self' (http/security-headers.ts). The browser's GET /graphql is sent
 * here. Never mounted in production (the packages are not even installed there: npm ci --omit=dev).
 */
import { dirname, join } from 'node:path';
import type { Express, NextFunction, Request, Response } from 'express';
import { log } from '../common/logger';

export const GRAPHIQL_PATH = '/graphiql';
const ASSETS_PATH = `${GRAPHIQL_PATH}/assets`;

/** The page's sizing: no inline <style> under the CSP. */
const PAGE_CSS = 'html, body, #graphiql { height: 100%; margin: 0; }\n';

/** Mounts GraphiQL on the API's own /graphql (queries, mutations) and its WebSocket (subscriptions). */
const START_JS = `(function () {
  var fetcher = GraphiQL.createFetcher({
    url: location.origin + '/graphql',
    subscriptionUrl: location.origin.replace(/^http/, 'ws') + '/graphql',
  });
  var intro = '# Kabinet API. Войдите (login, staffLogin) и укажите на вкладке Headers:\\n' +
    '# {"Authorization": "Bearer <accessToken>"}\\n# Схема: /schema.graphql\\n\\n{\\n  readingsWindow {\\n    isOpen\\n  }\\n}\\n';
  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: intro }));
})();
`;

const PAGE = `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>Kabinet API — GraphiQL</title>
<link rel="stylesheet" href="${ASSETS_PATH}/graphiql.css">
<link rel="stylesheet" href="${ASSETS_PATH}/page.css">
</head>
<body>
<div id="graphiql">Загрузка GraphiQL…</div>
<script src="${ASSETS_PATH}/react.js"></script>
<script src="${ASSETS_PATH}/react-dom.js"></script>
<script src="${ASSETS_PATH}/graphiql.js"></script>
<script src="${ASSETS_PATH}/start.js"></script>
</body>
</html>
`;

/** The files served from node_modules: a package and a file in it. */
const FILES: Record<string, { pkg: string; file: string; type: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};
const INLINE: Record<string, { body: string; type: string }> = {
  'start.js': { body: START_JS, type: 'text/javascript' },
  'page.css': { body: PAGE_CSS, type: 'text/css' },
};

/** Where a package's file is (its package.json is exported; the bundles are not). */
function packageFile(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

/** Whether a GET asks for a page (a browser's address bar), as Apollo decided for its landing page. */
export function prefersHtml(req: Request): boolean {
  return req.method === 'GET' && req.accepts(['application/json', 'application/graphql-response+json', 'multipart/mixed', 'text/html']) === 'text/html';
}

export function mountGraphiql(app: Express): void {
  let paths: Record<string, string>;
  try {
    paths = Object.fromEntries(Object.entries(FILES).map(([name, f]) => [name, packageFile(f.pkg, f.file)]));
  } catch (e) {
    log.warn('GraphiQL is not installed (a devDependency of server: npm ci --include=dev); GET /graphiql answers 404', { error: (e as Error).message });
    return;
  }
  app.get(GRAPHIQL_PATH, (_req, res) => {
    res.type('text/html; charset=utf-8').send(PAGE);
  });
  app.get(`${ASSETS_PATH}/:name`, (req, res, next) => {
    const name = String(req.params.name);
    if (Object.hasOwn(INLINE, name)) return void res.type(`${INLINE[name].type}; charset=utf-8`).send(INLINE[name].body);
    if (!Object.hasOwn(paths, name)) return next();
    res.sendFile(paths[name], { headers: { 'Content-Type': `${FILES[name].type}; charset=utf-8` }, cacheControl: false });
  });
}

/** Development: the browser's GET /graphql (a page, no query) goes to GraphiQL. */
export function graphiqlRedirect() {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (prefersHtml(req) && req.query.query === undefined) return void res.redirect(302, GRAPHIQL_PATH);
    next();
  };
}
