/**
 * The urql client factory the whole site uses to talk to the API.
 *
 * Queries and mutations go over HTTP POST (never GET: the API answers POST). On the server the
 * client sends the subscriber's access token as `Authorization: Bearer …` and the browser's
 * address as `X-Forwarded-For`, so the API's per-address limits see the real client.
 */
import { Client, fetchExchange, type Exchange } from '@urql/core';

export interface GraphQLClientOptions {
  /** The API endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** The fetch to use (the server's own fetch by default). */
  fetch?: typeof fetch;
  /** Read at each request, so that a refreshed token is used at once. */
  getAccessToken?: () => string | null | undefined;
  /** The browser's IP address, forwarded to the API. */
  clientIp?: string | null;
  /** Extra exchanges placed before the fetch exchange (e.g. the subscription exchange). */
  exchanges?: Exchange[];
}

export function createGraphQLClient(options: GraphQLClientOptions): Client {
  return new Client({
    url: options.url,
    fetch: options.fetch,
    exchanges: [...(options.exchanges ?? []), fetchExchange],
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetchOptions: () => {
      const headers: Record<string, string> = { accept: 'application/graphql-response+json, application/json' };
      const token = options.getAccessToken?.();
      if (token) headers.authorization = `Bearer ${token}`;
      if (options.clientIp) headers['x-forwarded-for'] = options.clientIp;
      return { headers };
    },
  });
}
