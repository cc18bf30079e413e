/**
 * The WebSocket (graphql-ws) side of the protections:
 * - connection_init: a token that is given must be valid, unexpired and not
 *   revoked — for a session, its refresh-session family must still be alive
 *   (logout, reuse detection and password resets revoke it); for an API token,
 *   not revoked. Otherwise the socket closes with 4403.
 * - a session's socket is closed (4401) when its access token expires, and every
 *   signed-in socket re-checks revocation every WS_AUTH_RECHECK_SECONDS (4403).
 * - every operation drips into the caller's rate bucket and passes the same query
 *   limits as HTTP (tokens, depth, aliases, root fields, directives, cost) and
 *   the introspection setting; errors carry the same codes as over HTTP.
 * (Subscribing before connection_init is closed with 4401 by graphql-ws itself.)
 */
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import type { Context as WsContext, SubscribePayload } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import { IsNull, MoreThan, type DataSource } from 'typeorm';
import { ApiToken } from '../api-tokens/api-token.entity';
import { verifyAccessToken } from '../auth/jwt';
import { RefreshSession } from '../auth/refresh-session.entity';
import { anonymous, type Viewer } from '../auth/viewer';
import type { ViewerService } from '../auth/viewer.service';
import type { SubscriptionTickets } from '../auth/subscription-tickets';
import proxyaddr from 'proxy-addr';
import type { WebSocketServer } from 'ws';
import { log } from '../common/logger';
import { config } from '../config';
import { noIntrospectionRule, queryCostRule, queryLimitsRule, tokenLimitError, type QueryLimits } from '../protection/query-limits';
import { tooManyRequests, type RateLimiter } from './rate-limit';

export type WsExtra = Extra & Partial<{ viewer: Viewer; callerKey: string; clientAddress: string }>;
export type WsCtx = WsContext<Record<string, unknown> | undefined, WsExtra>;

export const WS_CLOSE_TOKEN_EXPIRED = 4401;
export const WS_CLOSE_REVOKED = 4403;
/** Too many connections from one address, or of one caller. */
export const WS_CLOSE_TOO_MANY = 4429;

export interface WsProtectionOptions {
  schema: GraphQLSchema;
  db: DataSource;
  viewers: ViewerService;
  tickets: SubscriptionTickets;
  limiter: RateLimiter;
  limits: QueryLimits;
  introspection: boolean;
  recheckSeconds: number;
  /** Connections at once per client address and per signed-in caller. */
  maxPerAddress?: number;
  maxPerCaller?: number;
}

/** Who a connection counts against: a subscriber, a staff member, or an API token. */
function callerKey(viewer: Viewer): string | null {
  if (viewer.kind === 'anonymous') return null;
  if (viewer.via === 'token') return `token:${viewer.tokenId}`;
  return viewer.kind === 'subscriber' ? `subscriber:${viewer.subscriberId}` : `staff:${viewer.staffId}`;
}

/** A counter of open connections by key. */
class Counts {
  private readonly n = new Map<string, number>();
  get(key: string): number {
    return this.n.get(key) ?? 0;
  }
  add(key: string): void {
    this.n.set(key, this.get(key) + 1);
  }
  remove(key: string): void {
    const left = this.get(key) - 1;
    if (left > 0) this.n.set(key, left);
    else this.n.delete(key);
  }
}

/** Is the sign-in (refresh-session family) behind an access token still alive? */
export async function sessionFamilyActive(db: DataSource, familyId: string | undefined): Promise<boolean> {
  if (!familyId) return false;
  return db.getRepository(RefreshSession).exists({ where: { familyId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) } });
}

async function stillValid(db: DataSource, viewer: Viewer): Promise<boolean> {
  if (viewer.kind === 'anonymous') return true;
  if (viewer.via === 'token') return viewer.tokenId !== undefined && db.getRepository(ApiToken).exists({ where: { id: viewer.tokenId, revokedAt: IsNull() } });
  return sessionFamilyActive(db, viewer.sessionFamily);
}

const OPEN = 1;

/** How often every socket is pinged (and one that did not answer the last ping is let go): graphql-ws's default. */
export const KEEP_ALIVE_MS = 12_000;

/** How often the signed-in connections are swept for an expired token or a re-check due. */
const SWEEP_MS = 250;

interface Watched {
  socket: { readyState: number; close(code: number, reason: string): void };
  viewer: Viewer;
  /** When its access token expires (ms since the epoch; Infinity for an API token). */
  expiresAt: number;
  /** When its sign-in is checked again. */
  checkAt: number;
  checking: boolean;
}

/** How many distinct subscription documents are kept to share (http/ws.ts, sharedDocument). */
const SHARED_DOCUMENTS = 200;

