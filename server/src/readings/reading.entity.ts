import { Field, ID, ObjectType } from 'type-graphql';
import { Column, JoinColumn, ManyToOne, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Meter } from './meter.entity';
import { ReadingSource, ReadingStatus } from '../common/enums';
import { PeriodScalar, VolumeScalar } from '../common/scalars';

/** One submitted meter reading. Nothing is ever deleted: earlier ones of a period become SUPERSEDED. */
@ObjectType({
  simpleResolvers: true,
  description: 'A meter reading (показания) submitted for a billing month. Nothing is deleted: an earlier one of the same month becomes SUPERSEDED.',
})
@Entity('readings')
// Status and value too: the month close's look-ups of a meter's last ACCEPTED reading stay in the index (migration 1795572700000).
@Index('ix_readings_meter_period', ['meterId', 'period', 'id', 'status', 'value'])
@Index('ix_readings_review', ['status', 'flagged', 'submittedAt'])
export class Reading {
  @Field(() => ID, { description: "The reading's id (reviewReading's readingId)." })
  @PrimaryGeneratedColumn({ unsigned: true, type: 'bigint' })
  id: string;

  @Column({ name: 'meter_id', type: 'int', unsigned: true })
  meterId: number;

  @ManyToOne(() => Meter, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'meter_id' })
  meterRow?: Meter;

  @Field(() => PeriodScalar, { description: "The billing month it is for: the month it was submitted in (the utility's time zone)." })
  @Column({ type: 'char', length: 7 })
  period: string;

  @Field(() => VolumeScalar, { description: 'What the meter showed, m³ (up to 5 integer and 3 fraction digits).' })
  @Column({ type: 'decimal', precision: 11, scale: 3 })
  value: string;

  /** value minus the previous period's accepted value, fixed at submission. */
  @Column({ type: 'decimal', precision: 11, scale: 3, nullable: true })
  consumption: string | null;

  @Field(() => ReadingStatus, { description: "Where it is: PENDING until an operator's review, then ACCEPTED or REJECTED; SUPERSEDED once replaced." })
  @Column({ type: 'enum', enum: ReadingStatus, default: ReadingStatus.PENDING })
  status: ReadingStatus;

  @Field(() => ReadingSource, { description: 'Who sent it: the site, an API token, or an operator.' })
  @Column({ type: 'enum', enum: ReadingSource })
  source: ReadingSource;

  /** Consumption far above the usual: accepted, but put first in the operator's queue. */
  @Field({ description: 'Consumption far above the usual: the operator checks it first.' })
  @Column({ type: 'boolean', default: false })
  flagged: boolean;

  /** Below the previous value because the counter passed 99 999,999 and started again from 0. */
  @Field({ description: 'The counter passed 99 999,999 and started again from 0: consumption counts the turn (flagged for the operator).' })
  @Column({ type: 'boolean', default: false })
  rollover: boolean;

  @Field({ description: 'When it was submitted.' })
  @Column({ name: 'submitted_at', type: 'datetime', precision: 3 })
  submittedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When an operator accepted or rejected it; null until reviewed.' })
  @Column({ name: 'reviewed_at', type: 'datetime', precision: 3, nullable: true })
  reviewedAt: Date | null;

  @Column({ name: 'reviewed_by', type: 'int', unsigned: true, nullable: true })
  reviewedBy: number | null;

  @Field(() => String, { nullable: true, description: "The operator's reason, up to 500 characters, when REJECTED (also e-mailed to the subscriber); null otherwise." })
  @Column({ name: 'rejection_reason', type: 'varchar', length: 500, nullable: true })
  rejectionReason: string | null;
}
