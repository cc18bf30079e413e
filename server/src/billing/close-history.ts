/**
 * What earlier closes charged each account of a batch, per supply (ПП №354 п.59–60): the history the close's
 * volumes need (close-volumes.ts, billing_close_history) — the last month by readings, how many of the last 6 months
 * by readings there are and their average volume (a month that recalculated n months before it covers n + 1 months),
 * how many months by average since the last one by readings.
 *
 * A month's group of a supply is made of its CHARGE and RECALCULATION lines that carry a method and a volume: its
 * method is the CHARGE lines' (the largest, 'ACTUAL' < 'AVERAGE' < 'NORM', as MAX in SQL), its volume the CHARGE lines'
 * sum, its recalculations the count of its RECALCULATION lines. The groups an account's history can still need are
 * few: of the months up to one already closed, its last 6 months by readings and the months by average after them;
 * every group of the months after. Those are what the close keeps in the account's summary (ledger-summaries.ts),
 * and the next close adds the groups of the lines dated after it.
 *
 * A line of such a month dated after the summary's day (written outside the close: an import of an old month's
 * charge with a volume) would change a group the summary may have let go: that account's history is then read over
 * its whole ledger, in SQL (close-volumes.ts historyInsert), and its summary keeps no history.
 */
import { BillingService } from '../common/enums';
import { run, type Queryable } from './sql-params';

/** The supplies measured by meters (wastewater is their sum). */
export type Supply = BillingService.COLD_WATER | BillingService.HOT_WATER;
export const SUPPLIES: Supply[] = [BillingService.COLD_WATER, BillingService.HOT_WATER];
export type Method = 'ACTUAL' | 'AVERAGE' | 'NORM';

/** ПП №354 п.59: the average is over the last 6 months with readings. */
export const AVERAGE_OVER_MONTHS = 6;

export interface HistoryGroup {
  /** Null when the month has only recalculations (no CHARGE line with a method). */
  method: Method | null;
  /** The CHARGE lines' volume, in whole litres (thousandths of a m³; a safe integer, exact as a number). */
  litres: number;
  recalcs: number;
}

/** Per supply, per month: the groups of an account. */
export type AccountHistory = Map<Supply, Map<string, HistoryGroup>>;

/** A ledger line as the history takes it; lines without a period, service, method or volume are none of its business. */
export interface HistoryLine {
  kind: string;
  period: string | null;
  service: string | null;
  method: string | null;
  litres: number | null;
}

export const emptyHistory = (): AccountHistory => new Map(SUPPLIES.map((s) => [s, new Map()]));

/** True for a line the history counts: a CHARGE or RECALCULATION of cold or hot water with a period, a method and a volume. */
export function countsInHistory(line: HistoryLine): boolean {
  return (
    (line.kind === 'CHARGE' || line.kind === 'RECALCULATION') &&
    line.period !== null &&
    (line.service === BillingService.COLD_WATER || line.service === BillingService.HOT_WATER) &&
    line.method !== null &&
    line.litres !== null
  );
}

/** Adds a line that countsInHistory to its month's group. */
export function addToHistory(history: AccountHistory, line: HistoryLine): void {
  const months = history.get(line.service as Supply)!;
  const group = months.get(line.period!) ?? { method: null, litres: 0, recalcs: 0 };
  if (line.kind === 'CHARGE') {
    const method = line.method as Method;
    if (group.method === null || method > group.method) group.method = method;
    group.litres += line.litres!;
  } else group.recalcs += 1;
  months.set(line.period!, group);
}

export function addGroup(history: AccountHistory, supply: Supply, period: string, group: HistoryGroup): void {
  const months = history.get(supply)!;
  const known = months.get(period);
  if (!known) months.set(period, { ...group });
  else {
    if (known.method === null || (group.method !== null && group.method > known.method)) known.method = group.method;
    known.litres += group.litres;
    known.recalcs += group.recalcs;
  }
}

/**
 * What a later close can still need of the groups: of the months up to `upTo`, the last AVERAGE_OVER_MONTHS months by
 * readings and the months by average after the last of them (all of them when there is none); every month after
 * `upTo`. A later close adds only months after `upTo` (or reads the account whole), so it ranks those first.
 */
export function retained(history: AccountHistory, upTo: string): AccountHistory {
  const kept = emptyHistory();
  for (const [supply, months] of history) {
    let actuals = 0;
    for (const period of newestFirst(months)) {
      const group = months.get(period)!;
      if (period > upTo) kept.get(supply)!.set(period, { ...group });
      else if (group.method === 'ACTUAL' && actuals < AVERAGE_OVER_MONTHS) {
        actuals++;
        kept.get(supply)!.set(period, { ...group });
      } else if (group.method === 'AVERAGE' && actuals === 0) kept.get(supply)!.set(period, { ...group });
    }
  }
  return kept;
}

