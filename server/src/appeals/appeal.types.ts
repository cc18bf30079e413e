/** GraphQL types of the «виртуальная приёмная»: the appeal input and the appeals' connection. */
import { Field, InputType } from 'type-graphql';
import { connectionTypes } from '../common/pagination';
import { Appeal } from './appeal.entity';

@InputType({ description: 'A new appeal to the «виртуальная приёмная».' })
export class CreateAppealInput {
  /** Checked by AppealService (trimmed, control characters removed, 1..500 code points). */
  @Field({ description: 'At most 500 characters.' })
  text: string;
}

export const { Edge: AppealEdge, Connection: AppealConnection } = connectionTypes(Appeal, 'Appeal', 'appeals');
export type AppealConnection = InstanceType<typeof AppealConnection>;
