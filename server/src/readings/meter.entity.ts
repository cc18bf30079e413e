import { Field, ID, ObjectType } from 'type-graphql';
import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { MeterKind } from '../common/enums';
import { DateScalar } from '../common/scalars';

/** A water meter (прибор учёта) of an account. */
@ObjectType({ simpleResolvers: true, description: 'A water meter (прибор учёта) of an account, with its verification dates and readings.' })
@Entity('meters')
@Index('ix_meters_account', ['accountId'])
@Index('ix_meters_verification', ['verificationDueOn'])
export class Meter {
  @Field(() => ID, { description: "The meter's id: what submitReadings takes as meterId." })
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ name: 'account_id', type: 'int', unsigned: true })
  accountId: number;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;

  @Field(() => MeterKind, { description: 'Cold or hot water.' })
  @Column({ type: 'enum', enum: MeterKind })
  kind: MeterKind;

  @Field({ description: 'Display name, e.g. «Холодная вода».' })
  @Column({ type: 'varchar', length: 100 })
  title: string;

  @Field({ description: 'The serial number (зав. №), as on the meter, up to 40 characters.' })
  @Column({ name: 'serial_number', type: 'varchar', length: 40 })
  serialNumber: string;

  @Field(() => DateScalar, { description: 'Date the meter was admitted into service (дата допуска).' })
  @Column({ name: 'admitted_on', type: 'date' })
  admittedOn: string;

  @Field(() => DateScalar, { description: 'Date its verification ends (дата окончания поверки).' })
  @Column({ name: 'verification_due_on', type: 'date' })
  verificationDueOn: string;

  /** The reading the meter started from (at installation or replacement). */
  @Column({ name: 'initial_value', type: 'decimal', precision: 11, scale: 3, default: '0.000' })
  initialValue: string;

  /** The day the meter was taken off (replaced); null while it is in service. */
  @Field(() => DateScalar, { nullable: true, description: 'The day the meter was taken off (replaced); null while in service.' })
  @Column({ name: 'removed_on', type: 'date', nullable: true })
  removedOn: string | null;

  /** The day an operator recorded it as failed (ПП №354 п.59 «а»); null when working. */
  @Field(() => DateScalar, { nullable: true, description: 'The day the meter was recorded as failed; its readings are not taken from then on.' })
  @Column({ name: 'failed_on', type: 'date', nullable: true })
  failedOn: string | null;

  /** The meter that replaced this one. */
  @Column({ name: 'replaced_by_id', type: 'int', unsigned: true, nullable: true })
  replacedById: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
