/**
 * Who may call each operation, read from the @Authorized rules themselves (type-graphql's metadata), so
 * that the schema's descriptions and the README's table of operation → scopes can never disagree with
 * what the auth checker enforces. `annotateAccess` appends «Access: …» to every root field's and field
 * resolver's description; `accessTable` is the README's table (a test compares them).
 */
import { getMetadataStorage } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { scopesOf } from './access';

/** The rule of every schema field that has one: `Query.me` → ['SUBSCRIBER', 'scope:ACCOUNT_READ']. */
export function accessRules(): Map<string, string[]> {
  const storage = getMetadataStorage();
  const rolesOf = (target: Function, methodName: string) => storage.authorizedFields.find((a) => a.target === target && a.fieldName === methodName)?.roles;
  const rules = new Map<string, string[]>();
  for (const [root, list] of [['Query', storage.queries], ['Mutation', storage.mutations], ['Subscription', storage.subscriptions]] as const) {
    for (const m of list) {
      const roles = rolesOf(m.target, m.methodName);
      rules.set(`${root}.${m.schemaName}`, roles ? roles.map(String) : []);
    }
  }
  for (const f of storage.fieldResolvers) {
    const roles = rolesOf(f.target, f.methodName);
    if (!roles) continue;
    const objectClass = f.getObjectType?.();
    const type = storage.objectTypes.find((o) => o.target === objectClass)?.name;
    if (type) rules.set(`${type}.${f.schemaName}`, roles.map(String));
  }
  return rules;
}

/** A rule in words, for integrators: who, and which API-token scopes. */
export function describeRule(roles: string[]): string {
  if (roles.length === 0) return 'anyone, without signing in';
  if (roles.includes('scope:*')) return 'anyone signed in (a session or any API token)';
  const scopes = scopesOf(roles);
  const who: string[] = [];
  if (roles.includes('SUBSCRIBER')) {
    const own = scopes.filter((s) => ['ACCOUNT_READ', 'READINGS_WRITE', 'APPEALS_WRITE'].includes(s));
    who.push(own.length ? `the subscriber (a session, or a token with ${own.join(' or ')})` : "the subscriber's session (not an API token)");
  }
  if (roles.includes('STAFF')) {
    const staff = scopes.filter((s) => !['ACCOUNT_READ', 'READINGS_WRITE', 'APPEALS_WRITE'].includes(s));
    who.push(staff.length ? `staff (a session, or a token with ${[...staff, 'OPERATOR'].join(' or ')})` : "staff's session (not an API token)");
  }
  return who.join('; ');
}

/** Appends «Access: …» to the description of every field with a rule (and every root field). */
export function annotateAccess(schema: GraphQLSchema): GraphQLSchema {
  const rules = accessRules();
  for (const [name, roles] of rules) {
    const [typeName, fieldName] = name.split('.');
    const type = schema.getType(typeName) as { getFields?: () => Record<string, { description?: string | null }> } | undefined;
    const field = type?.getFields?.()[fieldName];
    if (!field) continue;
    const line = `Access: ${describeRule(roles)}.`;
    if (!field.description?.includes(line)) field.description = field.description ? `${field.description}\n\n${line}` : line;
  }
  return schema;
}

/** The README's table of operations and the scopes they need (between its access-table markers). */
export function accessTable(): string {
  const rows = [...accessRules()]
    .filter(([name]) => /^(Query|Mutation|Subscription)\./.test(name) || accessRules().get(name)!.length > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, roles]) => `| \`${name}\` | ${describeRule(roles)} |`);
  return ['| operation | who may call it (API-token scopes) |', '|---|---|', ...rows].join('\n');
}