export function wsProtection(o: WsProtectionOptions) {
  const costs = new WeakMap<object, Map<string, number>>();
  /**
   * The signed-in connections, watched by one sweep (not two timers each): closed when the access token expires
   * (4401), re-checked every `recheckSeconds` for a sign-in ended or a token revoked (4403).
   */
  const watched = new Map<object, Watched>();
  const recheckMs = o.recheckSeconds * 1000;
  let sweep: NodeJS.Timeout | null = null;
  const sweepOnce = () => {
    const now = Date.now();
    for (const [ctx, w] of watched) {
      if (w.socket.readyState !== OPEN) watched.delete(ctx);
      else if (now >= w.expiresAt) {
        watched.delete(ctx);
        w.socket.close(WS_CLOSE_TOKEN_EXPIRED, 'Token expired');
      } else if (now >= w.checkAt && !w.checking) {
        w.checkAt = now + recheckMs;
        w.checking = true;
        stillValid(o.db, w.viewer)
          .then((valid) => {
            if (!valid && w.socket.readyState === OPEN) w.socket.close(WS_CLOSE_REVOKED, 'Forbidden');
          })
          .catch((e) => log.warn('WebSocket sign-in re-check failed; the connection stays open', { error: e }))
          .finally(() => (w.checking = false));
      }
    }
    if (!watched.size && sweep) {
      clearInterval(sweep);
      sweep = null;
    }
  };
  const watch = (ctx: object, w: Watched) => {
    watched.set(ctx, w);
    if (!sweep) {
      sweep = setInterval(sweepOnce, SWEEP_MS);
      sweep.unref();
    }
  };
  const perAddress = new Counts();
  /** Each socket's client address, by the trusted-proxy rule, read once from its upgrade request. */
  const addresses = new WeakMap<object, string>();
  const perCaller = new Counts();
  const maxPerAddress = o.maxPerAddress ?? config().wsMaxConnectionsPerAddress;
  const maxPerCaller = o.maxPerCaller ?? config().wsMaxConnectionsPerCaller;
  /**
   * The documents of accepted subscriptions, by their text: the thousands of subscribers of the site's few queries
   * hold one document each query, not one each (documents are never changed once parsed). Bounded: past
   * SHARED_DOCUMENTS the oldest is let go (its subscribers keep it as long as they live).
   */
  const documents = new Map<string, DocumentNode>();
  const sharedDocument = (query: string): DocumentNode => {
    let document = documents.get(query);
    if (!document) {
      // Without locations: the document does not hold the parser's chain of every token of the query.
      document = parse(query, { noLocation: true });
      if (documents.size >= SHARED_DOCUMENTS) documents.delete(documents.keys().next().value!);
      documents.set(query, document);
    }
    return document;
  };
  const validationRules = [
    ...specifiedRules,
    queryLimitsRule(o.limits),
    ...(o.introspection ? [] : [noIntrospectionRule]),
  ];

  return {
    /**
     * Caps the connections of each client address (by the same trusted-proxy rule as HTTP): past the cap a
     * new socket is closed at once with 4429.
     */
    capConnections(server: WebSocketServer, trustProxy: (address: string, hop: number) => boolean): void {
      server.on('connection', (socket, request) => {
        const address = proxyaddr(request as any, trustProxy);
        addresses.set(socket, address);
        if (perAddress.get(address) >= maxPerAddress) {
          socket.close(WS_CLOSE_TOO_MANY, 'Too many connections from this address');
          return;
        }
        perAddress.add(address);
        socket.once('close', () => perAddress.remove(address));
      });
    },

    /**
     * Keeps connections honest, as graphql-ws's own keep-alive did (give it 0) but with one timer for all of them:
     * every `everyMs` each open socket is pinged, and one that has not answered the previous ping is terminated
     * (a client gone without closing — a phone out of coverage — does not hold its subscriptions for ever).
     */
    keepAlive(server: WebSocketServer, everyMs = KEEP_ALIVE_MS): void {
      const answered = new WeakSet<object>();
      // One listener function for every socket (`this` is the socket), not a closure each.
      function pong(this: object) {
        answered.add(this);
      }
      server.on('connection', (socket) => {
        answered.add(socket);
        socket.on('pong', pong);
      });
      const timer = setInterval(() => {
        for (const socket of server.clients) {
          if (socket.readyState !== OPEN) continue;
          if (!answered.has(socket)) {
            socket.terminate();
            continue;
          }
          answered.delete(socket);
          socket.ping();
        }
      }, everyMs);
      timer.unref();
      server.once('close', () => clearInterval(timer));
    },

    /** Authenticates connection_init; false closes the socket with 4403 (4429 past the caller's connections). */
    async onConnect(ctx: WsCtx): Promise<boolean> {
      // The address is all the connection needs of its upgrade request: the request (its headers, its parser
      // state) is let go, a few KiB less for each of thousands of live subscribers. Set to undefined, not deleted: a
      // deleted property turns the object into a slower, larger dictionary (256 bytes more a connection).
      ctx.extra.clientAddress = addresses.get(ctx.extra.socket) ?? ctx.extra.request.socket.remoteAddress ?? 'unknown';
      (ctx.extra as { request?: unknown }).request = undefined;
      const params = (ctx.connectionParams ?? {}) as Record<string, unknown>;
      const raw = params.Authorization ?? params.authorization;
      const ticket = params.ticket;
      // Read once: the connection does not keep its token (or ticket) for its life (its viewer is what it needs).
      (ctx as { connectionParams?: unknown }).connectionParams = undefined;
      if (raw !== undefined && raw !== null && typeof raw !== 'string') return false;
      if (ticket !== undefined && ticket !== null && typeof ticket !== 'string') return false;
      // A browser page connects with a one-time ticket; other clients with their Authorization.
      const viewer = ticket ? await o.viewers.fromTicket(o.tickets, ticket) : await o.viewers.fromAuthorization(raw);
      if ((raw || ticket) && viewer.kind === 'anonymous') return false;
      if (!(await stillValid(o.db, viewer))) return false;
      const key = callerKey(viewer);
      if (key) {
        if (perCaller.get(key) >= maxPerCaller) {
          ctx.extra.socket.close(WS_CLOSE_TOO_MANY, 'Too many connections of this caller');
          return false;
        }
        perCaller.add(key);
        ctx.extra.callerKey = key;
      }
      ctx.extra.viewer = viewer;
      if (viewer.kind === 'anonymous') return true;

      // A token's socket lives as long as the token; a ticket's as long as a token issued now would; an API token's
      // until it is revoked.
      let expiresAt = Number.POSITIVE_INFINITY;
      if (viewer.via === 'session') {
        const claims = ticket ? null : verifyAccessToken(String(raw).trim().replace(/^Bearer\s+/i, ''));
        expiresAt = ticket ? Date.now() + config().accessTokenTtlSeconds * 1000 : claims ? claims.exp * 1000 : 0;
      }
      watch(ctx, { socket: ctx.extra.socket, viewer, expiresAt, checkAt: Date.now() + recheckMs, checking: false });
      return true;
    },

    /**
     * Rate limit, parse (token limit), validate (the specified rules, the query
     * limits, the cost with the operation's variables, introspection): errors, or
     * the execution arguments.
     */
    async onSubscribe(ctx: WsCtx, id: string, payload: SubscribePayload): Promise<ExecutionArgs | readonly GraphQLError[]> {
      const wait = await o.limiter.take(ctx.extra.viewer ?? anonymous, ctx.extra.clientAddress ?? 'unknown');
      if (wait > 0) return [tooManyRequests(wait)];
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: o.limits.maxTokens });
      } catch (e) {
        const message = (e as Error).message;
        return [tokenLimitError(message) ?? new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
      }
      let cost: number | null = null;
      const errors = validate(o.schema, document, [...validationRules, queryCostRule(o.limits, payload, (c) => (cost = c))]);
      if (errors.length > 0) {
        return errors.map((e) =>
          e.extensions?.code ? e : new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' }, originalError: e }),
        );
      }
      if (cost !== null) {
        const mine = costs.get(ctx) ?? new Map<string, number>();
        mine.set(id, cost);
        costs.set(ctx, mine);
      }
      // A subscription keeps its document for as long as it lives: one shared by every subscription of the same text,
      // without the locations that validation's messages above needed.
      return { schema: o.schema, document: sharedDocument(payload.query), operationName: payload.operationName, variableValues: payload.variables };
    },

    /** Adds `extensions.cost` to each result of an accepted operation, as over HTTP. */
    withCost<T extends { extensions?: Record<string, unknown> }>(ctx: WsCtx, id: string, result: T): T {
      const cost = costs.get(ctx)?.get(id);
      return cost === undefined ? result : { ...result, extensions: { ...result.extensions, cost: { requested: cost, limit: o.limits.maxCost } } };
    },

    onComplete(ctx: WsCtx, id: string): void {
      costs.get(ctx)?.delete(id);
    },

    onClose(ctx: WsCtx): void {
      watched.delete(ctx);
      if (ctx.extra.callerKey) {
        perCaller.remove(ctx.extra.callerKey);
        ctx.extra.callerKey = undefined;
      }
    },
  };
}
