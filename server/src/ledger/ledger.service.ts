/**
 * The account's ledger over a date range: entries newest first (or oldest first),
 * with the opening and closing balance and the totals computed in SQL, exact to the kopeck.
 */
import type { DataSource } from 'typeorm';
import { LedgerEntryKind } from '../common/enums';
import { decodeCursor, encodeCursor, pageSize, toPage, type Page } from '../common/pagination';
import { badInput } from '../errors';
import { normalizeMoney } from '../money';
import { entityColumns, hydrateRow } from '../db/hydrate';
import { LedgerEntry } from './ledger-entry.entity';

export type SortOrder = 'DESC' | 'ASC';

export interface LedgerRange {
  from?: string | null;
  to?: string | null;
}

export interface LedgerTotals {
  openingBalance: string;
  closingBalance: string;
  totalCharged: string;
  totalPaid: string;
  totalCount: number;
}

/** Reports list at most this many entries; a longer range must be split. */
export const MAX_REPORT_ENTRIES = 10_000;

function checkRange(range: LedgerRange): { from: string; to: string } {
  const from = range.from ?? '0001-01-01';
  const to = range.to ?? '9999-12-31';
  if (from > to) throw badInput('to', 'Дата «По» должна быть не раньше даты «С».');
  return { from, to };
}

export class LedgerService {
  constructor(private readonly db: DataSource) {}

  async totals(accountId: number, range: LedgerRange): Promise<LedgerTotals> {
    const { from, to } = checkRange(range);
    const [row] = await this.db.query(
      `SELECT
         COALESCE(SUM(CASE WHEN date < ? THEN amount END), 0) AS opening,
         COALESCE(SUM(CASE WHEN date <= ? THEN amount END), 0) AS closing,
         COALESCE(SUM(CASE WHEN date BETWEEN ? AND ? AND kind <> 'PAYMENT' THEN amount END), 0) AS charged,
         COALESCE(-SUM(CASE WHEN date BETWEEN ? AND ? AND kind = 'PAYMENT' THEN amount END), 0) AS paid,
         COUNT(CASE WHEN date BETWEEN ? AND ? THEN 1 END) AS n
       FROM ledger_entries WHERE account_id = ?`,
      [from, to, from, to, from, to, from, to, accountId],
    );
    return {
      openingBalance: normalizeMoney(String(row.opening)),
      closingBalance: normalizeMoney(String(row.closing)),
      totalCharged: normalizeMoney(String(row.charged)),
      totalPaid: normalizeMoney(String(row.paid)),
      totalCount: Number(row.n),
    };
  }

  async entries(
    accountId: number,
    range: LedgerRange & { first?: number | null; after?: string | null; order?: SortOrder | null },
    totalCount: number,
  ): Promise<Page<LedgerEntry>> {
    const { from, to } = checkRange(range);
    const limit = pageSize(range.first);
    const cursor = decodeCursor(range.after, 2) as [string, string] | null;
    const desc = (range.order ?? 'DESC') === 'DESC';
    const qb = this.db
      .getRepository(LedgerEntry)
      .createQueryBuilder('e')
      .where('e.account_id = :accountId AND e.date BETWEEN :from AND :to', { accountId, from, to })
      .orderBy('e.date', desc ? 'DESC' : 'ASC')
      .addOrderBy('e.id', desc ? 'DESC' : 'ASC')
      .limit(limit + 1);
    if (cursor) {
      const op = desc ? '<' : '>';
      qb.andWhere(`(e.date ${op} :cd OR (e.date = :cd AND e.id ${op} :cid))`, { cd: cursor[0], cid: cursor[1] });
    }
    const rows = await qb.getMany();
    return toPage(rows, limit, range.after, totalCount, (e) => encodeCursor([e.date, e.id]));
  }

  /**
   * totals() and entries() in one statement: the totals row LEFT JOINed to the page
   * (so an empty page still carries its totals). What the ledger field serves.
   */
  async pageWithTotals(
    accountId: number,
    range: LedgerRange & { first?: number | null; after?: string | null; order?: SortOrder | null },
  ): Promise<{ totals: LedgerTotals; page: Page<LedgerEntry> }> {
    const { from, to } = checkRange(range);
    const limit = pageSize(range.first);
    const cursor = decodeCursor(range.after, 2) as [string, string] | null;
    const dir = (range.order ?? 'DESC') === 'DESC' ? 'DESC' : 'ASC';
    const op = dir === 'DESC' ? '<' : '>';
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT t.t_opening, t.t_closing, t.t_charged, t.t_paid, t.t_n, p.*
       FROM (SELECT
           COALESCE(SUM(CASE WHEN date < ? THEN amount END), 0) AS t_opening,
           COALESCE(SUM(CASE WHEN date <= ? THEN amount END), 0) AS t_closing,
           COALESCE(SUM(CASE WHEN date BETWEEN ? AND ? AND kind <> 'PAYMENT' THEN amount END), 0) AS t_charged,
           COALESCE(-SUM(CASE WHEN date BETWEEN ? AND ? AND kind = 'PAYMENT' THEN amount END), 0) AS t_paid,
           COUNT(CASE WHEN date BETWEEN ? AND ? THEN 1 END) AS t_n
         FROM ledger_entries WHERE account_id = ?) t
       LEFT JOIN (SELECT ${entityColumns(this.db, LedgerEntry, 'e')} FROM ledger_entries e
         WHERE e.account_id = ? AND e.date BETWEEN ? AND ?${cursor ? ` AND (e.date ${op} ? OR (e.date = ? AND e.id ${op} ?))` : ''}
         ORDER BY e.date ${dir}, e.id ${dir} LIMIT ?) p ON TRUE
       ORDER BY p.date ${dir}, p.id ${dir}`,
      [from, to, from, to, from, to, from, to, accountId, accountId, from, to, ...(cursor ? [cursor[0], cursor[0], cursor[1]] : []), limit + 1],
    );
    const t = rows[0];
    const totals: LedgerTotals = {
      openingBalance: normalizeMoney(String(t.t_opening)),
      closingBalance: normalizeMoney(String(t.t_closing)),
      totalCharged: normalizeMoney(String(t.t_charged)),
      totalPaid: normalizeMoney(String(t.t_paid)),
      totalCount: Number(t.t_n),
    };
    const entries = rows.filter((r) => r.id !== null).map((r) => hydrateRow(this.db, LedgerEntry, r));
    return { totals, page: toPage(entries, limit, range.after, totals.totalCount, (e) => encodeCursor([e.date, e.id])) };
  }

  /** Everything in a range, oldest first, for the downloadable reports. */
  async forReport(accountId: number, range: LedgerRange): Promise<{ totals: LedgerTotals; entries: LedgerEntry[] }> {
    const totals = await this.totals(accountId, range);
    if (totals.totalCount > MAX_REPORT_ENTRIES) {
      throw badInput('from', `В выбранном диапазоне больше ${MAX_REPORT_ENTRIES} записей: выберите диапазон короче.`);
    }
    const { from, to } = checkRange(range);
    const entries = await this.db
      .getRepository(LedgerEntry)
      .createQueryBuilder('e')
      .where('e.account_id = :accountId AND e.date BETWEEN :from AND :to', { accountId, from, to })
      .orderBy('e.date', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getMany();
    return { totals, entries };
  }
}

export { LedgerEntryKind };
