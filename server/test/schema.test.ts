/** schema.graphql is generated from the resolvers, committed, and keeps the public contract. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { printAppSchema } from '../src/graphql/schema';

const root = path.resolve(__dirname, '..', '..');
const contractTool = path.resolve(root, '..', 'shared', 'tools', 'check-contract.mjs');

it('the committed schema.graphql is what the resolvers generate (npm run schema:print)', async () => {
  expect(fs.readFileSync(path.join(root, 'schema.graphql'), 'utf8')).toBe(await printAppSchema());
});

(fs.existsSync(contractTool) ? it : it.skip)('keeps every field of ../shared/contract/schema.graphql', () => {
  const out = execFileSync(process.execPath, [contractTool, 'schema.graphql'], { cwd: root, encoding: 'utf8' });
  expect(out).toMatch(/contract: compatible; (\d+)\/\1 contract fields present/);
});
