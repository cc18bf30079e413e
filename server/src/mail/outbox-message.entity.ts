import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxStatus = 'PENDING' | 'SENT' | 'FAILED' | 'LOGGED';

/** Every e-mail the portal sends is first written here, then delivered over SMTP. */
@Entity('mail_outbox')
@Index('ix_mail_outbox_status', ['status', 'createdAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn({ unsigned: true, type: 'bigint' })
  id: string;

  @Column({ name: 'to_address', type: 'varchar', length: 254 })
  to: string;

  @Column({ type: 'varchar', length: 255 })
  subject: string;

  @Column({ type: 'text' })
  text: string;

  /** The text carries a password or a link: it is wiped once delivered or given up on. */
  @Column({ name: 'carries_secret', type: 'boolean', default: false })
  sensitive: boolean;

  @Column({ type: 'enum', enum: ['PENDING', 'SENT', 'FAILED', 'LOGGED'], default: 'PENDING' })
  status: OutboxStatus;

  @Column({ type: 'smallint', unsigned: true, default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt: Date | null;
}
