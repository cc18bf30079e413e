/**
 * The API's errors as the site shows them: each next to the field it concerns, in the API's own words.
 * The API answers `errors[].extensions.code` (stable) and a Russian `message` that says what to do; a
 * problem with one input names it in `extensions.field`. The site adds no rule and no wording of its own.
 */

export interface ApiProblem {
  code: string;
  message: string;
  /** Input field name the problem concerns (`email`, `activationCode`, `value`, …). */
  field?: string;
  /** The field as the API named it, with its place in a list: `readings.1.value`. */
  path?: string;
  /** RATE_LIMITED: seconds to wait. */
  retryAfter?: number;
  extensions: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(
    readonly problems: ApiProblem[],
    /** True when the API could not be reached at all. */
    readonly network = false,
  ) {
    super(problems.map((p) => `${p.code}: ${p.message}`).join('; ') || 'API error');
    this.name = 'ApiError';
  }

  has(code: string): boolean {
    return this.problems.some((p) => p.code === code);
  }

  get code(): string | undefined {
    return this.problems[0]?.code;
  }
}

export const NETWORK_MESSAGE = 'Сервис временно недоступен. Попробуйте ещё раз через несколько минут.';

/**
 * A variable the API could not take as its type (a date that is not a date, say), as graphql-js words it:
 * `Variable "$input" got invalid value "" at "input.replacedOn"; Дата должна быть …`. Gives the field
 * and the API's own explanation after the semicolon.
 */
const INVALID_VARIABLE = /^Variable "\$(\w+)" got invalid value .*?(?: at "([^"]+)")?; ([\s\S]+)$/;

/** Parses the `errors` array of a GraphQL response. */
export function problemsFromGraphQL(errors: ReadonlyArray<{ message?: string; extensions?: unknown }>): ApiProblem[] {
  return errors.map((e) => {
    const extensions = (e.extensions && typeof e.extensions === 'object' ? e.extensions : {}) as Record<string, unknown>;
    const code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR';
    let path = typeof extensions.field === 'string' ? extensions.field : undefined;
    let message = e.message ?? '';
    const invalid = code === 'BAD_USER_INPUT' && !path ? INVALID_VARIABLE.exec(message) : null;
    if (invalid) {
      path = (invalid[2] ?? invalid[1]).replace(/\[(\d+)\]/g, '.$1');
      message = invalid[3];
    }
    const retryAfter = Number(extensions.retryAfter);
    return {
      code,
      message,
      field: path ? fieldName(path) : undefined,
      path,
      retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      extensions,
    };
  });
}

/** "input.email" → "email"; "readings.1.value" → "value". */
function fieldName(path: string): string {
  const parts = path.split(/[.[\]]+/).filter((p) => p && !/^\d+$/.test(p));
  return parts[parts.length - 1] ?? path;
}

const GENERIC_FAILURE = 'Не удалось выполнить действие. Попробуйте ещё раз позже.';

/**
 * The text to show for one problem: the API's own message (Russian, saying what to do). Two kinds of
 * answer have none a person can use: a failure inside the API, and graphql-js's own English words about
 * a value of a built-in type (an Int field given letters, say).
 */
export function problemText(problem: ApiProblem): string {
  if (problem.code === 'INTERNAL_SERVER_ERROR' || problem.code === 'GRAPHQL_VALIDATION_FAILED') return GENERIC_FAILURE;
  if (/[А-Яа-яЁё]/.test(problem.message)) return problem.message;
  if (problem.code === 'BAD_USER_INPUT') return /\bInt\b/.test(problem.message) ? 'Введите целое число цифрами.' : 'Проверьте значение этого поля.';
  return GENERIC_FAILURE;
}

export interface FormErrors {
  /** Messages by input name. */
  fieldErrors: Record<string, string>;
  /** A message about the whole form. */
  formError?: string;
}

/**
 * Spreads an error over a form: problems whose field is one of the form's fields go next to it,
 * the others above the form.
 */
export function toFormErrors(error: unknown, fields: readonly string[]): FormErrors {
  if (!(error instanceof ApiError)) {
    return { fieldErrors: {}, formError: GENERIC_FAILURE };
  }
  if (error.network) return { fieldErrors: {}, formError: NETWORK_MESSAGE };
  const fieldErrors: Record<string, string> = {};
  const general: string[] = [];
  for (const problem of error.problems) {
    const text = problemText(problem);
    const field = problem.field;
    if (field && fields.includes(field) && !fieldErrors[field]) fieldErrors[field] = text;
    else if (!general.includes(text)) general.push(text);
  }
  return { fieldErrors, formError: general.length ? general.join(' ') : undefined };
}
