/**
 * The API process: express 5 with Apollo Server 5 on /graphql (POST; GET for queries), graphql-ws
 * subscriptions on the same path, health endpoints, the REST-ish routes (reports, payment documents,
 * the card gateway's webhook), the schema's SDL and, in development, the GraphiQL IDE.
 */
import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { config } from './config';
import { log } from './common/logger';
import type { Context } from './graphql/context';
import { anonymous, type Viewer } from './auth/viewer';
import { formatError } from './graphql/format-error';
import { createLoaders } from './graphql/loaders';
import { buildAppSchema } from './graphql/schema';
import { createServices, type Services } from './services';
import { createAppPubSub } from './common/pubsub';
import { routeMounts } from './http/routes';
import { graphqlBody, PUBLIC_BODY_LIMIT } from './http/body-limit';
import { createLimitStore } from './protection/limit-store';
import { RateLimiter, rateLimitMiddleware, registerRateLimiter } from './http/rate-limit';
import { queryLimits } from './protection/query-limits';
import { apolloLimitOptions, queryCostPlugin } from './protection/apollo';
import { wsProtection } from './http/ws';
import { securityHeaders } from './http/security-headers';
import { graphqlGet } from './http/graphql-get';
import { graphiqlRedirect, mountGraphiql } from './http/graphiql';
import { mountSchemaRoute } from './http/schema-route';

export interface RunningApi {
  httpServer: Server;
  services: Services;
  url: string;
  stop(): Promise<void>;
}

