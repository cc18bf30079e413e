import { Field, ID, ObjectType } from 'type-graphql';
import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Appeal } from './appeal.entity';
import { AuthorRole } from '../common/enums';

/** A reply in an appeal's thread, by an operator or by the subscriber. */
@ObjectType({ simpleResolvers: true, description: "A reply in an appeal's thread." })
@Entity('appeal_replies')
@Index('ix_appeal_replies_appeal', ['appealId', 'createdAt'])
export class AppealReply {
  @Field(() => ID, { description: "The reply's id." })
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Column({ name: 'appeal_id', type: 'int', unsigned: true })
  appealId: number;

  @ManyToOne(() => Appeal, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'appeal_id' })
  appealRow?: Appeal;

  @Field(() => AuthorRole, { description: 'Who wrote it: an operator or the subscriber.' })
  @Column({ name: 'author_role', type: 'enum', enum: AuthorRole })
  authorRole: AuthorRole;

  @Column({ name: 'staff_id', type: 'int', unsigned: true, nullable: true })
  staffId: number | null;

  @Field({ description: "The reply's text, 1 to 2 000 characters." })
  @Column({ type: 'varchar', length: 2000 })
  text: string;

  @Field({ description: 'When it was posted.' })
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  /** When the subscriber saw an operator's reply. */
  @Column({ name: 'read_at', type: 'datetime', precision: 3, nullable: true })
  readAt: Date | null;
}
