import { Field, ID, InputType } from 'type-graphql';
import { connectionTypes } from '../common/pagination';
import { VolumeScalar } from '../graphql/scalars';
import { Reading } from './reading.entity';

@InputType()
export class ReadingInput {
  @Field(() => ID) meterId: string;
  @Field(() => VolumeScalar) value: string;
}

export const { Edge: ReadingEdge, Connection: ReadingConnection } = connectionTypes(Reading, 'Reading');
