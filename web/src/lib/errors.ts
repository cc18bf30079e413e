/**
 * The API's errors as the site shows them: each next to the field it concerns, in plain Russian.
 * The API answers `errors[].extensions.code` (stable) and a Russian `message`; BAD_USER_INPUT also
 * names the input field in `extensions.field`.
 */

export interface ApiProblem {
  code: string;
  message: string;
  /** Input field name the problem concerns (`email`, `activationCode`, `value`, …). */
  field?: string;
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

/** Our own texts, used when the API sends no message. */
const FALLBACK_TEXT: Record<string, string> = {
  UNAUTHENTICATED: 'Сеанс завершён. Войдите в личный кабинет снова.',
  FORBIDDEN: 'Недостаточно прав для этого действия.',
  BAD_USER_INPUT: 'Проверьте введённое значение.',
  NOT_FOUND: 'Запись не найдена.',
  RATE_LIMITED: 'Слишком много попыток. Повторите позже.',
  ACTIVATION_FAILED: 'Лицевой счет или код активации указаны неверно. Сверьте их с последней квитанцией.',
  ALREADY_REGISTERED: 'Этот лицевой счет уже зарегистрирован. Войдите в кабинет или восстановите пароль.',
  TERMS_NOT_ACCEPTED: 'Чтобы зарегистрироваться, подтвердите согласие с условиями.',
  INVALID_CREDENTIALS: 'Неверный лицевой счет или пароль.',
  INVALID_TOKEN: 'Ссылка недействительна или устарела. Запросите восстановление пароля ещё раз.',
  READING_BELOW_PREVIOUS: 'Показание меньше предыдущего принятого. Проверьте цифры на счетчике.',
  METER_VERIFICATION_EXPIRED: 'Срок поверки прибора истёк: показания не принимаются.',
  READINGS_WINDOW_CLOSED: 'Сейчас показания не принимаются.',
  PASSWORD_MISMATCH: 'Пароли не совпадают.',
  CURRENT_PASSWORD_INVALID: 'Текущий пароль указан неверно.',
  WEAK_PASSWORD: 'Пароль слишком простой: не меньше 8 символов, буквы и цифры.',
  QUERY_TOO_COMPLEX: 'Запрос слишком сложный.',
  SERVICE_UNAVAILABLE: NETWORK_MESSAGE,
  CONFIRMATION_REQUIRED: 'Проверьте данные и подтвердите действие.',
  METER_FAILED: 'Прибор учёта неисправен: показания по нему не принимаются.',
  PERIOD_NOT_FINISHED: 'Месяц ещё не закончился: закрыть можно только закончившийся месяц.',
  PERIOD_BEFORE_TARIFFS: 'За этот месяц тарифов нет.',
  PERIOD_OUT_OF_ORDER: 'Месяцы закрываются по порядку: сначала закройте предыдущий.',
  PERIOD_CLOSED: 'Месяц уже закрыт: укажите дату в открытом месяце.',
};

/** The field a code concerns when the API does not name one. */
const DEFAULT_FIELD: Record<string, string> = {
  ACTIVATION_FAILED: 'activationCode',
  ALREADY_REGISTERED: 'accountNumber',
  TERMS_NOT_ACCEPTED: 'acceptTerms',
  READING_BELOW_PREVIOUS: 'value',
  METER_VERIFICATION_EXPIRED: 'value',
  METER_FAILED: 'value',
  PERIOD_NOT_FINISHED: 'period',
  PERIOD_BEFORE_TARIFFS: 'period',
  PERIOD_OUT_OF_ORDER: 'period',
  PASSWORD_MISMATCH: 'newPasswordRepeat',
  CURRENT_PASSWORD_INVALID: 'currentPassword',
  WEAK_PASSWORD: 'newPassword',
};

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
    let rawField = typeof extensions.field === 'string' ? extensions.field : undefined;
    let message = e.message ?? '';
    const invalid = code === 'BAD_USER_INPUT' && !rawField ? INVALID_VARIABLE.exec(message) : null;
    if (invalid) {
      rawField = invalid[2] ?? invalid[1];
      message = invalid[3];
    }
    const retryAfter = Number(extensions.retryAfter);
    return {
      code,
      message,
      field: rawField ? fieldName(rawField) : undefined,
      retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      extensions,
    };
  });
}

/** "input.email" → "email"; "readings[1].value" → "value". */
function fieldName(path: string): string {
  const parts = path.split(/[.[\]]+/).filter((p) => p && !/^\d+$/.test(p));
  return parts[parts.length - 1] ?? path;
}

/** The text to show for one problem. */
export function problemText(problem: ApiProblem): string {
  if (problem.code === 'INTERNAL_SERVER_ERROR' || problem.code === 'GRAPHQL_VALIDATION_FAILED') {
    return 'Не удалось выполнить действие. Попробуйте ещё раз позже.';
  }
  const hasRussian = /[А-Яа-яЁё]/.test(problem.message);
  let text = hasRussian ? problem.message : (FALLBACK_TEXT[problem.code] ?? 'Не удалось выполнить действие.');
  if (problem.code === 'RATE_LIMITED' && problem.retryAfter && !hasRussian) {
    text = `Слишком много попыток. Повторите через ${formatWait(problem.retryAfter)}.`;
  }
  return text;
}

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} с`;
  return `${Math.ceil(seconds / 60)} мин`;
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
    return { fieldErrors: {}, formError: 'Не удалось выполнить действие. Попробуйте ещё раз позже.' };
  }
  if (error.network) return { fieldErrors: {}, formError: NETWORK_MESSAGE };
  const fieldErrors: Record<string, string> = {};
  const general: string[] = [];
  for (const problem of error.problems) {
    const field = problem.field ?? DEFAULT_FIELD[problem.code];
    const text = problemText(problem);
    if (field && fields.includes(field) && !fieldErrors[field]) fieldErrors[field] = text;
    else if (!general.includes(text)) general.push(text);
  }
  return { fieldErrors, formError: general.length ? general.join(' ') : undefined };
}
