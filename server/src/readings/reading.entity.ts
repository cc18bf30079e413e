import { Field, ID, ObjectType } from 'type-graphql';
import { Column, JoinColumn, ManyToOne, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Meter } from './meter.entity';
import { ReadingSource, ReadingStatus } from '../common/enums';
import { PeriodScalar, VolumeScalar } from '../graphql/scalars';

/** One submitted meter reading. Nothing is ever deleted: earlier ones of a period become SUPERSEDED. */
@ObjectType({ simpleResolvers: true })
@Entity('readings')
@Index('ix_readings_meter_period', ['meterId', 'period', 'id'])
@Index('ix_readings_review', ['status', 'flagged', 'submittedAt'])
export class Reading {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ unsigned: true, type: 'bigint' })
  id: string;

  @Column({ name: 'meter_id', type: 'int', unsigned: true })
  meterId: number;

  @ManyToOne(() => Meter, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'meter_id' })
  meterRow?: Meter;

  @Field(() => PeriodScalar)
  @Column({ type: 'char', length: 7 })
  period: string;

  @Field(() => VolumeScalar)
  @Column({ type: 'decimal', precision: 11, scale: 3 })
  value: string;

  /** value minus the previous period's accepted value, fixed at submission. */
  @Column({ type: 'decimal', precision: 11, scale: 3, nullable: true })
  consumption: string | null;

  @Field(() => ReadingStatus)
  @Column({ type: 'enum', enum: ReadingStatus, default: ReadingStatus.PENDING })
  status: ReadingStatus;

  @Field(() => ReadingSource)
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

  @Field()
  @Column({ name: 'submitted_at', type: 'datetime', precision: 3 })
  submittedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'reviewed_at', type: 'datetime', precision: 3, nullable: true })
  reviewedAt: Date | null;

  @Column({ name: 'reviewed_by', type: 'int', unsigned: true, nullable: true })
  reviewedBy: number | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'rejection_reason', type: 'varchar', length: 500, nullable: true })
  rejectionReason: string | null;
}
