/**
 * What the month close keeps of each account's ledger, so that the next close reads only the lines after it
 * (docs/SCALING.md, «When the month close no longer fits the night»): the penalty groups of the lines dated up to
 * `through` — the debts of each billed period (those up to `lumped` in one group) with their last line's date, and
 * the payments in one sum — and the months of each supply the volumes' history can still need (close-history.ts).
 * The close of a month M writes them for M's first day's eve (through = the last day of M−1, lumped = lumpedUpTo of
 * M), in the batch's own transaction, every other month or so (summariesToWrite); a later close adds the lines dated
 * after `through` (close-ledger.ts).
 *
 * A summary holds only while the lines it sums stay as they were. Every line written, changed or deleted other than
 * by the close is noted in ledger_changes with its date, by triggers on ledger_entries (the migration
 * 1795572800000-LedgerSummaries), in the writer's own transaction; the close's own lines are dated the last day of
 * the month it closes, after every summary. A summary is used only when no change of its account that the close
 * has read is dated on or before its `through`; the changes the close has read are deleted with the summaries it
 * writes. A change committed after the close read them stays for the next close, which then reads that account's
 * whole ledger again: whatever the close missed of it, the summary it wrote is not used.
 */
import { run, type Queryable } from './sql-params';
import { BREATH_EVERY, breathe } from './breather';
import { decodeSupplyHistory, encodeSupplyHistory, SUPPLIES, type AccountHistory } from './close-history';

/** One group of an account's lines: a billed period's debts, or a day's payments; kopecks as the ledger signs them. */
export interface Group {
  kopecks: bigint;
  /** The group's last line's date (a period summing below zero is a payment on it). */
  last: string;
}

export interface LedgerSummary {
  /** The lines dated up to this day are summed. */
  through: string;
  /** The debts of billed periods up to this one are in one group, keyed by it. */
  lumped: string;
  billed: Map<string, Group>;
  /** The payments dated up to `through`, null when there are none. */
  paid: bigint | null;
  /**
   * What the volumes' history can still need of the lines dated up to `through` (close-history.ts retained), null when
   * the summary keeps none (the next close reads the account's history whole).
   */
  history: AccountHistory | null;
}

const INSERT_CHUNK = 1000;

/**
 * The summary as one line of text (a JSON object of the same took twice the bytes, and the writes of a million
 * summaries are a large part of a close): `1|paid|billed|cold|hot`
 * - `1`, the format; a summary of another is not used (the account is read whole and gets a new one);
 * - the payments' kopecks, empty when there are none;
 * - the billed groups `2026-06:31580876:30;…`: month, kopecks, the last line's day (its date when not in the month);
 * - the history of cold and hot water (close-history.ts encodeSupplyHistory), or `!` in both when it keeps none.
 */
const FORMAT = '1';

function encode(summary: LedgerSummary): string {
  const billed = [...summary.billed]
    .map(([period, g]) => `${period}:${g.kopecks}:${g.last.startsWith(period) ? g.last.slice(8) : g.last}`)
    .join(';');
  const history = summary.history === null ? ['!', '!'] : SUPPLIES.map((supply) => encodeSupplyHistory(summary.history!.get(supply)!));
  return [FORMAT, summary.paid === null ? '' : String(summary.paid), billed, ...history].join('|');
}

/**
 * The billed groups as encode wrote them (`2026-06:31580876:30;…`), read by position rather than split into arrays of
 * strings: a close reads a million summaries. Throws on anything else.
 */
function decodeBilled(text: string): Map<string, Group> {
  const billed = new Map<string, Group>();
  if (text === '') return billed;
  for (let from = 0; from <= text.length; ) {
    let end = text.indexOf(';', from);
    if (end < 0) end = text.length;
    const first = text.indexOf(':', from);
    const second = first < 0 ? -1 : text.indexOf(':', first + 1);
    if (first < 0 || second < 0 || second >= end || first === from || second === first + 1) throw new Error(`not billed groups: ${text}`);
    const period = text.slice(from, first);
    const last = text.slice(second + 1, end);
    billed.set(period, { kopecks: BigInt(text.slice(first + 1, second)), last: last.length === 2 ? `${period}-${last}` : last });
    from = end + 1;
  }
  return billed;
}

/** The summary encode wrote, or null when the text is of another format (or damaged). */
function decode(row: { through: string; lumped: string; sums: string }): LedgerSummary | null {
  const parts = row.sums.split('|');
  if (parts.length !== 5 || parts[0] !== FORMAT) return null;
  try {
    const billed = decodeBilled(parts[2]);
    let history: AccountHistory | null = null;
    if (parts[3] !== '!') history = new Map(SUPPLIES.map((supply, i) => [supply, decodeSupplyHistory(parts[3 + i])]));
    return { through: row.through, lumped: row.lumped, billed, paid: parts[1] === '' ? null : BigInt(parts[1]), history };
  } catch {
    return null;
  }
}

