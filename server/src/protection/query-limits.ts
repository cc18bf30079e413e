/**
 * Every query is bounded (../shared/DOMAIN.md «API conventions»), on HTTP and on
 * the WebSocket alike: tokens (at parse time), depth, aliases, root fields and
 * directives (validation rules on the document), and cost (per operation, with
 * the request's variables). Over a limit the answer is QUERY_TOO_COMPLEX with a
 * Russian message naming the limit and `extensions.limit`, `maximum`, `actual`.
 *
 * Cost: every field costs 1 (`__typename` 0) plus its selection. A list field
 * with `first` costs `first` × its selection; a connection (a type with `edges`
 * or `nodes` and `pageInfo`) multiplies its `edges`/`nodes` by `first`, 20 when
 * omitted; other lists count their selection once.
 */
import {
  BREAK,
  GraphQLError,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { config } from '../config';
import { AppError, ErrorCode } from '../errors';
import { DEFAULT_PAGE } from '../common/pagination';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  /** The page size assumed for a connection queried without `first`. */
  defaultPageSize: number;
}

export function queryLimits(): QueryLimits {
  return { ...config().queryLimits, defaultPageSize: DEFAULT_PAGE };
}

export type LimitName = 'depth' | 'aliases' | 'rootFields' | 'directives' | 'tokens' | 'cost';

const MESSAGES: Record<LimitName, (actual: number | null, maximum: number) => string> = {
  depth: (a, m) => `Запрос слишком глубокий: вложенность полей ${a}, допускается не больше ${m}. Упростите запрос или разбейте его на несколько.`,
  aliases: (a, m) => `В запросе слишком много псевдонимов (aliases): ${a}, допускается не больше ${m}. Разбейте запрос на несколько.`,
  rootFields: (a, m) => `В запросе слишком много полей верхнего уровня: ${a}, допускается не больше ${m}. Разбейте запрос на несколько.`,
  directives: (a, m) => `В запросе слишком много директив: ${a}, допускается не больше ${m}. Упростите запрос.`,
  tokens: (_a, m) => `Запрос слишком длинный: больше ${m} лексем. Сократите запрос или разбейте его на несколько.`,
  cost: (a, m) => `Запрос слишком сложный: его стоимость ${a}, допускается не больше ${m}. Запросите меньше записей (аргумент first) или меньше полей.`,
};

/** The QUERY_TOO_COMPLEX error for one limit. */
export function tooComplex(limit: LimitName, actual: number | null, maximum: number): AppError {
  const shown = actual === null ? null : Math.min(actual, Number.MAX_SAFE_INTEGER);
  return new AppError(ErrorCode.QUERY_TOO_COMPLEX, MESSAGES[limit](shown, maximum), {
    limit,
    maximum,
    ...(shown === null ? {} : { actual: shown }),
  });
}

/** graphql-js aborts parsing past `maxTokens` with a syntax error; this turns it into QUERY_TOO_COMPLEX. */
export function tokenLimitError(message: string | undefined): AppError | null {
  const m = /Document contains more (?:than|that) (\d+) tokens/.exec(message ?? '');
  return m ? tooComplex('tokens', null, Number(m[1])) : null;
}

type Fragments = Map<string, FragmentDefinitionNode>;

function fragmentsOf(document: DocumentNode): Fragments {
  const map: Fragments = new Map();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) map.set(d.name.value, d);
  return map;
}

/**
 * Walks a selection set with fragments expanded, memoised per fragment so that a
 * fragment spread many times (or fragments spreading each other) costs one walk.
 */
function measure(selectionSet: SelectionSetNode, fragments: Fragments) {
  const memo = new Map<string, { depth: number; aliases: number }>();
  const walking = new Set<string>();
  const walk = (set: SelectionSetNode, introspection: boolean): { depth: number; aliases: number } => {
    let depth = 0;
    let aliases = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const name = s.name.value;
        const inIntrospection = introspection || name === '__schema' || name === '__type';
        const inner = s.selectionSet ? walk(s.selectionSet, inIntrospection) : { depth: 0, aliases: 0 };
        // In introspection, the `ofType` chain of wrapped types (list of non-null of …) is not nesting.
        const own = inIntrospection && name === 'ofType' ? 0 : 1;
        depth = Math.max(depth, own + inner.depth);
        aliases += (s.alias ? 1 : 0) + inner.aliases;
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const inner = walk(s.selectionSet, introspection);
        depth = Math.max(depth, inner.depth);
        aliases += inner.aliases;
      } else {
        const name = s.name.value;
        const fragment = fragments.get(name);
        if (!fragment || walking.has(name)) continue; // unknown or cyclic: the specified rules report it
        const key = `${name}:${introspection}`;
        let inner = memo.get(key);
        if (!inner) {
          walking.add(name);
          inner = walk(fragment.selectionSet, introspection);
          walking.delete(name);
          memo.set(key, inner);
        }
        depth = Math.max(depth, inner.depth);
        aliases += inner.aliases;
      }
    }
    return { depth, aliases };
  };
  return walk(selectionSet, false);
}

