/**
 * What a WebSocket subscription keeps for its life (http/ws.ts, onSubscribe): its document without locations — with
 * them, the document holds the parser's chain of every token of the query (2 KiB a subscriber of the bench's
 * 10,000, docs/BENCHMARKS.md). Validation's messages still point at the query (they are made from a parse with
 * locations).
 */
import { buildSchema, type DocumentNode, type GraphQLError } from 'graphql';
import { anonymous } from '../../src/auth/viewer';
import type { WsCtx } from '../../src/http/ws';
import { testWsGuard } from '../support/ws-guard';

const schema = buildSchema('type Query { ping: Int } type Subscription { tick(every: Int): Int }');
const guard = testWsGuard({ schema });
const ctx = { extra: { viewer: anonymous, clientAddress: '192.0.2.1' } } as unknown as WsCtx;

it('an accepted subscription keeps its document without the parser’s locations and tokens', async () => {
  const args = await guard.onSubscribe(ctx, '1', { query: 'subscription Ticks { tick(every: 5) }' });
  expect(Array.isArray(args)).toBe(false);
  const document = (args as { document: DocumentNode }).document;
  expect(document.definitions).toHaveLength(1);
  const seen: unknown[] = [];
  JSON.stringify(document, (key, value) => {
    if (key === 'loc') seen.push(value);
    return value;
  });
  expect(seen.filter((loc) => loc !== undefined)).toEqual([]);
});

it('subscriptions of the same text share one document (thousands of subscribers of the site’s query hold one)', async () => {
  const first = (await guard.onSubscribe(ctx, '3', { query: 'subscription { tick(every: 1) }' })) as { document: DocumentNode };
  const second = (await guard.onSubscribe(ctx, '4', { query: 'subscription { tick(every: 1) }' })) as { document: DocumentNode };
  const other = (await guard.onSubscribe(ctx, '5', { query: 'subscription { tick(every: 2) }' })) as { document: DocumentNode };
  expect(second.document).toBe(first.document);
  expect(other.document).not.toBe(first.document);
  // What a shared document answers is still its own query's.
  expect(JSON.stringify(other.document)).toContain('"value":"2"');
});

it('a connection does not keep its token after connection_init (its viewer is what it needs)', async () => {
  const viewer = { kind: 'staff', via: 'token', tokenId: '7', staffId: '1' };
  const withToken = testWsGuard({
    schema,
    db: { getRepository: () => ({ exists: async () => true }) } as never,
    viewers: { fromAuthorization: async () => viewer } as never,
  });
  const socket = { readyState: 1, close: jest.fn() };
  const connection = { connectionParams: { Authorization: 'Bearer kbt_secret' }, extra: { socket, request: { socket: { remoteAddress: '192.0.2.9' } } } } as unknown as WsCtx;
  expect(await withToken.onConnect(connection)).toBe(true);
  expect(connection.extra.viewer).toBe(viewer);
  expect(connection.connectionParams).toBeUndefined();
  expect(JSON.stringify(connection.extra)).not.toContain('kbt_secret');
  // Nor its upgrade request — cleared, not deleted (a deleted property makes the object a larger dictionary).
  expect(connection.extra.request).toBeUndefined();
  expect(Object.keys(connection.extra)).toContain('request');
  withToken.onClose(connection);
});

it('a refused one still says where in the query the problem is', async () => {
  const errors = (await guard.onSubscribe(ctx, '2', { query: 'subscription {\n  nope\n}' })) as readonly GraphQLError[];
  expect(Array.isArray(errors)).toBe(true);
  expect(errors[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(errors[0].locations).toEqual([{ line: 2, column: 3 }]);
});
