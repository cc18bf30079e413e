/**
 * GET /schema.graphql: the running schema's SDL (sorted, as the committed schema.graphql), in every
 * environment — integrators generate their types from it even where introspection is off. Public and
 * the same for everyone, so shared caches may keep it a few minutes; the ETag answers a re-check with 304.
 */
import { createHash } from 'node:crypto';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import type { Express } from 'express';

export const SCHEMA_PATH = '/schema.graphql';

export function mountSchemaRoute(app: Express, schema: GraphQLSchema): void {
  const sdl = printSchema(lexicographicSortSchema(schema)) + '\n';
  const etag = `"${createHash('sha256').update(sdl).digest('base64url').slice(0, 27)}"`;
  app.get(SCHEMA_PATH, (req, res) => {
    res.set({ 'Cache-Control': 'public, max-age=300', ETag: etag }).type('text/plain; charset=utf-8');
    if (req.fresh) return void res.status(304).end();
    res.send(sdl);
  });
}
