import { Field, ID, InputType } from 'type-graphql';
import { connectionTypes } from '../common/pagination';
import { VolumeScalar } from '../common/scalars';
import { Reading } from './reading.entity';

@InputType({ description: "One meter's reading (показания) for the current period." })
export class ReadingInput {
  @Field(() => ID, { description: "The meter (Meter.id, e.g. from myMeters); each meter at most once per call." }) meterId: string;
  @Field(() => VolumeScalar, {
    description:
      'What the meter shows, m³: at most 5 integer and 3 fraction digits, leading zeros allowed, e.g. "241", "00241.375" (a decimal comma is taken too). ' +
      'Not below the last accepted value (READING_BELOW_PREVIOUS), unless the counter passed 99 999,999 and started again from 0.',
  })
  value: string;
}

export const { Edge: ReadingEdge, Connection: ReadingConnection } = connectionTypes(Reading, 'Reading', 'readings');