/** One row of billing_close_history, as close-volumes.ts historyInsert computes it. */
export interface HistoryRow {
  service: Supply;
  lastActual: string | null;
  months: number;
  /** m³ with 3 decimals, null without a month by readings. */
  average: string | null;
  averaged: number;
}

/** The months of a supply, the latest first. */
const newestFirst = (months: Map<string, HistoryGroup>): string[] => [...months.keys()].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));

/** a ÷ b rounded down, for non-negative safe integers: exact (no quotient rounded up to the next integer). */
const divide = (a: number, b: number): number => (a - (a % b)) / b;

/** litres / n in m³, rounded to the litre half away from zero (SQL's ROUND(x, 3) of a DECIMAL). */
function averageOf(litres: number, n: number): string {
  const negative = litres < 0;
  const abs = negative ? -litres : litres;
  const rounded = divide(2 * abs + n, 2 * n);
  const text = `${divide(rounded, 1000)}.${String(rounded % 1000).padStart(3, '0')}`;
  return negative && rounded !== 0 ? `-${text}` : text;
}

/**
 * The history of the months before `period`, per supply, as historyInsert's SQL gives it: a row for a supply with at
 * least one month that has a method.
 */
export function historyRows(history: AccountHistory, period: string): HistoryRow[] {
  const rows: HistoryRow[] = [];
  for (const [supply, months] of history) {
    let any = false;
    let actuals = 0;
    let lastActual: string | null = null;
    let litres = 0;
    let covered = 0;
    let averaged = 0;
    for (const p of newestFirst(months)) {
      if (p >= period) continue;
      const group = months.get(p)!;
      if (group.method === null) continue;
      any = true;
      if (group.method === 'ACTUAL') {
        actuals++;
        if (lastActual === null) lastActual = p;
        if (actuals <= AVERAGE_OVER_MONTHS) {
          litres += group.litres;
          covered += 1 + group.recalcs;
        }
      } else if (group.method === 'AVERAGE' && actuals === 0) averaged++;
    }
    if (!any) continue;
    const months6 = Math.min(actuals, AVERAGE_OVER_MONTHS);
    rows.push({ service: supply, lastActual, months: months6, average: months6 > 0 ? averageOf(litres, covered) : null, averaged });
  }
  return rows;
}

/** A DECIMAL's text: digits, with a sign and a point or not, and at least one digit. */
const DECIMAL_VOLUME = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * Whole litres from a DECIMAL(…,3) volume as the driver gives it ('12.345', '-0.500', a SUM's '1234.500'; digits
 * after the third dropped). Integer arithmetic on the digits, no binary fraction: exact while the litres are a safe
 * integer (2^53: some 9·10^12 m³); anything else throws. Called for every line a close reads: about 0.2 µs a call,
 * against 0.9 µs when it summed BigInts (timed over 600,000 volumes).
 */
export function litresOf(volume: string): number {
  if (!DECIMAL_VOLUME.test(volume)) throw new RangeError(`not a volume of m³: ${volume}`);
  const negative = volume.charCodeAt(0) === 45; // '-'
  const dot = volume.indexOf('.');
  const whole = volume.slice(negative ? 1 : 0, dot < 0 ? volume.length : dot);
  const fraction = dot < 0 ? 0 : Number((volume.slice(dot + 1) + '00').slice(0, 3));
  const litres = Number(whole || '0') * 1000 + fraction;
  if (!Number.isSafeInteger(litres)) throw new RangeError(`not a volume of m³: ${volume}`);
  return negative ? -litres : litres;
}

/**
 * The groups of the accounts `ids` from their lines dated up to `through`, every month (the whole ledger) or only
 * those from `since` on: one index-only read of ix_ledger_account_cover.
 */
export async function readHistoryGroups(q: Queryable, ids: number[], through: string, since: string | null): Promise<Map<number, AccountHistory>> {
  const rows: { account_id: number | string; service: Supply; period: string; method: Method | null; volume: string; recalcs: number | string }[] = await run(
    q,
    `SELECT e.account_id, e.service, e.period,
       MAX(CASE WHEN e.kind = 'CHARGE' THEN e.billing_method END) AS method,
       SUM(CASE WHEN e.kind = 'CHARGE' THEN e.volume ELSE 0 END) AS volume,
       SUM(e.kind = 'RECALCULATION') AS recalcs
     FROM ledger_entries e
     WHERE e.account_id IN (:ids) AND e.date <= :through ${since === null ? '' : 'AND e.period >= :since'}
       AND e.kind IN ('CHARGE', 'RECALCULATION') AND e.service IN ('COLD_WATER', 'HOT_WATER')
       AND e.billing_method IS NOT NULL AND e.volume IS NOT NULL AND e.period IS NOT NULL
     GROUP BY e.account_id, e.service, e.period`,
    { ids, through, since },
  );
  const byAccount = new Map<number, AccountHistory>();
  for (const row of rows) {
    const accountId = Number(row.account_id);
    let history = byAccount.get(accountId);
    if (!history) byAccount.set(accountId, (history = emptyHistory()));
    addGroup(history, row.service, row.period, { method: row.method, litres: litresOf(row.volume), recalcs: Number(row.recalcs) });
  }
  return byAccount;
}

