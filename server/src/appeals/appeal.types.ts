/** GraphQL types of the «виртуальная приёмная»: the appeal input and the appeals' connection. */
import { MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { connectionTypes } from '../common/pagination';
import { Appeal } from './appeal.entity';

@InputType({ description: 'A new appeal to the «виртуальная приёмная».' })
export class CreateAppealInput {
  /** Checked by AppealService (trimmed, control characters removed, 1..500 code points). */
  @Field({ description: 'At most 500 characters.' })
  text: string;

  @Field(() => String, { nullable: true, description: 'The account the appeal is about, when the person holds several; the signed-in account when omitted.' })
  @MaxLength(40, { message: 'Номер лицевого счёта слишком длинный.' })
  accountNumber?: string | null;
}

export const { Edge: AppealEdge, Connection: AppealConnection } = connectionTypes(Appeal, 'Appeal', 'appeals');
export type AppealConnection = InstanceType<typeof AppealConnection>;
