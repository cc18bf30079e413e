/**
 * Loads one of the site's own TypeScript modules (src/, an ES module package for SvelteKit) into a
 * CommonJS jest test: transpiled with TypeScript to CommonJS and run. For modules that import
 * nothing but Node's own (e.g. src/lib/server/forms.ts) — no $lib, no SvelteKit.
 */
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import ts from 'typescript';

const WEB_ROOT = path.resolve(__dirname, '..', '..');

export function loadSiteModule<T>(relativePath: string): T {
  const file = path.join(WEB_ROOT, relativePath);
  const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: file,
  });
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  (mod as unknown as { _compile(code: string, filename: string): void })._compile(outputText, file);
  return mod.exports as T;
}
