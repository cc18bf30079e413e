/**
 * Per-request DataLoaders: every relation the schema exposes is loaded in one
 * batched query per kind, whatever the number of parents (no N+1).
 */
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { Meter } from '../readings/meter.entity';
import { groupBy } from '../common/group-by';
import { createReadingLoaders } from '../readings/reading-loaders';
import { createAppealLoaders } from '../appeals/appeal-loaders';
import { UNREAD_REPLIES_FROM } from '../appeals/appeal.service';
import { entityColumns, hydrateRow, selectEntities } from '../db/hydrate';


export function createLoaders(db: DataSource, currentPeriod: () => string) {
  const loaders = {
    ...createReadingLoaders(db, currentPeriod),
    ...createAppealLoaders(db),
    /**
     * The account with its balance and unread replies, in one statement (the dashboard's `me`):
     * primes account, balance and unreadReplyCount, so those fields cost nothing more.
     */
    accountWithStats: new DataLoader<number, Account | null>(async (ids) => {
      const rows: Record<string, unknown>[] = await db.query(
        `SELECT ${entityColumns(db, Account, 'acc')},
           (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE account_id = acc.id) AS stats_balance,
           (SELECT COUNT(*) ${UNREAD_REPLIES_FROM} AND a.account_id = acc.id) AS stats_unread
         FROM accounts acc WHERE acc.id IN (?)`,
        [[...ids]],
      );
      const byId = new Map<number, Account>();
      for (const row of rows) {
        const account = hydrateRow(db, Account, row);
        byId.set(account.id, account);
        loaders.account.clear(account.id).prime(account.id, account);
        loaders.balance.clear(account.id).prime(account.id, String(row.stats_balance));
        loaders.unreadReplyCount.clear(account.id).prime(account.id, Number(row.stats_unread));
      }
      return ids.map((id) => byId.get(id) ?? null);
    }),
    // Hand-written SQL rather than repository.find: the query builder cost ~40 µs of CPU more a call (bench/orm-cpu.mjs).
    account: new DataLoader<number, Account | null>(async (ids) => {
      const rows = await selectEntities(db, Account, `SELECT ${entityColumns(db, Account, 'a')} FROM accounts a WHERE a.id IN (?)`, [[...ids]]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Sum of the ledger per account, as a decimal string. */
    balance: new DataLoader<number, string>(async (ids) => {
      const rows: { account_id: number; balance: string }[] = await db.query(
        'SELECT account_id, COALESCE(SUM(amount), 0) AS balance FROM ledger_entries WHERE account_id IN (?) GROUP BY account_id',
        [[...ids]],
      );
      const byId = new Map(rows.map((r) => [Number(r.account_id), String(r.balance)]));
      return ids.map((id) => byId.get(id) ?? '0.00');
    }),
    /** Every account of a person (#15), by number. */
    accountsByHolder: new DataLoader<number, Account[]>(async (ids) => {
      const rows = await selectEntities(db, Account, `SELECT ${entityColumns(db, Account, 'a')} FROM accounts a WHERE a.subscriber_id IN (?) ORDER BY a.number`, [[...ids]]);
      const grouped = groupBy(rows, (a) => a.subscriberId!);
      return ids.map((id) => grouped.get(id) ?? []);
    }),
    metersByAccount: new DataLoader<number, Meter[]>(async (ids) => {
      const rows = await selectEntities(db, Meter, `SELECT ${entityColumns(db, Meter, 'm')} FROM meters m WHERE m.account_id IN (?) AND m.removed_on IS NULL ORDER BY m.id`, [[...ids]]);
      const grouped = groupBy(rows, (m) => m.accountId);
      return ids.map((id) => grouped.get(id) ?? []);
    }),
  };
  return loaders;
}

export type Loaders = ReturnType<typeof createLoaders>;