export async function startApi(
  db: DataSource,
  /** redisUrl: the event bus (null: in memory); REDIS_URL of the configuration when omitted. */
  options: { port?: number; host?: string; services?: Services; redisUrl?: string | null } = {},
): Promise<RunningApi> {
  const redisUrl = options.redisUrl !== undefined ? options.redisUrl : config().redisUrl;
  const bus = options.services ? null : createAppPubSub(redisUrl);
  // Rate and attempt limits: in Redis when there is one, so that they hold across API instances.
  const limitStore = await createLimitStore(redisUrl, new URL(config().databaseUrl).pathname.slice(1) || 'kabinet');
  const services = options.services ?? createServices(db, { pubSub: bus!.pubSub, limitStore });
  // The sign-ins ended here or on another instance: their access tokens are refused (auth/revoked-sessions.ts).
  await services.revokedSessions.start();
  const schema = await buildAppSchema(services.pubSub);
  const limits = queryLimits();
  const limiter = new RateLimiter(limitStore, config().rateLimit);
  // The `rateLimit` query reads the budget from this limiter (http/rate-limit.resolver.ts).
  registerRateLimiter(services, limiter);
  const wsGuard = wsProtection({
    schema,
    db,
    viewers: services.viewers,
    tickets: services.tickets,
    limiter,
    limits,
    introspection: config().introspection,
    recheckSeconds: config().wsAuthRecheckSeconds,
  });
  const app = express();
  app.set('trust proxy', config().trustProxy);
  app.disable('x-powered-by');
  // Answers are per caller and never cached: no ETag (express hashes every body for one).
  app.set('etag', false);
  app.use(securityHeaders());
  // Several instances behind a balancer (scripts/cluster.mjs, docker/compose.yml): every answer says which one gave it.
  const instance = config().instanceName;
  if (instance) {
    app.use((_req, res, next) => {
      res.set('X-Kabinet-Instance', instance);
      next();
    });
  }
  const httpServer = createServer(app);

  // A message is at most what an HTTP body may be (the `ws` default is 100 MiB); connections are capped
  // per client address here and per signed-in caller in connection_init (close 4429).
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: PUBLIC_BODY_LIMIT });
  wsGuard.capConnections(wsServer, app.get('trust proxy fn'));
  // Pings every socket, one timer for all of them (graphql-ws's keep-alive, a timer each, is off: the 0 below).
  wsGuard.keepAlive(wsServer);
  // The WebSocket handshake's answer (101) names the instance too.
  if (instance) wsServer.on('headers', (headers) => void headers.push(`X-Kabinet-Instance: ${instance}`));
  const wsCleanup = useServer<Record<string, unknown> | undefined, { viewer: Viewer; clientAddress: string }>(
    {
      schema,
      // Authenticated once, in connection_init: a token that is given but invalid, expired or
      // revoked (its sign-in ended) refuses the connection (close 4403); no token connects as
      // anonymous. The socket closes when the access token expires (4401) or is revoked (4403).
      onConnect: (ctx) => wsGuard.onConnect(ctx),
      // Rate limit and the same query limits as HTTP (http/ws.ts, protection/query-limits.ts).
      onSubscribe: (ctx, id, payload) => wsGuard.onSubscribe(ctx, id, payload),
      onComplete: (ctx, id) => wsGuard.onComplete(ctx, id),
      onClose: (ctx) => wsGuard.onClose(ctx),
      // Subscription errors get the same codes and messages as HTTP ones, never internals.
      onNext: (ctx, id, _payload, _args, result) =>
        wsGuard.withCost(ctx, id, result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e) as any) } : result),
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e) as any),
      // A subscription's context lives as long as it does; its loaders live for one event (made when the event's
      // fields first need one, let go on the next turn): no entity cached from one event to the next, and no
      // loaders kept for each of thousands of idle subscribers.
      context: async (ctx): Promise<Context> => {
        const viewer = ctx.extra.viewer ?? anonymous;
        let loaders: Context['loaders'] | undefined;
        return {
          viewer,
          clientIp: ctx.extra.clientAddress ?? 'unknown',
          services,
          get loaders() {
            if (!loaders) {
              loaders = createLoaders(db, () => services.readings.currentPeriod());
              setImmediate(() => (loaders = undefined));
            }
            return loaders;
          },
        };
      },
    },
    wsServer,
    0,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    introspection: config().introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // Tokens, depth, aliases, root fields, directives; the cost in queryCostPlugin (protection/).
    ...apolloLimitOptions(limits),
    // main.ts owns shutdown: it stops the API, then the database, then exits.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Every answer is per caller (no HTTP caching); left on, the cache-control plugin wraps every
      // field's resolver to compute hints nobody reads (docs/BENCHMARKS.md).
      ApolloServerPluginCacheControlDisabled(),
      // Apollo's landing page loads Apollo Sandbox from a CDN: development has GraphiQL from npm instead (http/graphiql.ts).
      ApolloServerPluginLandingPageDisabled(),
      queryCostPlugin<Context>(limits),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  // First of the routes: a GraphQL request, by far the most frequent, does not walk past the others' layers.
  app.use(
    '/graphql',
    // Finds the caller (res.locals.viewer) and applies the per-caller rate limit.
    rateLimitMiddleware((authorization) => services.viewers.fromAuthorization(authorization), limiter),
    // Development: a browser's GET goes to GraphiQL.
    ...(config().isProduction ? [] : [graphiqlRedirect()]),
    // GET: queries only, with apollo-require-preflight (CSRF); refusals in Russian (http/graphql-get.ts).
    graphqlGet({ maxTokens: limits.maxTokens }),
    // 100 kB; staff get more for the CSV uploads (http/body-limit.ts).
    graphqlBody(),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<Context> => ({
        viewer: (res.locals.viewer as Viewer | undefined) ?? (await services.viewers.fromAuthorization(req.headers.authorization)),
        clientIp: req.ip ?? 'unknown',
        services,
        loaders: createLoaders(db, () => services.readings.currentPeriod()),
      }),
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Ready when the database answers; Redis down only degrades live updates across instances.
  app.get('/readyz', async (_req, res) => {
    const database = await db.query('SELECT 1').then(() => 'ok' as const, () => 'unreachable' as const);
    const redis = bus ? await bus.redisStatus() : 'memory';
    const status = database !== 'ok' ? 'unavailable' : redis === 'unreachable' ? 'degraded' : 'ok';
    res.status(database === 'ok' ? 200 : 503).json({ status, database, redis });
  });

  // The SDL of the running schema, in every environment; the IDE in development only.
  mountSchemaRoute(app, schema);
  if (!config().isProduction) mountGraphiql(app);

  // The report and payment-document routes (a PDF is the costliest answer the API gives) drip into
  // the same per-caller buckets as GraphQL.
  app.use(['/reports', '/documents'], rateLimitMiddleware((authorization) => services.viewers.fromAuthorization(authorization), limiter));
  for (const mount of routeMounts) mount(app, services);

  const port = options.port ?? config().port;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, options.host ?? '0.0.0.0', () => resolve());
  });
  const address = httpServer.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://127.0.0.1:${actualPort}`;
  log.info('API listening', { graphql: `${url}/graphql` });

  return {
    httpServer,
    services,
    url,
    async stop() {
      services.revokedSessions.stop();
      await apollo.stop();
      await services.auth.settled();
      await services.mailer.stop();
      await bus?.close();
      await limitStore.close();
    },
  };
}
