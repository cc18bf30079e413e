import { Field, ID, ObjectType } from 'type-graphql';
import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { PaymentStatus } from '../common/enums';
import { DecimalScalar } from '../common/scalars';

/** A card payment started from the site, until the gateway confirms or declines it. */
@ObjectType('PaymentIntent', { simpleResolvers: true, description: 'A card payment started by the subscriber, and where it is at the card gateway.' })
@Entity('card_payments')
@Index('ix_card_payments_account', ['accountId', 'createdAt'])
export class CardPayment {
  @Field(() => ID, { description: "The payment's id (a UUID), for payment(id)." })
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'account_id', type: 'int', unsigned: true })
  accountId: number;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;

  @Field(() => DecimalScalar, { description: 'Rubles to pay, as asked in startCardPayment.' })
  @Column({ type: 'decimal', precision: 14, scale: 2 })
  amount: string;

  @Field(() => PaymentStatus, { description: "PENDING until the gateway's verdict; then SUCCEEDED (credited) or CANCELED." })
  @Column({ type: 'enum', enum: PaymentStatus, default: PaymentStatus.PENDING })
  status: PaymentStatus;

  @Column({ type: 'varchar', length: 20 })
  gateway: string;

  @Field({ description: 'Where to send the subscriber to pay by card.' })
  @Column({ name: 'confirmation_url', type: 'varchar', length: 500 })
  confirmationUrl: string;

  @Column({ name: 'ledger_entry_id', type: 'bigint', unsigned: true, nullable: true })
  ledgerEntryId: string | null;

  @Field({ description: 'When it was started.' })
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'completed_at', type: 'datetime', precision: 3, nullable: true })
  completedAt: Date | null;
}
