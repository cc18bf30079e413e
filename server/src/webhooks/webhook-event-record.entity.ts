import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { WebhookEvent } from '../common/enums';

/**
 * One event to tell webhook endpoints about, written in the transaction of the change it reports (so a
 * rolled-back change reports nothing), with the exact JSON body every delivery and retry sends.
 * Written only when at least one endpoint is to receive it.
 */
@Entity('webhook_events')
@Index('ix_webhook_events_account', ['accountId', 'createdAt'])
export class WebhookEventRecord {
  /** `evt_` + a random UUID: the same in every retry, so a receiver can drop duplicates. */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  @Column({ type: 'enum', enum: WebhookEvent })
  type: WebhookEvent;

  /** The account it is about; null for a period-level event (staff endpoints). */
  @Column({ name: 'account_id', type: 'int', unsigned: true, nullable: true })
  accountId: number | null;

  /** The body POSTed, JSON. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
