/**
 * GET /graphql (GraphQL over HTTP): queries only, and only from a client that sends a header a
 * browser's cross-site "simple" request cannot carry — Apollo's CSRF prevention, kept on: without it
 * any web page could make a signed-in browser run a query with its cookies. Apollo would refuse the
 * same requests in English; this answers first, in Russian and in the media type the client accepts,
 * saying what to send. A document that does not parse, or a persisted query's hash alone, is left to Apollo.
 */
import type { NextFunction, Request, Response } from 'express';
import { getOperationAST, parse, type DocumentNode } from 'graphql';
import { sendGraphQLError } from './graphql-error-response';

/** The headers Apollo accepts as the proof (any non-empty value). */
export const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'];
/** The Content-Types a cross-site form may send without a CORS preflight. */
const SIMPLE_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/** True when the request could not have been sent by a cross-site form or <img> (Apollo's rule, preventCsrf). */
export function preflighted(req: Request): boolean {
  const type = req.headers['content-type'];
  if (type !== undefined && !SIMPLE_TYPES.includes(type.split(';')[0].trim().toLowerCase())) return true;
  return PREFLIGHT_HEADERS.some((name) => (req.get(name) ?? '').length > 0);
}

/** The operation a GET would run: 'query', 'mutation', 'subscription', or null when Apollo should judge. */
function operationOf(req: Request, maxTokens: number): string | null {
  const { query, operationName } = req.query as Record<string, unknown>;
  if (typeof query !== 'string') return null;
  let document: DocumentNode;
  try {
    document = parse(query, { noLocation: true, maxTokens });
  } catch {
    return null;
  }
  return getOperationAST(document, typeof operationName === 'string' ? operationName : undefined)?.operation ?? null;
}

/** `maxTokens`: the query limit's (QUERY_MAX_TOKENS): a longer document is Apollo's to refuse. */
export function graphqlGet(options: { maxTokens: number }) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET') return next();
    const operation = operationOf(req, options.maxTokens);
    if (operation && operation !== 'query') {
      res.set('Allow', 'POST');
      const message =
        operation === 'mutation'
          ? 'Мутации выполняются только запросом POST. Отправьте {"query": "…"} методом POST с Content-Type: application/json.'
          : 'Подписки работают только через WebSocket (graphql-ws) по адресу /graphql.';
      sendGraphQLError(req, res, 405, { message, extensions: { code: 'BAD_REQUEST' } });
      return;
    }
    if (!preflighted(req)) {
      sendGraphQLError(req, res, 400, {
        message:
          'GET-запрос к /graphql должен нести заголовок apollo-require-preflight: true (защита от подделки межсайтовых запросов, CSRF). Добавьте его или отправьте запрос методом POST с Content-Type: application/json.',
        extensions: { code: 'BAD_REQUEST' },
      });
      return;
    }
    next();
  };
}