function rootFieldCount(selectionSet: SelectionSetNode, fragments: Fragments, seen = new Set<string>()): number {
  let count = 0;
  for (const s of selectionSet.selections) {
    if (s.kind === Kind.FIELD) count += 1;
    else if (s.kind === Kind.INLINE_FRAGMENT) count += rootFieldCount(s.selectionSet, fragments, seen);
    else {
      const fragment = fragments.get(s.name.value);
      if (!fragment || seen.has(s.name.value)) continue;
      count += rootFieldCount(fragment.selectionSet, fragments, new Set([...seen, s.name.value]));
    }
  }
  return count;
}

function directiveCount(document: DocumentNode): number {
  let count = 0;
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    const n = node as Record<string, unknown>;
    if (n.kind === Kind.DIRECTIVE) count += 1;
    for (const [key, value] of Object.entries(n)) if (key !== 'loc' && typeof value === 'object') visit(value);
  };
  visit(document.definitions);
  return count;
}

/** Depth, aliases, root fields and directives of a document: the checks that need no variables. */
export function documentLimitErrors(document: DocumentNode, limits: QueryLimits): AppError[] {
  const errors: AppError[] = [];
  const fragments = fragmentsOf(document);
  let depth = 0;
  let aliases = 0;
  let rootFields = 0;
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const m = measure(d.selectionSet, fragments);
    depth = Math.max(depth, m.depth);
    aliases = Math.max(aliases, m.aliases);
    rootFields = Math.max(rootFields, rootFieldCount(d.selectionSet, fragments));
  }
  if (depth > limits.maxDepth) errors.push(tooComplex('depth', depth, limits.maxDepth));
  if (aliases > limits.maxAliases) errors.push(tooComplex('aliases', aliases, limits.maxAliases));
  if (rootFields > limits.maxRootFields) errors.push(tooComplex('rootFields', rootFields, limits.maxRootFields));
  const directives = directiveCount(document);
  if (directives > limits.maxDirectives) errors.push(tooComplex('directives', directives, limits.maxDirectives));
  return errors;
}

/** The document limits as a validation rule (Apollo's `validationRules`, and the WebSocket's validate). */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    Document(node) {
      for (const e of documentLimitErrors(node, limits)) context.reportError(e);
      return BREAK;
    },
  });
}

