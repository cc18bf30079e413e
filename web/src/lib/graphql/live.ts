/**
 * Live updates in the browser: a graphql-ws client on the API's WebSocket, authenticated in
 * `connection_init` with `{ ticket }` — a one-time ticket (60 s) the site's server asks the API for
 * with the session's token (POST /appeals/ticket for a subscriber, /staff/ticket for an operator):
 * the page never holds the access token. A ticket is good for one connection, so every (re)connection
 * asks for a new one. Wired into urql's subscription exchange. Import it dynamically (inside onMount):
 * it must never run on the server.
 */
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { subscriptionExchange, type TypedDocumentNode } from '@urql/core';
import { subscriptionStore } from '@urql/svelte';
import { createGraphQLClient } from './client';
import { AppealRepliedSubscription } from './operations';
import type { ResultOf } from './index';

export type AppealReply = ResultOf<typeof AppealRepliedSubscription>['appealReplied'];

export type LiveStatus = 'connecting' | 'connected' | 'closed' | 'error';

export interface LiveOptions {
  /** The API's WebSocket (the page data's wsUrl). */
  url: string;
  /** A fresh one-time ticket, or null when none can be had now; called at every (re)connection (see `ticketFrom`). */
  getTicket: () => Promise<string | null>;
  onStatus?: (status: LiveStatus) => void;
}

/** Asks the site's ticket endpoint (a POST from the page, with the session's cookie) for a one-time ticket; null when none. */
export function ticketFrom(endpoint: string): () => Promise<string | null> {
  return async () => {
    try {
      const response = await fetch(endpoint, { method: 'POST', headers: { accept: 'application/json' }, redirect: 'manual' });
      if (!response.ok) return null;
      const body = (await response.json()) as { ticket?: string | null };
      return body.ticket ?? null;
    } catch {
      return null;
    }
  };
}

/** Subscribes to `query` and hands every event's data to `onData`; returns a function that stops it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function watchSubscription<Data>(options: LiveOptions & { query: TypedDocumentNode<Data, any>; onData: (data: Data) => void }): () => void {
  const ws: WsClient = createWsClient({
    url: options.url,
    lazy: false,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** retries)));
    },
    connectionParams: async () => {
      const ticket = await options.getTicket();
      // No ticket (the site is unreachable, the session is over): drop this socket before it says
      // anything; the client tries again after retryWait (a terminated socket is retried, an error is not).
      if (!ticket) ws.terminate();
      return { ticket };
    },
    on: {
      connecting: () => options.onStatus?.('connecting'),
      connected: () => options.onStatus?.('connected'),
      closed: () => options.onStatus?.('closed'),
      error: () => options.onStatus?.('error'),
    },
  });

  const client = createGraphQLClient({
    url: options.url.replace(/^ws/, 'http'),
    exchanges: [
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const dispose = ws.subscribe(input, sink);
              return { unsubscribe: dispose };
            },
          };
        },
      }),
    ],
  });

  const store = subscriptionStore({ client, query: options.query });
  const stop = store.subscribe((result) => {
    if (result.data) options.onData(result.data);
  });

  return () => {
    stop();
    store.pause();
    void ws.dispose();
  };
}

/** Subscribes to `appealReplied` (each reply once); returns a function that stops it. */
export function watchAppealReplies(options: LiveOptions & { onReply: (reply: AppealReply) => void }): () => void {
  const seen = new Set<string>();
  return watchSubscription({
    ...options,
    query: AppealRepliedSubscription,
    onData: ({ appealReplied: reply }) => {
      if (reply && !seen.has(reply.id)) {
        seen.add(reply.id);
        options.onReply(reply);
      }
    },
  });
}
