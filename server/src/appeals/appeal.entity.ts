import { Field, ID, ObjectType } from 'type-graphql';
import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { AppealStatus } from '../common/enums';

/** A message to the «виртуальная приёмная». */
@ObjectType({ simpleResolvers: true, description: "An appeal (обращение) to the «виртуальная приёмная»: the subscriber's text and the operators' replies." })
@Entity('appeals')
@Index('ix_appeals_account', ['accountId', 'createdAt'])
@Index('ix_appeals_status', ['status', 'createdAt'])
@Index('ix_appeals_created', ['createdAt'])
export class Appeal {
  @Field(() => ID, { description: "The appeal's id (replyToAppeal's and closeAppeal's appealId)." })
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ name: 'account_id', type: 'int', unsigned: true })
  accountId: number;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id' })
  accountRow?: Account;

  @Field({ description: "The subscriber's text, 1 to 500 characters (as the «0/500» counter counts them)." })
  @Column({ type: 'varchar', length: 500 })
  text: string;

  @Field(() => AppealStatus, { description: 'OPEN, ANSWERED once an operator replied, CLOSED when closed.' })
  @Column({ type: 'enum', enum: AppealStatus, default: AppealStatus.OPEN })
  status: AppealStatus;

  @Field({ description: 'When it was written.' })
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