/** Whether the groups hold AVERAGE_OVER_MONTHS months by readings up to `upTo` for every supply. */
export function holdsEnoughMonths(history: AccountHistory | undefined, upTo: string): boolean {
  if (!history) return false;
  for (const months of history.values()) {
    let actuals = 0;
    for (const [period, group] of months) if (period <= upTo && group.method === 'ACTUAL') actuals++;
    if (actuals < AVERAGE_OVER_MONTHS) return false;
  }
  return true;
}

const METHOD_LETTERS: Record<Method, string> = { ACTUAL: 'A', AVERAGE: 'V', NORM: 'N' };
const LETTER_METHODS: Record<string, Method | null> = { A: 'ACTUAL', V: 'AVERAGE', N: 'NORM', '-': null };

/**
 * A supply's groups as text, for the summary (ledger-summaries.ts): `2026-10A52000,2026-09V48000r2,…` — the month,
 * the method's letter (A by readings, V by average, N by norm, - none), the litres, and rN when it has N recalculations.
 */
export function encodeSupplyHistory(months: Map<string, HistoryGroup>): string {
  return [...months]
    .map(([period, g]) => `${period}${g.method === null ? '-' : METHOD_LETTERS[g.method]}${g.litres}${g.recalcs ? `r${g.recalcs}` : ''}`)
    .join(',');
}

const LETTER_CODES = new Map<number, Method | null>([...Object.entries(LETTER_METHODS)].map(([letter, method]) => [letter.charCodeAt(0), method]));

/** The months' texts met so far, by year × 100 + month: a close decodes a dozen groups of the same few months per account. */
const periodTexts = new Map<number, string>();

const isDigit = (code: number) => code >= 48 && code <= 57;

/** The month `YYYY-MM` at `at`, one text per month; undefined when it is not one. */
function periodAt(text: string, at: number): string | undefined {
  let key = 0;
  for (let i = 0; i < 7; i++) {
    const code = text.charCodeAt(at + i);
    if (i === 4 ? code !== 45 : !isDigit(code)) return undefined;
    if (i !== 4) key = key * 10 + (code - 48);
  }
  let period = periodTexts.get(key);
  if (period === undefined) {
    period = text.slice(at, at + 7);
    if (periodTexts.size < 10_000) periodTexts.set(key, period);
  }
  return period;
}

/**
 * The groups encodeSupplyHistory wrote; throws on anything else. Read character by character: a close decodes a dozen
 * groups for each of a million accounts, and a regular expression's match (its array and four strings a group) was
 * most of what the close's process allocated.
 */
export function decodeSupplyHistory(text: string): Map<string, HistoryGroup> {
  const months = new Map<string, HistoryGroup>();
  if (text === '') return months;
  const n = text.length;
  const fail = (): never => {
    throw new Error(`not a supply's history: ${text}`);
  };
  let i = 0;
  for (;;) {
    const period = i + 8 <= n ? periodAt(text, i) : undefined;
    if (period === undefined) fail();
    const method = LETTER_CODES.get(text.charCodeAt(i + 7));
    if (method === undefined) fail();
    i += 8;
    const negative = text.charCodeAt(i) === 45; // '-'
    if (negative) i++;
    let litres = 0;
    const digitsFrom = i;
    while (i < n && isDigit(text.charCodeAt(i))) litres = litres * 10 + (text.charCodeAt(i++) - 48);
    if (i === digitsFrom || !Number.isSafeInteger(litres)) fail();
    let recalcs = 0;
    if (text.charCodeAt(i) === 114) {
      // 'r'
      const from = ++i;
      while (i < n && isDigit(text.charCodeAt(i))) recalcs = recalcs * 10 + (text.charCodeAt(i++) - 48);
      if (i === from) fail();
    }
    months.set(period!, { method: method!, litres: negative ? -litres : litres, recalcs });
    if (i === n) return months;
    if (text.charCodeAt(i) !== 44) fail(); // ','
    i++;
  }
}
