import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One staff action: who, what, when, and the values before and after. Never updated or deleted. */
@ObjectType({ simpleResolvers: true, description: 'A staff action: who, what, when, the values before and after.' })
@Entity('audit_log')
@Index('ix_audit_created', ['createdAt'])
@Index('ix_audit_entity', ['entityType', 'entityId'])
@Index('ix_audit_staff', ['staffId', 'createdAt'])
export class AuditEntry {
  @Field(() => ID, { description: 'The entry; larger ids are newer.' })
  @PrimaryGeneratedColumn({ unsigned: true, type: 'bigint' })
  id: string;

  @Column({ name: 'staff_id', type: 'int', unsigned: true, nullable: true })
  staffId: number | null;

  @Column({ name: 'api_token_id', type: 'int', unsigned: true, nullable: true })
  apiTokenId: number | null;

  @Field({ description: 'e.g. reading.review, appeal.reply, payment.record, tariff.set, period.close' })
  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Field({ description: 'What was changed: reading, appeal, ledger_entry, payment_registry, charges_file, tariff, billing_period…' })
  @Column({ name: 'entity_type', type: 'varchar', length: 32 })
  entityType: string;

  @Field({ description: 'Which one: its id (a ledger entry id, a reading id…; the SHA-256 of an uploaded file).' })
  @Column({ name: 'entity_id', type: 'varchar', length: 64 })
  entityId: string;

  @Column({ name: 'before_value', type: 'json', nullable: true })
  before: unknown;

  @Column({ name: 'after_value', type: 'json', nullable: true })
  after: unknown;

  @Field({ description: 'When the action was done.' })
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
