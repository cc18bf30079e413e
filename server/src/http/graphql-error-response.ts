/**
 * The API's own GraphQL error answers, written before Apollo sees the request (the rate limit's 429,
 * the body parser's 413 and 400, GET refusals): the GraphQL shape `{ errors: [{ message, extensions }] }`
 * in the media type the client asked for, as Apollo chooses it for its own answers (GraphQL over HTTP:
 * `application/graphql-response+json` to a client that prefers it, else `application/json`). Every
 * status given here is a 4xx, which both media types allow for a request-level error.
 */
import type { Request, Response } from 'express';

export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

/** The answer's media type for the request's Accept (no Accept, or one naming neither: JSON). */
export function graphqlMediaType(req: Request): string {
  // The order breaks ties as Apollo does: application/json first.
  const preferred = req.accepts(['application/json', GRAPHQL_RESPONSE_JSON]);
  return preferred === GRAPHQL_RESPONSE_JSON ? GRAPHQL_RESPONSE_JSON : 'application/json';
}

export interface RequestError {
  message: string;
  extensions?: Record<string, unknown>;
}

/** Answers `status` with one request-level error (no `data`: nothing was executed). */
export function sendGraphQLError(req: Request, res: Response, status: number, error: RequestError): void {
  res
    .status(status)
    .type(`${graphqlMediaType(req)}; charset=utf-8`)
    .send(JSON.stringify({ errors: [{ message: error.message, extensions: { ...error.extensions } }] }));
}
