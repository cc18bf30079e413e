/**
 * The README's table of operations → scopes is the one the auth checker's rules give (#13), and every root
 * operation of the schema is in it and says its access in its description.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAppSchema } from '../src/graphql/schema';
import { accessTable } from '../src/auth/access-catalogue';
import { ACCESS_END, ACCESS_START, withAccessTable } from '../src/cli/schema-print';

const README = join(__dirname, '..', '..', 'README.md');

it('the README access table is the generated one (run npm run schema:print when this fails)', async () => {
  const schema = await buildAppSchema();
  const readme = readFileSync(README, 'utf8');
  expect(readme).toContain(ACCESS_START);
  expect(readme).toContain(ACCESS_END);
  expect(withAccessTable(readme, accessTable())).toBe(readme);
  const rows = readme.slice(readme.indexOf(ACCESS_START), readme.indexOf(ACCESS_END));
  for (const root of [schema.getQueryType()!, schema.getMutationType()!, schema.getSubscriptionType()!]) {
    for (const field of Object.values(root.getFields())) {
      expect(rows).toContain(`| \`${root.name}.${field.name}\` |`);
      expect({ field: `${root.name}.${field.name}`, access: /\nAccess: |^Access: /.test(field.description ?? '') }).toEqual({ field: `${root.name}.${field.name}`, access: true });
    }
  }
  // A narrow scope shows where it applies.
  expect(rows).toMatch(/\| `Mutation\.setTariff` \| staff \(a session, or a token with BILLING_ADMIN or OPERATOR\) \|/);
});
