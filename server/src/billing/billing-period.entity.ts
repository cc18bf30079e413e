import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DecimalScalar, PeriodScalar } from '../graphql/scalars';

/** A billing month that has been closed: charges and penalties were accrued once. */
@ObjectType({ description: 'A closed billing month.' })
@Entity('billing_periods')
export class BillingPeriod {
  @Field(() => PeriodScalar)
  @PrimaryColumn({ type: 'char', length: 7 })
  period: string;

  @Field({ description: 'CLOSING while the close runs, CLOSED when done.' })
  @Column({ type: 'enum', enum: ['CLOSING', 'CLOSED'], default: 'CLOSING' })
  status: 'CLOSING' | 'CLOSED';

  @Field()
  @Column({ name: 'started_at', type: 'datetime', precision: 3 })
  startedAt: Date;

  @Field(() => Date, { nullable: true })
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
}
