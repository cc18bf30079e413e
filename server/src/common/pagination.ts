/**
 * Relay connections: `first` defaults to 20 and is bounded to 1..100; cursors are
 * opaque (base64url of the sort key). Each list defines its own key.
 */
import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { badInput } from '../errors';

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

@ObjectType({
  simpleResolvers: true,
  description: 'Where a page is in its list (Relay). Lists are read forwards: first (1..100, default 20) items after the cursor `after`.',
})
export class PageInfo {
  @Field({ description: 'More items follow: ask again with after set to endCursor.' }) hasNextPage: boolean;
  @Field({ description: 'True when the page was asked with a cursor (after), so items come before it; false on the first page.' }) hasPreviousPage: boolean;
  @Field(() => String, { nullable: true, description: "The first item's cursor; null when the page is empty." }) startCursor: string | null;
  @Field(() => String, { nullable: true, description: "The last item's cursor, to pass as after for the next page; null when the page is empty." }) endCursor: string | null;
}

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw badInput('first', `Параметр first — от 1 до ${MAX_PAGE}.`);
  return first;
}

export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, arity: number): (string | number)[] | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === arity && parts.every((p) => typeof p === 'string' || typeof p === 'number')) return parts;
  } catch {
    /* fall through */
  }
  throw badInput('after', 'Неверный курсор страницы: используйте endCursor из предыдущего ответа.');
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
  cursorOf: (node: T) => string;
}

/** Builds the connection object from rows fetched with limit first+1. */
export function toPage<T>(rows: T[], first: number, after: unknown, totalCount: number, cursorOf: (node: T) => string): Page<T> {
  return { nodes: rows.slice(0, first), hasNextPage: rows.length > first, hasPreviousPage: Boolean(after), totalCount, cursorOf };
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

export function toConnection<T>(page: Page<T>): ConnectionShape<T> {
  const edges = page.nodes.map((node) => ({ cursor: page.cursorOf(node), node }));
  return {
    edges,
    nodes: page.nodes,
    totalCount: page.totalCount,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/**
 * Declares the Edge and Connection object types of a node type, as the contract
 * names them (ReadingEdge, ReadingConnection…). With `extend`, the Connection class
 * is left to the caller to declare (to add fields such as the ledger's totals).
 */
export function connectionTypes<T extends object>(nodeType: ClassType<T>, name: string, description?: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, ...(description ? { description: `An item of ${name}Connection, with its cursor.` } : {}) })
  class Edge {
    @Field({ description: 'Opaque cursor of this item: pass it as `after` to continue after it.' }) cursor: string;
    @Field(() => nodeType, { description: 'The item.' }) node: T;
  }
  @ObjectType(`${name}Connection`, { simpleResolvers: true, ...(description ? { description: `A page of ${description} (Relay connection).` } : {}) })
  class Connection {
    @Field(() => [Edge], { description: 'The items of the page with their cursors.' }) edges: Edge[];
    @Field(() => [nodeType], { description: 'The items of the page.' }) nodes: T[];
    @Field(() => PageInfo, { description: 'Whether there are more pages, and the cursors to get them.' }) pageInfo: PageInfo;
    @Field(() => Int, { description: 'How many items the whole list has.' }) totalCount: number;
  }
  return { Edge, Connection };
}
