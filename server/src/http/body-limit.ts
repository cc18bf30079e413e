/**
 * The JSON body of POST /graphql: 100 kB, except for staff (a session or an OPERATOR token),
 * whose CSV uploads (importPaymentRegistry, importCharges: up to 5 MB of CSV, which JSON
 * escaping can grow) get STAFF_BODY_LIMIT. The caller is already known (res.locals.viewer,
 * set by the rate-limit middleware before the body is read). A body over the limit is answered
 * 413 in the GraphQL error shape, BAD_USER_INPUT with a Russian message, never a stack trace
 * (in the media type the client accepts: graphql-error-response.ts).
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Viewer } from '../auth/viewer';
import { ErrorCode } from '../errors';
import { sendGraphQLError } from './graphql-error-response';

export const PUBLIC_BODY_LIMIT = 100 * 1024;
export const STAFF_BODY_LIMIT = 12 * 1024 * 1024;

export function graphqlBody() {
  const small = express.json({ limit: PUBLIC_BODY_LIMIT });
  const large = express.json({ limit: STAFF_BODY_LIMIT });
  return (req: Request, res: Response, next: NextFunction): void => {
    const viewer = res.locals.viewer as Viewer | undefined;
    const parse = viewer?.kind === 'staff' ? large : small;
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const e = error as { type?: string; status?: number };
      if (e.type === 'entity.too.large') {
        const limit = viewer?.kind === 'staff' ? '12 МБ' : '100 КБ';
        sendGraphQLError(req, res, 413, { message: `Запрос слишком большой: больше ${limit}. Сократите запрос; CSV-файлы загружайте частями до 5 МБ.`, extensions: { code: ErrorCode.BAD_USER_INPUT } });
        return;
      }
      if (e.type === 'entity.parse.failed') {
        sendGraphQLError(req, res, 400, { message: 'Тело запроса — не JSON. Отправьте {"query": "…", "variables": {…}} с Content-Type: application/json.', extensions: { code: ErrorCode.BAD_USER_INPUT } });
        return;
      }
      if (e.status && e.status >= 400 && e.status < 500) {
        // An unsupported charset or encoding (415), an aborted body (400): the client's request, in the GraphQL shape too.
        sendGraphQLError(req, res, e.status, { message: 'Тело запроса не удалось прочитать. Отправьте JSON в UTF-8 с Content-Type: application/json.', extensions: { code: ErrorCode.BAD_USER_INPUT } });
        return;
      }
      next(error);
    });
  };
}
