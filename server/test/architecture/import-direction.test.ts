/**
 * One direction of imports in server/src (README, «Layers of server/src»). A pure scan of the TypeScript
 * sources: no database, no build. Every `import … from`, `export … from`, `import()` and `require()` of a
 * relative path is read with the TypeScript parser and checked against the layers, lowest first:
 *
 *   common     common/, config.ts, errors.ts, money.ts: rules of values and the process's plumbing
 *   db         db/, migrations/ and every *.entity.ts wherever it lives: the data model (one database; an
 *              entity imports only common, db and other entities, and any feature may use any table)
 *   feature    accounts/, auth/, appeals/, … : the business rules, services and resolvers
 *   container  services.ts, data-source.ts: the services and the DataSource (every entity, every migration)
 *   edge       graphql/ (schema, loaders, error formatting), http/ (routes, middleware, the WebSocket)
 *   app        app.ts, main.ts, cli/
 *
 * A file imports only from its own layer or a lower one. The one exception: `import type` of the request
 * Context (graphql/context.ts) by resolvers and the auth checker — it names the services container and the
 * per-request loaders, so it cannot sit below the features it is made of, and a type-only import is erased
 * at compile time (no load order, no cycle at run time).
 *
 * Folders of one layer may import each other in one direction only: two feature folders (or graphql/ and
 * http/) importing each other fail, unless the pair is in TWO_WAY_ALLOWED below.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SRC = path.resolve(__dirname, '..', '..', 'src');

const LAYERS = ['common', 'db', 'feature', 'container', 'edge', 'app'] as const;
type Layer = (typeof LAYERS)[number];

/** Each top-level folder of server/src and each file at its root, by layer. A new one must be placed here. */
const PLACES: Record<string, Layer> = {
  'common/': 'common',
  'config.ts': 'common',
  'errors.ts': 'common',
  'money.ts': 'common',
  'db/': 'db',
  'migrations/': 'db',
  'accounts/': 'feature',
  'api-tokens/': 'feature',
  'appeals/': 'feature',
  'audit/': 'feature',
  'auth/': 'feature',
  'billing/': 'feature',
  'documents/': 'feature',
  'imports/': 'feature',
  'ledger/': 'feature',
  'mail/': 'feature',
  'payments/': 'feature',
  'protection/': 'feature',
  'readings/': 'feature',
  'seed/': 'feature',
  'staff/': 'feature',
  'utility/': 'feature',
  'webhooks/': 'feature',
  'services.ts': 'container',
  'data-source.ts': 'container',
  'graphql/': 'edge',
  'http/': 'edge',
  'app.ts': 'app',
  'main.ts': 'app',
  'cli/': 'app',
};

/**
 * Pairs of folders of one layer allowed to import each other, as "a<->b" (alphabetical), each with why it
 * stays. Empty: keep it so — move the shared part down (common/, db/) or the caller up instead.
 */
const TWO_WAY_ALLOWED: Record<string, string> = {};

/** The type-only imports allowed upwards (see the header). */
const TYPE_ONLY_UPWARDS = new Set(['graphql/context.ts']);

/**
 * The allowed type import of the request Context, by a feature or an edge resolver (http/rate-limit.resolver.ts):
 * no dependency for either check (see the header).
 */
const allowedContextType = (e: Edge) => e.typeOnly && TYPE_ONLY_UPWARDS.has(e.to) && ['feature', 'edge'].includes(layerOf(e.from) ?? '');

interface Edge {
  from: string;
  to: string;
  line: number;
  typeOnly: boolean;
}

/** The place of a file (relative to server/src, '/' separators): its top-level folder with '/', or its name. */
function placeOf(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? file : file.slice(0, slash + 1);
}

function layerOf(file: string): Layer | undefined {
  if (file.endsWith('.entity.ts')) return 'db';
  return PLACES[placeOf(file)];
}

const rank = (layer: Layer) => LAYERS.indexOf(layer);

/** The imports that go against the layers, as readable lines. */
function layerViolations(edges: Edge[]): string[] {
  const found: string[] = [];
  for (const e of edges) {
    const from = layerOf(e.from);
    const to = layerOf(e.to);
    if (!from || !to) continue; // reported by the placement check
    if (rank(to) <= rank(from)) continue;
    if (allowedContextType(e)) continue;
    found.push(`${e.from}:${e.line} (${from}) imports ${e.to} (${to})${e.typeOnly ? ' [type only]' : ''}`);
  }
  return found;
}

/** The layers made of peer folders, which may import each other in one direction only. */
const PEER_LAYERS: Layer[] = ['feature', 'edge'];

/**
 * Folders of one layer importing each other, as "a<->b" with the imports of both directions. Only the
 * feature and edge layers: common/ and db/ are the shared bottom (the data model's entities relate to each
 * other both ways: an account's meters, a meter's account). The allowed type import of the Context is no
 * dependency here either.
 */
