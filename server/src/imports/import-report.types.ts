import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum ImportLineStatus {
  SKIPPED = 'SKIPPED',
  REFUSED = 'REFUSED',
}
registerEnumType(ImportLineStatus, {
  name: 'ImportLineStatus',
  description: 'What became of a line of an upload that was not loaded.',
  valuesConfig: {
    SKIPPED: { description: 'Already loaded (the same external_id with the same data): nothing to do.' },
    REFUSED: { description: 'Not loaded: the message says which column is wrong and how to fix it.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'A line of an upload that was not loaded.' })
export class RegistryImportLine {
  @Field(() => Int, { description: 'Line number in the file (the header is line 1).' })
  line: number;

  @Field(() => ImportLineStatus, { description: 'SKIPPED or REFUSED.' })
  status: ImportLineStatus;

  @Field({ description: 'Why, in Russian, naming the column at fault.' })
  message: string;
}

@ObjectType({ simpleResolvers: true, description: 'The outcome of an upload (bank registry or charges): counts, and every line not loaded.' })
export class RegistryImportReport {
  @Field(() => Int, { description: 'Lines recorded now as new ledger entries.' })
  loaded: number;

  @Field(() => Int, { description: 'Lines already recorded (same external_id, same data): left as they were.' })
  skipped: number;

  @Field(() => Int, { description: 'Lines not recorded because of an error in the line or a conflicting external_id.' })
  refused: number;

  @Field(() => [RegistryImportLine], { description: 'Every skipped or refused line, by line number.' })
  lines: RegistryImportLine[];
}
