/**
 * Live updates in the browser: a graphql-ws client on the API's WebSocket, authenticated in
 * `connection_init` with `{ ticket }` — a one-time ticket (60 s) the site's server asks the API for
 * with the session's token (POST /appeals/ticket): the page never holds the access token. A ticket
 * is good for one connection, so every (re)connection asks for a new one. Wired into urql's
 * subscription exchange. Import it dynamically (inside onMount): it must never run on the server.
 */
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { subscriptionExchange } from '@urql/core';
import { subscriptionStore } from '@urql/svelte';
import { createGraphQLClient } from './client';
import { AppealRepliedSubscription } from './operations';
import type { ResultOf } from './index';

export type AppealReply = ResultOf<typeof AppealRepliedSubscription>['appealReplied'];

export interface LiveOptions {
  /** The API's WebSocket (the page data's wsUrl). */
  url: string;
  /** A fresh one-time ticket, or null when none can be had now; called at every (re)connection. */
  getTicket: () => Promise<string | null>;
  onReply: (reply: AppealReply) => void;
  onStatus?: (status: 'connecting' | 'connected' | 'closed' | 'error') => void;
}

/** Subscribes to `appealReplied`; returns a function that stops it. */
export function watchAppealReplies(options: LiveOptions): () => void {
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

  const store = subscriptionStore({ client, query: AppealRepliedSubscription });
  const seen = new Set<string>();
  const stop = store.subscribe((result) => {
    const reply = result.data?.appealReplied;
    if (reply && !seen.has(reply.id)) {
      seen.add(reply.id);
      options.onReply(reply);
    }
  });

  return () => {
    stop();
    store.pause();
    void ws.dispose();
  };
}
