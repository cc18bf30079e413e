import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type SubjectType = 'SUBSCRIBER' | 'STAFF';

/**
 * One refresh token. Tokens rotate: each refresh marks the old one used and issues
 * a new one in the same family. Presenting a used token again revokes the family.
 */
@Entity('refresh_sessions')
@Index('ix_refresh_sessions_family', ['familyId'])
@Index('ix_refresh_sessions_subject', ['subjectType', 'subjectId'])
/** Each API instance reads the sign-ins revoked lately (auth/revoked-sessions.ts). */
@Index('ix_refresh_sessions_revoked', ['revokedAt'])
export class RefreshSession {
  @PrimaryGeneratedColumn({ unsigned: true, type: 'bigint' })
  id: string;

  @Column({ name: 'family_id', type: 'char', length: 36 })
  familyId: string;

  @Column({ name: 'subject_type', type: 'enum', enum: ['SUBSCRIBER', 'STAFF'] })
  subjectType: SubjectType;

  /** The person (subscribers) or the staff member. */
  @Column({ name: 'subject_id', unsigned: true, type: 'int' })
  subjectId: number;

  /** A subscriber's: the account signed in with (`me`); null for staff. */
  @Column({ name: 'account_id', unsigned: true, type: 'int', nullable: true })
  accountId: number | null;

  /** SHA-256 of the token, hex. The token itself is never stored. */
  @Index('uq_refresh_sessions_token', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'boolean', default: false })
  remember: boolean;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'datetime', precision: 3, nullable: true })
  usedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'datetime', precision: 3, nullable: true })
  revokedAt: Date | null;

  /** When the password was last checked for this sign-in (kept through refreshes): a «fresh sign-in». */
  @Column({ name: 'authenticated_at', type: 'datetime', precision: 3, nullable: true })
  authenticatedAt: Date | null;

  @Column({ name: 'client_ip', type: 'varchar', length: 45, nullable: true })
  clientIp: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
