import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Remembers which verification warning (60, 30, 7 days, expired) was e-mailed for a meter, so each goes once. */
@Entity('meter_verification_notices')
@Index('uq_verification_notice', ['meterId', 'thresholdDays'], { unique: true })
export class VerificationNotice {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ name: 'meter_id', type: 'int', unsigned: true })
  meterId: number;

  @Column({ name: 'threshold_days', type: 'smallint' })
  thresholdDays: number;

  @CreateDateColumn({ name: 'sent_at', type: 'datetime', precision: 3 })
  sentAt: Date;
}
