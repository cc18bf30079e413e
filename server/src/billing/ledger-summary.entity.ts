/**
 * The tables of the close's ledger summaries (ledger-summaries.ts; migration 1795572800000-LedgerSummaries), described
 * for the schema's checks: they are read and written in SQL by the close, and ledger_changes by triggers.
 */
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Per account, its lines dated up to `through` summed, as the close keeps them for the next. */
@Entity('ledger_summaries')
export class LedgerSummaryRow {
  @PrimaryColumn({ name: 'account_id', type: 'int', unsigned: true })
  accountId: number;

  @Column({ type: 'date' })
  through: string;

  @Column({ type: 'char', length: 7 })
  lumped: string;

  /** The summary as text (ledger-summaries.ts encode). */
  @Column({ type: 'text' })
  sums: string;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)', onUpdate: 'CURRENT_TIMESTAMP(3)' })
  updatedAt: Date;
}

/** A ledger line written, changed or deleted outside the close, with its date (written by triggers; the close deletes the ones it read). */
@Entity('ledger_changes')
@Index('ix_ledger_changes_account', ['accountId', 'date'])
export class LedgerChange {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ name: 'account_id', type: 'int', unsigned: true })
  accountId: number;

  @Column({ type: 'date' })
  date: string;
}
