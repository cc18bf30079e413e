import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One event's delivery to one endpoint, with its retries. Due while next_attempt_at is set and past; a
 * dispatcher claims it (SELECT … FOR UPDATE SKIP LOCKED) by moving next_attempt_at forward by a lease and
 * writing its claim id, so no two dispatchers send it at once. Delivered: delivered_at; given up: given_up_at;
 * both leave next_attempt_at null.
 */
@Entity('webhook_deliveries')
@Index('ix_webhook_deliveries_due', ['nextAttemptAt'])
@Index('ix_webhook_deliveries_endpoint', ['endpointId', 'id'])
@Index('ix_webhook_deliveries_event', ['eventId'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn({ unsigned: true, type: 'bigint' })
  id: string;

  @Column({ name: 'event_id', type: 'varchar', length: 40 })
  eventId: string;

  @Column({ name: 'endpoint_id', type: 'int', unsigned: true })
  endpointId: number;

  @Column({ type: 'smallint', unsigned: true, default: 0 })
  attempts: number;

  /** HTTP status of the last attempt; null when no answer came. */
  @Column({ name: 'last_status', type: 'smallint', unsigned: true, nullable: true })
  lastStatus: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ name: 'last_attempt_at', type: 'datetime', precision: 3, nullable: true })
  lastAttemptAt: Date | null;

  /** When the next attempt is due (or, while claimed, when the claim lapses); null when delivered or given up. */
  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3, nullable: true })
  nextAttemptAt: Date | null;

  /** The claim of the dispatcher sending it now (cleared when the attempt is recorded). */
  @Column({ name: 'claimed_by', type: 'char', length: 36, nullable: true })
  claimedBy: string | null;

  @Column({ name: 'delivered_at', type: 'datetime', precision: 3, nullable: true })
  deliveredAt: Date | null;

  @Column({ name: 'given_up_at', type: 'datetime', precision: 3, nullable: true })
  givenUpAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
