/**
 * The one error answer of the API's plain HTTP routes (reports, payment documents): the GraphQL shape
 * `{ errors: [{ message, extensions: { code, … } }] }` in the media type the client accepts, with the HTTP
 * status of the code (docs/ERRORS.md). Unexpected errors are logged and answered INTERNAL_SERVER_ERROR,
 * never with a stack trace.
 */
import type { Request, Response } from 'express';
import { AppError, ErrorCode, isDatabaseUnavailable } from '../errors';
import { log } from '../common/logger';
import { sendGraphQLError } from './graphql-error-response';

/** The HTTP status of each code on a plain HTTP route (a GraphQL answer carries errors with 200). */
export const HTTP_STATUS_OF_CODE: Partial<Record<string, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

export function sendHttpError(req: Request, res: Response, error: unknown, what = 'route'): void {
  if (error instanceof AppError) {
    sendGraphQLError(req, res, HTTP_STATUS_OF_CODE[error.code] ?? 400, { message: error.message, extensions: error.extensions });
    return;
  }
  if (isDatabaseUnavailable(error)) {
    sendGraphQLError(req, res, 503, { message: 'Сервис временно недоступен. Повторите попытку через минуту.', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } });
    return;
  }
  log.error(`${what} failed`, { error });
  sendGraphQLError(req, res, 500, { message: 'Внутренняя ошибка сервера. Повторите попытку позже.', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } });
}
