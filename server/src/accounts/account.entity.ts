import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A subscriber's personal account (лицевой счёт), loaded from the utility's billing system. */
@ObjectType({ simpleResolvers: true, description: "A subscriber's personal account (лицевой счёт)." })
@Entity('accounts')
/** Staff search lists matches by name (accounts/account-search.ts): walked in this order when a query matches many. */
@Index('ix_accounts_name', ['lastName', 'firstName', 'id'])
export class Account {
  @Field(() => ID, { description: "The account's id in the API (not the account number)." })
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Field({ description: 'Account number from the bill, digits only.' })
  @Index('uq_accounts_number', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  number: string;

  @Field(() => String, { nullable: true, description: 'Unified housing-and-utilities account number, if known.' })
  @Column({ name: 'unified_number', type: 'varchar', length: 10, nullable: true })
  unifiedNumber: string | null;

  @Field({ description: "The subscriber's last name («Фамилия»), from the utility's billing system or as typed at registration." })
  @Column({ name: 'last_name', type: 'varchar', length: 100 })
  lastName: string;

  @Field({ description: "The subscriber's first name («Имя»)." })
  @Column({ name: 'first_name', type: 'varchar', length: 100 })
  firstName: string;

  @Field(() => String, { nullable: true, description: "The subscriber's middle name («Отчество»); null when there is none." })
  @Column({ name: 'middle_name', type: 'varchar', length: 100, nullable: true })
  middleName: string | null;

  @Field({ description: 'The supplied premises\' address, as the utility writes it, e.g. «г. Апатиты, ул. Ленина, д. 1, кв. 1».' })
  @Column({ type: 'varchar', length: 255 })
  address: string;

  @Field(() => String, { nullable: true, description: "The subscriber's e-mail, where passwords, reset links and notices go; null when unknown." })
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true, description: "The subscriber's mobile phone («Сотовый телефон») as +7 and 10 digits, e.g. \"+79111234567\"; null when unknown." })
  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  @Field({ description: "The subscriber's choice «Присылать квитанцию на email» (needs an e-mail)." })
  @Column({ name: 'receipt_by_email', type: 'boolean', default: false })
  receiptByEmail: boolean;

  @Field({ description: "The subscriber's choice «Присылать бумажную квитанцию»." })
  @Column({ name: 'paper_receipt', type: 'boolean', default: true })
  paperReceipt: boolean;

  /** Printed on the bill; needed to register. 12 digits, stored without dashes. */
  @Column({ name: 'activation_code', type: 'char', length: 12 })
  activationCode: string;

  @Field(() => Number, { description: 'Number of registered residents (for charges by norm).' })
  @Column({ type: 'smallint', unsigned: true, default: 1 })
  residents: number;

  @Field(() => Int, { description: 'Number of owners: charges by norm use it when no resident is registered (ПП №354 п.56(2)).' })
  @Column({ type: 'smallint', unsigned: true, default: 1 })
  owners: number;

  /** The person who holds the account and signs in to it (#15); null while it is not registered. */
  @Index('ix_accounts_subscriber')
  @Column({ name: 'subscriber_id', type: 'int', unsigned: true, nullable: true })
  subscriberId: number | null;

  @Column({ name: 'registered_at', type: 'datetime', precision: 3, nullable: true })
  registeredAt: Date | null;

  @Column({ name: 'terms_accepted_at', type: 'datetime', precision: 3, nullable: true })
  termsAcceptedAt: Date | null;

  @Column({ name: 'terms_version', type: 'varchar', length: 20, nullable: true })
  termsVersion: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