function twoWayPairs(edges: Edge[]): Map<string, string[]> {
  const between = new Map<string, Edge[]>();
  for (const e of edges) {
    const from = layerOf(e.from);
    const to = layerOf(e.to);
    if (!from || from !== to || !PEER_LAYERS.includes(from)) continue;
    if (allowedContextType(e)) continue;
    const a = placeOf(e.from);
    const b = placeOf(e.to);
    if (a === b) continue;
    const key = `${a}>${b}`;
    between.set(key, [...(between.get(key) ?? []), e]);
  }
  const pairs = new Map<string, string[]>();
  for (const [key, forth] of between) {
    const [a, b] = key.split('>');
    const back = between.get(`${b}>${a}`);
    if (a > b || !back) continue;
    pairs.set(`${a.replace(/\/$/, '')}<->${b.replace(/\/$/, '')}`, [...forth, ...back].map((e) => `${e.from}:${e.line} -> ${e.to}`));
  }
  return pairs;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const relative = (file: string) => path.relative(SRC, file).split(path.sep).join('/');

/** The file a relative specifier names: x → x.ts or x/index.ts; a '.js' ending is the compiled name. */
function resolveSpecifier(fromFile: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(fromFile), specifier.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function allNamedTypeOnly(elements: ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier>): boolean {
  return elements.length > 0 && elements.every((s) => s.isTypeOnly);
}

/** The relative imports of one file. Unresolvable ones are returned with `to` = null. */
function importsOf(file: string, text = fs.readFileSync(file, 'utf8')): { specifier: string; to: string | null; line: number; typeOnly: boolean }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: { specifier: string; to: string | null; line: number; typeOnly: boolean }[] = [];
  const add = (node: ts.Node, specifier: string, typeOnly: boolean) => {
    if (!specifier.startsWith('.')) return; // a package
    found.push({ specifier, to: resolveSpecifier(file, specifier), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) && allNamedTypeOnly(clause.namedBindings.elements)));
      add(node, node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = node.isTypeOnly || (!!node.exportClause && ts.isNamedExports(node.exportClause) && allNamedTypeOnly(node.exportClause.elements));
      add(node, node.moduleSpecifier.text, typeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      add(node, node.moduleReference.expression.text, node.isTypeOnly);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      add(node, node.arguments[0].text, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node, node.argument.literal.text, true); // typeof import('./x')
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = sourceFiles(SRC);
const unresolved: string[] = [];
const edges: Edge[] = files.flatMap((file) =>
  importsOf(file).flatMap(({ specifier, to, line, typeOnly }) => {
    if (!to) {
      unresolved.push(`${relative(file)}:${line} '${specifier}'`);
      return [];
    }
    return [{ from: relative(file), to: relative(to), line, typeOnly }];
  }),
);

describe('import direction in server/src', () => {
  it('reads the sources (every relative import resolves)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(edges.length).toBeGreaterThan(500);
    expect(unresolved).toEqual([]);
  });

  it('every folder and root file has a layer', () => {
    const unplaced = [...new Set(files.map(relative).filter((f) => !layerOf(f)).map(placeOf))];
    expect(unplaced).toEqual([]);
  });

  it('no import goes up a layer', () => {
    expect(layerViolations(edges)).toEqual([]);
  });

  it('no two folders of one layer import each other (beyond the allow-list)', () => {
    const pairs = twoWayPairs(edges);
    const unexpected = Object.fromEntries([...pairs].filter(([pair]) => !(pair in TWO_WAY_ALLOWED)));
    expect(unexpected).toEqual({});
  });

  it('the allow-list holds only pairs that still import each other', () => {
    const pairs = twoWayPairs(edges);
    expect(Object.keys(TWO_WAY_ALLOWED).filter((pair) => !pairs.has(pair))).toEqual([]);
  });

  it('the check itself catches a wrong import, a forbidden type import and a two-way pair', () => {
    const wrong: Edge[] = [
      { from: 'common/calendar.ts', to: 'graphql/schema.ts', line: 1, typeOnly: false },
      { from: 'readings/reading.service.ts', to: 'services.ts', line: 2, typeOnly: true },
      { from: 'ledger/ledger.service.ts', to: 'graphql/context.ts', line: 3, typeOnly: false },
      { from: 'accounts/x.entity.ts', to: 'accounts/account.service.ts', line: 4, typeOnly: false },
      { from: 'common/clock.ts', to: 'graphql/context.ts', line: 5, typeOnly: true },
    ];
    expect(layerViolations(wrong)).toHaveLength(5);
    expect(layerViolations([{ from: 'ledger/ledger.resolver.ts', to: 'graphql/context.ts', line: 1, typeOnly: true }])).toEqual([]);
    const pair = twoWayPairs([
      { from: 'ledger/a.ts', to: 'billing/b.ts', line: 1, typeOnly: false },
      { from: 'billing/b.ts', to: 'ledger/c.ts', line: 1, typeOnly: true },
      { from: 'billing/b.ts', to: 'ledger/ledger-entry.entity.ts', line: 2, typeOnly: false },
    ]);
    expect([...pair.keys()]).toEqual(['billing<->ledger']);
    // Parsing: named type-only imports, re-exports, require() and import() are all seen.
    const parsed = importsOf(
      path.join(SRC, 'x.ts'),
      "import { type A, type B } from './a';\nimport { C, type D } from './c';\nexport { E } from './e';\nconst f = require('./f');\nconst g = () => import('./g');\n",
    );
    expect(parsed.map((p) => [p.specifier, p.typeOnly])).toEqual([['./a', true], ['./c', false], ['./e', false], ['./f', false], ['./g', false]]);
  });
});
