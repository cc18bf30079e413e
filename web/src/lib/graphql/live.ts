/**
 * Live updates in the browser: a graphql-ws client on the API's WebSocket, authenticated in
 * `connection_init` with `{ Authorization: 'Bearer <access token>' }`, wired into urql's
 * subscription exchange. Import it dynamically (inside onMount): it must never run on the server.
 */
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { subscriptionExchange } from '@urql/core';
import { subscriptionStore } from '@urql/svelte';
import { createGraphQLClient } from './client';
import { AppealRepliedSubscription } from './operations';
import type { ResultOf } from './index';

export type AppealReply = ResultOf<typeof AppealRepliedSubscription>['appealReplied'];

/** ws(s)://<page host>:4000/graphql unless PUBLIC_API_WS_URL says otherwise. */
export function wsUrl(configured: string | undefined, location: Location): string {
  if (configured) return configured;
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.hostname}:4000/graphql`;
}

export interface LiveOptions {
  url: string;
  /** The current access token; called at every (re)connection. */
  getAccessToken: () => Promise<string | null> | string | null;
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
      const token = await options.getAccessToken();
      return token ? { Authorization: `Bearer ${token}` } : {};
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
