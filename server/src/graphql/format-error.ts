/**
 * What a client sees of an error: a stable code, the field at fault, a Russian
 * message. Never a stack trace; unexpected errors are logged here and answered
 * with a generic INTERNAL_SERVER_ERROR.
 */
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AppError, ErrorCode, isDatabaseUnavailable, serviceUnavailable } from '../errors';
import { log } from '../common/logger';
import { tokenLimitError, withoutSuggestions } from '../protection/query-limits';

/** Codes of Apollo and graphql-js that reach the client as they are (docs/ERRORS.md lists them). */
export const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  ErrorCode.QUERY_TOO_COMPLEX,
  ErrorCode.RATE_LIMITED,
]);

interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

function firstValidationProblem(errors: ValidationErrorLike[], path: string[] = []): { field: string; message: string } | null {
  for (const e of errors) {
    const here = [...path, e.property];
    if (e.constraints && Object.keys(e.constraints).length) {
      return { field: here.join('.'), message: Object.values(e.constraints)[0] };
    }
    const inner = firstValidationProblem(e.children ?? [], here);
    if (inner) return inner;
  }
  return null;
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  let original = unwrapResolverError(error) as any;
  // A query limit reported by a validation rule reaches here wrapped (GRAPHQL_VALIDATION_FAILED).
  if (!(original instanceof AppError) && original?.originalError instanceof AppError) original = original.originalError;
  // "Did you mean …?" would map the schema for anyone; kept in development only.
  const base = { message: withoutSuggestions(formatted.message), locations: formatted.locations, path: formatted.path };
  if (original instanceof AppError) {
    return { ...base, message: original.message, extensions: { ...original.extensions } };
  }
  const tooManyTokens = formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' ? tokenLimitError(formatted.message) : null;
  if (tooManyTokens) return { ...base, message: tooManyTokens.message, extensions: { ...tooManyTokens.extensions } };
  const validationErrors = original?.extensions?.validationErrors as ValidationErrorLike[] | undefined;
  if (validationErrors) {
    const problem = firstValidationProblem(validationErrors);
    return {
      ...base,
      message: problem?.message ?? 'Проверьте введённые данные.',
      extensions: { code: ErrorCode.BAD_USER_INPUT, ...(problem ? { field: problem.field } : {}) },
    };
  }
  if (isDatabaseUnavailable(original)) {
    log.warn('database unavailable', { error: original });
    const e = serviceUnavailable();
    return { ...base, message: e.message, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
  }
  const code = formatted.extensions?.code as string | undefined;
  if (/Too many errors processing variables/.test(formatted.message)) {
    // graphql-js gives up on a request with too many bad variables; it is the caller's input.
    return { ...base, message: 'Слишком много ошибок во входных данных. Проверьте значения полей.', extensions: { code: ErrorCode.BAD_USER_INPUT } };
  }
  if (code && PASS_THROUGH.has(code)) {
    const { stacktrace: _drop, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...base, extensions };
  }
  log.error('unexpected error', { message: original?.message, stack: original?.stack, path: formatted.path });
  return {
    ...base,
    message: 'Внутренняя ошибка сервера. Мы уже знаем о ней; повторите попытку позже.',
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
