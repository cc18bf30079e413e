import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../common/pagination';
import { DecimalScalar } from '../graphql/scalars';
import { LedgerEntry } from './ledger-entry.entity';

export enum SortOrder {
  DESC = 'DESC',
  ASC = 'ASC',
}
registerEnumType(SortOrder, { name: 'SortOrder', description: 'Order by date: newest first (DESC) or oldest first (ASC).' });

@ObjectType('LedgerEdge', { simpleResolvers: true })
export class LedgerEdge {
  @Field() cursor: string;
  @Field(() => LedgerEntry) node: LedgerEntry;
}

@ObjectType({ simpleResolvers: true })
export class LedgerConnection {
  @Field(() => [LedgerEdge]) edges: LedgerEdge[];
  @Field(() => [LedgerEntry]) nodes: LedgerEntry[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
  @Field(() => DecimalScalar, { description: 'Balance just before the range.' }) openingBalance: string;
  @Field(() => DecimalScalar, { description: 'Balance at the end of the range.' }) closingBalance: string;
  @Field(() => DecimalScalar, { description: 'Sum of CHARGE, RECALCULATION and PENALTY amounts in the range.' }) totalCharged: string;
  @Field(() => DecimalScalar, { description: 'Sum of PAYMENT amounts in the range, as a positive number.' }) totalPaid: string;
}
