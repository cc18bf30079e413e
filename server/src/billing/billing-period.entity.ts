import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BillingService } from '../common/enums';
import { DecimalScalar, PeriodScalar } from '../common/scalars';

export enum BillingPeriodStatus {
  CLOSING = 'CLOSING',
  CLOSED = 'CLOSED',
}
registerEnumType(BillingPeriodStatus, {
  name: 'BillingPeriodStatus',
  description: 'Where the close of a billing month is.',
  valuesConfig: {
    CLOSING: { description: 'The close has started and not finished; closing the month again finishes it.' },
    CLOSED: { description: 'Every charge and penalty of the month is in the ledger.' },
  },
});

/** A billing month that has been closed: charges and penalties were accrued once. */
@ObjectType({ simpleResolvers: true, description: 'A billing month being closed (CLOSING, with its progress) or closed.' })
@Entity('billing_periods')
export class BillingPeriod {
  @Field(() => PeriodScalar, { description: 'The month, YYYY-MM.' })
  @PrimaryColumn({ type: 'char', length: 7 })
  period: string;

  @Field(() => BillingPeriodStatus, { description: 'CLOSING while the close runs, CLOSED when done.' })
  @Column({ type: 'enum', enum: BillingPeriodStatus, default: BillingPeriodStatus.CLOSING })
  status: BillingPeriodStatus;

  @Field({ description: 'When the first close of this month started.' })
  @Column({ name: 'started_at', type: 'datetime', precision: 3 })
  startedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the close finished; null while CLOSING.' })
  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ name: 'closed_by', type: 'int', unsigned: true, nullable: true })
  closedBy: number | null;

  @Field(() => Int, { description: 'Accounts charged by this close.' })
  @Column({ name: 'accounts_charged', type: 'int', unsigned: true, default: 0 })
  accountsCharged: number;

  @Field(() => DecimalScalar, { description: 'Sum of the charges and penalties accrued.' })
  @Column({ name: 'total_charged', type: 'decimal', precision: 16, scale: 2, default: '0.00' })
  totalCharged: string;

  @Field(() => Int, { description: "Accounts not charged by this close because the billing system's import already charged them for the month." })
  @Column({ name: 'accounts_imported', type: 'int', unsigned: true, default: 0 })
  accountsImported: number;

  @Field(() => [BillingService], {
    description: "Services not charged because no tariff was in force on the month's first day (wastewater also needs the cold and hot water tariffs, for its volume).",
  })
  @Column({ name: 'skipped_services', type: 'set', enum: BillingService, default: [] })
  skippedServices: BillingService[];

  @Field(() => Int, { description: 'Accounts the close goes through (every account, when its latest run started); accountsDone of it are done.' })
  @Column({ name: 'accounts_total', type: 'int', unsigned: true, default: 0 })
  accountsTotal: number;

  @Field(() => Int, { description: 'Accounts whose batch is committed: charged, recalculated and penalised (or left to an import). Equals accountsTotal once CLOSED.' })
  @Column({ name: 'accounts_done', type: 'int', unsigned: true, default: 0 })
  accountsDone: number;

  /** The last account id of the last batch committed: an interrupted close resumes after it. */
  @Column({ name: 'resume_after_id', type: 'int', unsigned: true, nullable: true })
  resumeAfterId: number | null;

  @Field(() => Date, { nullable: true, description: 'When the latest batch was committed; null before the first.' })
  @Column({ name: 'progress_at', type: 'datetime', precision: 3, nullable: true })
  progressAt: Date | null;

  /** When the latest run of the close started (a resumed close: the resumption), and how much was done then: the pace is this run's. */
  @Column({ name: 'run_started_at', type: 'datetime', precision: 3, nullable: true })
  runStartedAt: Date | null;

  @Column({ name: 'done_at_run_start', type: 'int', unsigned: true, default: 0 })
  doneAtRunStart: number;
}
