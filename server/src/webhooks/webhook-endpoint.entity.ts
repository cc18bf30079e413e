import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { WebhookEvent } from '../common/enums';

/**
 * An HTTPS address that receives signed event notifications. It belongs to a subscriber (account_id: its own
 * account's events) or to a staff member (staff_id: every account's events of the kinds it subscribed to), and
 * remembers the API token that created it (api_token_id): once that token is revoked or expired nothing more is
 * delivered. The signing secret is stored encrypted (secret-box.ts). Deleting sets deleted_at.
 */
@ObjectType({ simpleResolvers: true, description: 'An HTTPS address that receives signed event notifications.' })
@Entity('webhook_endpoints')
@Index('ix_webhook_endpoints_account', ['accountId'])
@Index('ix_webhook_endpoints_staff', ['staffId'])
export class WebhookEndpoint {
  @Field(() => ID, { description: "The endpoint's id (for deleteWebhookEndpoint)." })
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  /** The subscriber's account whose events it receives (null for a staff member's endpoint). */
  @Column({ name: 'account_id', type: 'int', unsigned: true, nullable: true })
  accountId: number | null;

  /** The staff member who owns it (null for a subscriber's endpoint). */
  @Column({ name: 'staff_id', type: 'int', unsigned: true, nullable: true })
  staffId: number | null;

  /** The API token it was created with; null: created in a signed-in session. */
  @Column({ name: 'api_token_id', type: 'int', unsigned: true, nullable: true })
  apiTokenId: number | null;

  @Field({ description: 'Where the events are POSTed (https://; plain http:// only where the API allows private addresses).' })
  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Field(() => [WebhookEvent], { description: 'The kinds of event sent to it.' })
  @Column({ type: 'set', enum: WebhookEvent })
  events: WebhookEvent[];

  /** `v1.` + base64url(iv | tag | AES-256-GCM ciphertext) of the signing secret (secret-box.ts). */
  @Column({ name: 'secret_ciphertext', type: 'varchar', length: 255 })
  secretCiphertext: string;

  @Field({ description: 'When it was created.' })
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'Set when the endpoint was switched off after repeated failed deliveries (its owner is e-mailed); null while it is on. Create a new endpoint to receive events again.',
  })
  @Column({ name: 'disabled_at', type: 'datetime', precision: 3, nullable: true })
  disabledAt: Date | null;

  /** Failed attempts since the last delivered one (any delivery to it); reset by a success. */
  @Field(() => Int, { description: 'Failed delivery attempts since the last successful one (12 in a row with a delivery given up switch it off).' })
  @Column({ name: 'consecutive_failures', type: 'int', unsigned: true, default: 0 })
  consecutiveFailures: number;

  @Column({ name: 'deleted_at', type: 'datetime', precision: 3, nullable: true })
  deletedAt: Date | null;
}
