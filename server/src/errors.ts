/**
 * The one place for errors the API answers with. Every code here is stable and
 * documented in the README; messages are in Russian and say what to do.
 */
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  RATE_LIMITED: 'RATE_LIMITED',
  ACTIVATION_FAILED: 'ACTIVATION_FAILED',
  ALREADY_REGISTERED: 'ALREADY_REGISTERED',
  TERMS_NOT_ACCEPTED: 'TERMS_NOT_ACCEPTED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  INVALID_TOKEN: 'INVALID_TOKEN',
  READING_BELOW_PREVIOUS: 'READING_BELOW_PREVIOUS',
  METER_VERIFICATION_EXPIRED: 'METER_VERIFICATION_EXPIRED',
  READINGS_WINDOW_CLOSED: 'READINGS_WINDOW_CLOSED',
  PASSWORD_MISMATCH: 'PASSWORD_MISMATCH',
  CURRENT_PASSWORD_INVALID: 'CURRENT_PASSWORD_INVALID',
  REAUTHENTICATION_REQUIRED: 'REAUTHENTICATION_REQUIRED',
  WEAK_PASSWORD: 'WEAK_PASSWORD',
  PAYMENT_CONFLICT: 'PAYMENT_CONFLICT',
  PERIOD_NOT_FINISHED: 'PERIOD_NOT_FINISHED',
  PERIOD_BEFORE_TARIFFS: 'PERIOD_BEFORE_TARIFFS',
  PERIOD_OUT_OF_ORDER: 'PERIOD_OUT_OF_ORDER',
  PERIOD_CLOSED: 'PERIOD_CLOSED',
  CONFIRMATION_REQUIRED: 'CONFIRMATION_REQUIRED',
  METER_FAILED: 'METER_FAILED',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const unauthenticated = (message = 'Войдите в личный кабинет, чтобы продолжить.') =>
  new AppError(ErrorCode.UNAUTHENTICATED, message);

export const forbidden = (message = 'Недостаточно прав для этого действия.') => new AppError(ErrorCode.FORBIDDEN, message);

export const notFound = (what = 'Запись') => new AppError(ErrorCode.NOT_FOUND, `${what} не найдена.`);

/** Bad input in one field; `field` is the input's field name as the client sent it. */
export const badInput = (field: string, message: string) => new AppError(ErrorCode.BAD_USER_INPUT, message, { field });

export const rateLimited = (retryAfterSeconds: number, what = 'Слишком много попыток.') =>
  new AppError(
    ErrorCode.RATE_LIMITED,
    `${what} Повторите через ${formatWait(retryAfterSeconds)}.`,
    { retryAfter: retryAfterSeconds },
  );

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} с`;
  return `${Math.ceil(seconds / 60)} мин`;
}

/** Too many password checks waiting (PASSWORD_HASH_QUEUE): come back shortly; nothing was counted against the caller. */
export const passwordChecksBusy = (retryAfterSeconds: number) =>
  new AppError(
    ErrorCode.SERVICE_UNAVAILABLE,
    `Сейчас слишком много входов одновременно. Повторите через ${formatWait(retryAfterSeconds)}.`,
    { retryAfter: retryAfterSeconds },
  );

export const serviceUnavailable = () =>
  new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'Сервис временно недоступен. Повторите попытку через минуту.');

/** True when an error (or its cause) means the database could not be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const codes = new Set(['ECONNREFUSED', 'PROTOCOL_CONNECTION_LOST', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'ER_CON_COUNT_ERROR']);
  let e: any = error;
  for (let depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && codes.has(e.code)) return true;
    if (typeof e.message === 'string' && /Pool is closed|connect ECONNREFUSED|Connection lost/.test(e.message)) return true;
    e = e.cause ?? e.driverError ?? e.originalError ?? e.thrownValue;
  }
  return false;
}
