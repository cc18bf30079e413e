/**
 * The contract's scalars. Money and volumes stay strings end to end; calendar
 * dates are "YYYY-MM-DD" strings in the utility's time zone.
 */
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { decimalParts, normalizeMoney, normalizeVolume } from '../money';
import { isValidDate, isValidPeriod } from './calendar';

/**
 * Where each scalar's format is specified (@specifiedBy). Date and DateTime are RFC 3339's; the others are
 * the project's own pages, docs/scalars/<Name>.md, under a stable address of the reserved .example domain
 * (docs/SCHEMA-CHANGELOG.md says why). Changing one of these is a change of contract.
 */
const RFC3339 = 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6';
const OWN_SPEC = 'https://kabinet.example/docs/scalars/';

function bad(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/**
 * Strings and JSON numbers are both taken in; the services check the value with parseDecimal (money.ts),
 * each with its limits and its message. `example`: what a wrong input is shown — a sum for Decimal, a
 * meter value for Volume.
 */
function decimalInput(example: string) {
  const expected = `Ожидается число, например "${example}".`;
  const input = (value: unknown): string => {
    if (typeof value === 'string') return value.trim();
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw bad(expected);
      // A JSON number is turned into its shortest exact decimal text, never rounded here; an exponent is refused.
      const text = String(value);
      if (!decimalParts(text, true)) throw bad('Число слишком большое или слишком маленькое.');
      return text;
    }
    throw bad(expected);
  };
  const literal = (ast: ValueNode): string => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return input(ast.kind === Kind.STRING ? ast.value : Number(ast.value));
    throw bad(expected);
  };
  return { parseValue: input, parseLiteral: literal };
}

export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description:
    'Amount of money in rubles: a decimal string with exactly two fraction digits, e.g. "1044.02". Inputs also accept a JSON number. ' +
    'Negative where the value is signed (a balance in advance, a payment\'s ledger amount, a recalculation). Never a float on the way: ' +
    'send a string, or a JSON number without an exponent. Each operation says its range.',
  specifiedByURL: `${OWN_SPEC}Decimal`,
  serialize: (value) => normalizeMoney(value as string),
  ...decimalInput('1044,02'),
});

export const VolumeScalar = new GraphQLScalarType({
  name: 'Volume',
  description:
    'Meter value in cubic metres: a decimal string with up to three fraction digits, e.g. "241" or "241.375". Also volumes of water (a ' +
    'consumption, a charge\'s volume, a norm per resident); trailing zeros are dropped ("241.500" is "241.5"), and a recalculation\'s volume ' +
    'may be negative. Inputs also accept a JSON number.',
  specifiedByURL: `${OWN_SPEC}Volume`,
  serialize: (value) => normalizeVolume(String(value)),
  ...decimalInput('123,456'),
});

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isValidDate(value)) throw bad('Дата должна быть в формате ГГГГ-ММ-ДД, например 2026-03-31.');
  return value;
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description:
    'Calendar date, YYYY-MM-DD, in the utility\'s local time zone (TZ_UTILITY, Europe/Moscow by default): an RFC 3339 full-date, e.g. ' +
    '"2026-03-31". An input must be a real day of the calendar (BAD_USER_INPUT otherwise).',
  specifiedByURL: RFC3339,
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return String(value).slice(0, 10);
  },
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description:
    'Instant, ISO-8601 with offset: an RFC 3339 date-time. Answers are in UTC with milliseconds, e.g. "2026-03-16T09:05:00.000Z"; ' +
    'send one with its offset (Z or +03:00).',
  specifiedByURL: RFC3339,
  serialize: (value) => (value instanceof Date ? value : new Date(String(value))).toISOString(),
  parseValue: (value) => {
    const d = typeof value === 'string' ? new Date(value) : null;
    if (!d || Number.isNaN(d.getTime())) throw bad('Ожидается момент времени в формате ISO-8601.');
    return d;
  },
  parseLiteral: (ast) => {
    const d = ast.kind === Kind.STRING ? new Date(ast.value) : null;
    if (!d || Number.isNaN(d.getTime())) throw bad('Ожидается момент времени в формате ISO-8601.');
    return d;
  },
});

function parsePeriod(value: unknown): string {
  if (typeof value !== 'string' || !isValidPeriod(value)) throw bad('Период должен быть в формате ГГГГ-ММ, например 2026-03.');
  return value;
}

export const PeriodScalar = new GraphQLScalarType({
  name: 'Period',
  description:
    'Billing month, YYYY-MM (расчётный период), e.g. "2026-03": month 01 to 12, as the utility\'s time zone counts months.',
  specifiedByURL: `${OWN_SPEC}Period`,
  serialize: (value) => String(value),
  parseValue: parsePeriod,
  parseLiteral: (ast) => parsePeriod(ast.kind === Kind.STRING ? ast.value : undefined),
});