export interface BatchSummaries {
  /** The summaries that hold, by account. */
  usable: Map<number, LedgerSummary>;
  /** The ids of the changes read: deleted with the summaries written from this read. */
  changesRead: number[];
}

/**
 * The summaries of the accounts lo..hi that hold for a close whose lines up to `dayBefore` are grouped with periods up
 * to `lumpPeriod` lumped: written for that day or before, lumped no further, and with no change of their account read
 * here dated on or before their `through`. The changes are read first: one committed after this read is not in it,
 * and stays for the next close.
 */
export async function readSummaries(q: Queryable, lo: number, hi: number, dayBefore: string, lumpPeriod: string): Promise<BatchSummaries> {
  const changes: { id: number | string; account_id: number | string; date: string }[] = await run(
    q,
    `SELECT id, account_id, DATE_FORMAT(date, '%Y-%m-%d') AS date FROM ledger_changes WHERE account_id BETWEEN :lo AND :hi`,
    { lo, hi },
  );
  const earliestChange = new Map<number, string>();
  for (const c of changes) {
    const accountId = Number(c.account_id);
    const known = earliestChange.get(accountId);
    if (known === undefined || c.date < known) earliestChange.set(accountId, c.date);
  }
  const rows: { account_id: number | string; through: string; lumped: string; sums: string }[] = await run(
    q,
    `SELECT account_id, DATE_FORMAT(through, '%Y-%m-%d') AS through, lumped, \`sums\` FROM ledger_summaries WHERE account_id BETWEEN :lo AND :hi`,
    { lo, hi },
  );
  const usable = new Map<number, LedgerSummary>();
  let n = 0;
  for (const row of rows) {
    if (++n % BREATH_EVERY === 0) await breathe();
    const accountId = Number(row.account_id);
    if (row.through > dayBefore || row.lumped > lumpPeriod) continue;
    const change = earliestChange.get(accountId);
    if (change !== undefined && change <= row.through) continue;
    const summary = decode(row);
    if (summary) usable.set(accountId, summary);
  }
  return { usable, changesRead: changes.map((c) => Number(c.id)) };
}

/**
 * A summary that holds is written again every SUMMARY_REWRITE_MONTHS closes, not at each: in between the next close
 * reads one more month of lines after it (a month or two of an account's lines cost about the same to read, the
 * ranges' look-ups are most of it), and the writes of a million summaries were the largest step of a close at a
 * million accounts (docs/BENCHMARKS.md «02.12.2026 (evening)»).
 */
export const SUMMARY_REWRITE_MONTHS = 2;

const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

/**
 * Of the summaries a close made (`fresh`), those to write: every one whose account had none that held (its changes are
 * deleted with this write), and of the others those SUMMARY_REWRITE_MONTHS months old or more, and those of this
 * close's turn (half the accounts each month, by account id) held for an earlier day, so that the writes spread over
 * the months. A summary that holds and is not written stays as it is: the next close reads from it, the changes read
 * now being all dated after it.
 */
export function summariesToWrite(fresh: Map<number, LedgerSummary>, held: ReadonlyMap<number, LedgerSummary>): Map<number, LedgerSummary> {
  const write = new Map<number, LedgerSummary>();
  for (const [accountId, summary] of fresh) {
    const old = held.get(accountId);
    const age = old ? monthIndex(summary.through) - monthIndex(old.through) : Infinity;
    // A summary held for the same day (readied ahead of this close, summaries-ahead.ts, or kept by the same month's
    // close interrupted and run again) is the one made now: nothing to write again.
    const turn = age > 0 && (accountId + monthIndex(summary.through)) % SUMMARY_REWRITE_MONTHS === 0;
    if (!old || age >= SUMMARY_REWRITE_MONTHS || turn || (old.history === null && summary.history !== null)) write.set(accountId, summary);
  }
  return write;
}

/** Writes the batch's summaries (one per account, replacing any earlier one) and deletes the changes they were read with. */
export async function keepSummaries(q: Queryable, summaries: Map<number, LedgerSummary>, changesRead: number[]): Promise<void> {
  const rows = [...summaries].map(([accountId, s]) => [accountId, s.through, s.lumped, encode(s)]);
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    await q.query(
      `INSERT INTO ledger_summaries (account_id, through, lumped, \`sums\`)
       VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE through = VALUES(through), lumped = VALUES(lumped), \`sums\` = VALUES(\`sums\`)`,
      chunk.flat(),
    );
  }
  for (let i = 0; i < changesRead.length; i += INSERT_CHUNK) {
    await q.query('DELETE FROM ledger_changes WHERE id IN (?)', [changesRead.slice(i, i + INSERT_CHUNK)]);
  }
}
