import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ApiScope } from '../common/enums';
import type { SubjectType } from '../auth/refresh-session.entity';

/** An integrator's API token: random, prefixed, stored hashed, scoped, revocable, possibly expiring. */
/** The account ids a token is limited to, stored as JSON text ("[3,7]"). */
const ACCOUNT_IDS = {
  to: (ids: number[] | null | undefined): string | null => (ids ? JSON.stringify(ids) : null),
  from: (text: string | null): number[] | null => (text ? (JSON.parse(text) as unknown[]).map(Number) : null),
};

@ObjectType({ simpleResolvers: true, description: "An integrator's API token (the secret itself is shown only once, when created)." })
@Entity('api_tokens')
@Index('ix_api_tokens_owner', ['ownerType', 'ownerId'])
export class ApiToken {
  @Field(() => ID, { description: "The token's id (for revokeApiToken)." })
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Field({ description: 'The name its owner gave it, e.g. «Шлюз счётчиков».' })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index('uq_api_tokens_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Field(() => [ApiScope], { description: 'What the token may do.' })
  @Column({ type: 'simple-array' })
  scopes: ApiScope[];

  @Column({ name: 'owner_type', type: 'enum', enum: ['SUBSCRIBER', 'STAFF'] })
  ownerType: SubjectType;

  /** The person (subscribers) or the staff member. */
  @Column({ name: 'owner_id', type: 'int', unsigned: true })
  ownerId: number;

  /** A subscriber's: the account the token was made from, its `me` while the person holds it. */
  @Column({ name: 'account_id', type: 'int', unsigned: true, nullable: true })
  accountId: number | null;

  /** A subscriber's: the only accounts the token reaches (ids); null: every account of the person. */
  @Column({ name: 'account_ids', type: 'varchar', length: 2000, nullable: true, transformer: ACCOUNT_IDS })
  accountIds: number[] | null;

  @Field({ description: 'When it was created.' })
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it was last used, to the minute; null: never.' })
  @Column({ name: 'last_used_at', type: 'datetime', precision: 3, nullable: true })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the token stops working; null: it does not expire.' })
  @Column({ name: 'expires_at', type: 'datetime', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'revoked_at', type: 'datetime', precision: 3, nullable: true })
  revokedAt: Date | null;
}
