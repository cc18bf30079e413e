/**
 * Per-request DataLoaders: every relation the schema exposes is loaded in one
 * batched query per kind, whatever the number of parents (no N+1).
 */
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { Meter } from '../readings/meter.entity';
import { groupBy } from '../common/group-by';
import { createReadingLoaders } from '../readings/reading-loaders';
import { createAppealLoaders } from '../appeals/appeal-loaders';


export function createLoaders(db: DataSource, currentPeriod: () => string) {
  return {
    ...createReadingLoaders(db, currentPeriod),
    ...createAppealLoaders(db),
    account: new DataLoader<number, Account | null>(async (ids) => {
      const rows = await db.getRepository(Account).findBy({ id: In([...ids]) });
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
    metersByAccount: new DataLoader<number, Meter[]>(async (ids) => {
      const rows = await db.getRepository(Meter).find({ where: { accountId: In([...ids]) }, order: { id: 'ASC' } });
      const grouped = groupBy(rows, (m) => m.accountId);
      return ids.map((id) => grouped.get(id) ?? []);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
