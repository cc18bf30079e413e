/**
 * npm run schema:print — writes schema.graphql from the resolvers.
 * npm run schema:check — fails when the committed schema.graphql differs from the resolvers.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printAppSchema } from '../graphql/schema';

const target = path.resolve(__dirname, '..', '..', '..', 'schema.graphql');

async function main() {
  const sdl = await printAppSchema();
  if (process.argv.includes('--check')) {
    const committed = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (committed !== sdl) {
      process.stderr.write('schema.graphql is out of date with the resolvers: run `npm run schema:print` and commit it.\n');
      process.exit(1);
    }
    process.stdout.write('schema.graphql matches the resolvers.\n');
    return;
  }
  fs.writeFileSync(target, sdl);
  process.stdout.write(`wrote ${target}\n`);
}

void main();
