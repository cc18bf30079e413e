/**
 * Russian formats for the screens: money "2 890,64", dates "31.01.2020", periods "Март 2020".
 * Money and volumes are decimal strings and are formatted by string manipulation, never as floats.
 */

/** Groups of three digits, separated by a plain space (money spans are kept on one line by CSS). */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/**
 * "2890.64" → "2 890,64"; "-2890.64" → "−2 890,64" with `signed`, otherwise the absolute value.
 * Anything that is not a decimal string is returned as it is.
 */
export function formatMoney(value: string | null | undefined, { signed = false } = {}): string {
  if (value === null || value === undefined) return '';
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(String(value).trim());
  if (!m) return String(value);
  const whole = groupThousands(m[2].replace(/^0+(?=\d)/, ''));
  const frac = (m[3] ?? '').padEnd(2, '0').slice(0, 2);
  const isZero = /^0*$/.test(m[2] + frac);
  const sign = signed && m[1] && !isZero ? '−' : '';
  return `${sign}${whole},${frac}`;
}

/** "241.375" → "241,375"; "5" → "5". */
export function formatVolume(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(String(value).trim());
  if (!m) return String(value);
  const whole = m[2].replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  return `${m[1] ? '−' : ''}${whole}${frac ? `,${frac}` : ''}`;
}

/** A meter's value as its register shows it: "236" → "000000236"; "241.375" → "000000241,375". */
export function formatMeterValue(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const m = /^(\d+)(?:\.(\d+))?$/.exec(String(value).trim());
  if (!m) return String(value);
  const whole = m[1].replace(/^0+(?=\d)/, '').padStart(9, '0');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return `${whole}${frac ? `,${frac}` : ''}`;
}

/** A Russian mobile as the API keeps it, "+79111234567" → "+7(911)123-4567", as the forms' hint writes it. */
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const m = /^\+7(\d{3})(\d{3})(\d{4})$/.exec(phone);
  return m ? `+7(${m[1]})${m[2]}-${m[3]}` : phone;
}

/** "2020-01-31" → "31.01.2020". */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : value;
}

const TIME_ZONE = 'Europe/Moscow';

/** ISO instant → "16.03.2020 14:05" in the utility's time zone. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  const parts = new Intl.DateTimeFormat('ru-RU', {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}.${get('month')}.${get('year')} ${get('hour')}:${get('minute')}`;
}

export const MONTHS = [
  'Январь',
  'Февраль',
  'Март',
  'Апрель',
  'Май',
  'Июнь',
  'Июль',
  'Август',
  'Сентябрь',
  'Октябрь',
  'Ноябрь',
  'Декабрь',
];

const MONTHS_SHORT = ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'];

/** "2020-03" → "Март 2020" (as the seed's screens title a month); `lower` → "март 2020" inside a sentence. */
export function formatPeriod(period: string | null | undefined, { lower = false } = {}): string {
  if (!period) return '';
  const m = /^(\d{4})-(\d{2})/.exec(period);
  if (!m) return period;
  const month = MONTHS[Number(m[2]) - 1];
  return `${lower ? month.toLowerCase() : month} ${m[1]}`;
}

/** "2020-03" → "03.2020". */
export function formatPeriodNumeric(period: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(period);
  return m ? `${m[2]}.${m[1]}` : period;
}

/** A count with its thousands grouped: 1000000 → "1 000 000". */
export function formatCount(n: number): string {
  return groupThousands(String(n));
}

/** A duration, as the API's command-line tools write it: "1 ч 02 мин", "3 мин 05 с", "42 с". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h) return `${h} ч ${String(m).padStart(2, '0')} мин`;
  if (m) return `${m} мин ${String(sec).padStart(2, '0')} с`;
  return `${sec} с`;
}

/** "2020-03" → "мар 20" (chart axis). */
export function formatPeriodShort(period: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(period);
  if (!m) return period;
  return `${MONTHS_SHORT[Number(m[2]) - 1]} ${m[1].slice(2)}`;
}

export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Today (YYYY-MM-DD) in the utility's time zone. */
export function today(at: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Whole days from a to b (dates YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Russian plural: plural(5, ['день', 'дня', 'дней']) → 'дней'. */
export function plural(n: number, forms: [string, string, string]): string {
  const abs = Math.abs(n) % 100;
  const last = abs % 10;
  if (abs > 10 && abs < 20) return forms[2];
  if (last > 1 && last < 5) return forms[1];
  if (last === 1) return forms[0];
  return forms[2];
}