function fieldDefinition(schema: GraphQLSchema, parent: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (!parent) return undefined;
  if (parent === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  if (isObjectType(parent) || isInterfaceType(parent)) return parent.getFields()[name];
  return undefined;
}

function isConnection(type: GraphQLNamedType): boolean {
  if (!isObjectType(type) && !isInterfaceType(type)) return false;
  const fields = type.getFields();
  return 'pageInfo' in fields && ('edges' in fields || 'nodes' in fields);
}

/**
 * The cost of one operation of the document (the one `operationName` names, or
 * the only one), with the request's variables; null when there is no such operation.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: Pick<QueryLimits, 'defaultPageSize'>,
): number | null {
  // A parsed document is reused for the same text (Apollo's document store, ws.ts): its cost is kept with it
  // unless it took a page size from the request's variables. What it is kept with says for which schema and default.
  let known = knownCosts.get(document);
  if (!known || known.schema !== schema || known.defaultPageSize !== limits.defaultPageSize) {
    knownCosts.set(document, (known = { schema, defaultPageSize: limits.defaultPageSize, byOperation: new Map() }));
  }
  const operationKey = operationName ?? '';
  const cached = known.byOperation.get(operationKey);
  if (cached !== undefined) return cached;
  const walked = walkCost(schema, document, operationName, variables, limits);
  const cost = walked?.total ?? null;
  if (!walked?.readVariables) known.byOperation.set(operationKey, cost);
  return cost;
}

const knownCosts = new WeakMap<DocumentNode, { schema: GraphQLSchema; defaultPageSize: number; byOperation: Map<string, number | null> }>();

/** The cost, and whether it depended on the request's variables; null when there is no such operation. */
function walkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: Pick<QueryLimits, 'defaultPageSize'>,
): { total: number; readVariables: boolean } | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return null;
  const root = schema.getRootType(operation.operation);
  if (!root) return null;
  const fragments = fragmentsOf(document);
  let readVariables = false;
  const defaults = new Map<string, ValueNode>();
  for (const v of operation.variableDefinitions ?? []) if (v.defaultValue) defaults.set(v.variable.name.value, v.defaultValue);

  const number = (value: ValueNode | undefined): number | undefined => {
    if (!value) return undefined;
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind === Kind.VARIABLE) {
      readVariables = true;
      const given = variables?.[value.name.value];
      if (typeof given === 'number' && Number.isFinite(given)) return given;
      if (given === undefined) return number(defaults.get(value.name.value));
    }
    return undefined;
  };
  const pageArgument = (field: FieldNode, def: GraphQLField<unknown, unknown>): number | undefined => {
    for (const name of ['first', 'last']) {
      const given = number(field.arguments?.find((a) => a.name.value === name)?.value);
      if (given !== undefined) return Math.max(0, given);
      const fallback = def.args.find((a) => a.name === name)?.defaultValue;
      if (typeof fallback === 'number') return Math.max(0, fallback);
    }
    return undefined;
  };

  const memo = new Map<string, number>();
  const walking = new Set<string>();
  const cost = (set: SelectionSetNode, parent: GraphQLNamedType | undefined, page: number | null): number => {
    let total = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value === '__typename') continue;
        const def = fieldDefinition(schema, parent, s.name.value);
        if (!def) continue; // the specified rules report unknown fields
        const type = getNamedType(def.type);
        const first = pageArgument(s, def);
        if (isConnection(type)) {
          total += 1 + (s.selectionSet ? cost(s.selectionSet, type, first ?? limits.defaultPageSize) : 0);
        } else {
          const inner = s.selectionSet ? cost(s.selectionSet, type, null) : 0;
          const times = isListType(getNullableType(def.type)) ? first ?? page ?? 1 : 1;
          total += 1 + times * inner;
        }
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const type = s.typeCondition ? schema.getType(s.typeCondition.name.value) : parent;
        total += cost(s.selectionSet, type ?? undefined, page);
      } else {
        const name = s.name.value;
        const fragment = fragments.get(name);
        if (!fragment || walking.has(name)) continue;
        const key = `${name}:${page}`;
        let inner = memo.get(key);
        if (inner === undefined) {
          walking.add(name);
          inner = cost(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined, page);
          walking.delete(name);
          memo.set(key, inner);
        }
        total += inner;
      }
    }
    return total;
  };
  const total = cost(operation.selectionSet, root, null);
  return { total, readVariables };
}

/** Checks an operation's cost; the cost when it is within the limit, else the error. */
export function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: QueryLimits,
): { cost: number | null; error?: AppError } {
  const cost = operationCost(schema, document, operationName, variables, limits);
  if (cost !== null && cost > limits.maxCost) return { cost, error: tooComplex('cost', cost, limits.maxCost) };
  return { cost };
}

/** The cost limit as a validation rule for one request (it needs the request's variables). */
export function queryCostRule(
  limits: QueryLimits,
  request: { operationName?: string | null; variables?: Record<string, unknown> | null },
  onCost?: (cost: number) => void,
): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    Document(node) {
      const { cost, error } = checkCost(context.getSchema(), node, request.operationName, request.variables, limits);
      if (error) context.reportError(error);
      else if (cost !== null) onCost?.(cost);
      return BREAK;
    },
  });
}

/** Refuses `__schema` and `__type` when introspection is off (Apollo does it on HTTP; this is for the WebSocket). */
export const noIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(
        new GraphQLError('Интроспекция схемы отключена на этом сервере. Схема API описана в документации.', {
          nodes: [node],
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        }),
      );
    }
  },
});

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Validation messages suggest names ("Did you mean …?"), which lets anyone map a
 * schema with introspection off. Outside development they are removed.
 */
export function withoutSuggestions(message: string): string {
  if (config().nodeEnv === 'development') return message;
  return message.replace(SUGGESTION, '');
}
