import { Field, ID, ObjectType } from 'type-graphql';
import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { BillingMethod, BillingService, LedgerEntryKind } from '../common/enums';
import { DateScalar, DecimalScalar, PeriodScalar, VolumeScalar } from '../common/scalars';

/** One line of the account's ledger: a charge, recalculation, penalty or payment. */
@ObjectType({
  simpleResolvers: true,
  description: "A line of an account's ledger («Начисления и платежи»): a charge, recalculation, penalty or payment. The balance is the sum of the amounts.",
})
@Entity('ledger_entries')
/** An account's lines by date (the ledger page, the balance) and the month's close (debts, payments, past charges): from the index alone. */
@Index('ix_ledger_account_cover', ['accountId', 'date', 'kind', 'amount', 'period', 'service', 'billingMethod', 'volume'])
@Index('uq_ledger_external_id', ['externalId'], { unique: true })
export class LedgerEntry {
  @Field(() => ID, { description: "The entry's id; larger ids were recorded later." })
  @PrimaryGeneratedColumn({ unsigned: true, type: 'bigint' })
  id: string;

  @Column({ name: 'account_id', type: 'int', unsigned: true })
  accountId: number;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;

  @Field(() => DateScalar, {
    description:
      "The entry's date in the utility's time zone, by which the ledger is ranged and ordered: a month's charges, recalculations and penalties " +
      'are dated its last day; a payment, the day it was paid.',
  })
  @Column({ type: 'date' })
  date: string;

  @Field(() => LedgerEntryKind, { description: 'Charge, recalculation, penalty or payment.' })
  @Column({ type: 'enum', enum: LedgerEntryKind })
  kind: LedgerEntryKind;

  @Field(() => PeriodScalar, {
    nullable: true,
    description: 'The billing month the entry belongs to: the month charged, or for a payment the month it was paid in; null when it has none.',
  })
  @Column({ type: 'char', length: 7, nullable: true })
  period: string | null;

  @Field({
    description:
      'The line as the subscriber sees it, in Russian, up to 255 characters, e.g. «Холодное водоснабжение: … м³ × … ₽ (по показаниям)», ' +
      '«Оплата через банк», «Оплата банковской картой», «Пени: …».',
  })
  @Column({ type: 'varchar', length: 255 })
  description: string;

  @Field(() => DecimalScalar, {
    description: 'Signed effect on the balance: charges and penalties positive, payments negative, recalculations either.',
  })
  @Column({ type: 'decimal', precision: 14, scale: 2 })
  amount: string;

  /** For charges by service: which service, the volume charged and the tariff applied. */
  @Field(() => BillingService, { nullable: true, description: "A charge by service: which one (null for payments, penalties and lines without a service)." })
  @Column({ type: 'enum', enum: ['COLD_WATER', 'HOT_WATER', 'WASTEWATER'], nullable: true })
  service: 'COLD_WATER' | 'HOT_WATER' | 'WASTEWATER' | null;

  @Field(() => VolumeScalar, { nullable: true, description: 'A charge by service: the volume charged, m³.' })
  @Column({ type: 'decimal', precision: 11, scale: 3, nullable: true })
  volume: string | null;

  /** For charges by service: how the volume was found (ACTUAL, AVERAGE, NORM). */
  @Field(() => BillingMethod, { nullable: true, description: 'A charge by service: how the volume was found.' })
  @Column({ name: 'billing_method', type: 'enum', enum: ['ACTUAL', 'AVERAGE', 'NORM'], nullable: true })
  billingMethod: 'ACTUAL' | 'AVERAGE' | 'NORM' | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'A charge by service: the tariff applied, ₽ per m³.' })
  @Column({ type: 'decimal', precision: 10, scale: 2, nullable: true })
  tariff: string | null;

  /** A cold or hot water line: the part of its volume that counts for wastewater (the volume without the increasing factor). */
  @Column({ name: 'wastewater_volume', type: 'decimal', precision: 11, scale: 3, nullable: true })
  wastewaterVolume: string | null;

  /** A payment's bank/aggregator id, or a charge's id in the billing system: recorded once. */
  @Column({ name: 'external_id', type: 'varchar', length: 64, nullable: true })
  externalId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
