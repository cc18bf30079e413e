import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DecimalScalar } from '../common/scalars';

/**
 * One account's share of a card payment split over several of a person's accounts (#15): one gateway payment,
 * one PAYMENT ledger line per account when it succeeds. A payment for one account has no parts.
 */
@ObjectType({ simpleResolvers: true, description: "One account's share of a card payment split over several of the person's accounts." })
@Entity('card_payment_parts')
export class CardPaymentPart {
  @PrimaryColumn({ name: 'payment_id', type: 'char', length: 36 })
  paymentId: string;

  @PrimaryColumn({ name: 'account_id', type: 'int', unsigned: true })
  accountId: number;

  @Field({ description: 'The account number this share pays for.' })
  accountNumber: string;

  @Field(() => DecimalScalar, { description: 'Rubles credited to that account.' })
  @Column({ type: 'decimal', precision: 14, scale: 2 })
  amount: string;

  /** Its PAYMENT ledger line, once the payment succeeded. */
  @Column({ name: 'ledger_entry_id', type: 'bigint', unsigned: true, nullable: true })
  ledgerEntryId: string | null;
}
