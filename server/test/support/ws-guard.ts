/** wsProtection (http/ws.ts) with stand-ins for what a unit test of it does not reach: no database, no limiter. */
import { buildSchema, type GraphQLSchema } from 'graphql';
import { wsProtection, type WsProtectionOptions } from '../../src/http/ws';
import { queryLimits } from '../../src/protection/query-limits';

export function testWsGuard(overrides: Partial<WsProtectionOptions> & { schema?: GraphQLSchema } = {}) {
  return wsProtection({
    schema: buildSchema('type Query { ping: Int }'),
    db: {} as never,
    viewers: {} as never,
    tickets: {} as never,
    limiter: { take: async () => 0 } as never,
    limits: queryLimits(),
    introspection: false,
    recheckSeconds: 60,
    ...overrides,
  });
}
