import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The person who signs in (#15): one password for every account they hold (accounts.subscriber_id).
 * Registration makes one with its first account; linkAccount adds more. E-mail and phone stay on the accounts
 * and are kept the same on all of a person's accounts (AccountService.updateSettings, linking).
 */
@Entity('subscribers')
export class Subscriber {
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'password_changed_at', type: 'datetime', precision: 3 })
  passwordChangedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
