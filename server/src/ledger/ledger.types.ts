import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../common/pagination';
import { DecimalScalar } from '../common/scalars';
import { LedgerEntry } from './ledger-entry.entity';

export enum SortOrder {
  DESC = 'DESC',
  ASC = 'ASC',
}
registerEnumType(SortOrder, {
  name: 'SortOrder',
  description: 'Order by date: newest first (DESC) or oldest first (ASC).',
  valuesConfig: {
    DESC: { description: 'Newest first (the default); entries of one date, the latest recorded first.' },
    ASC: { description: 'Oldest first; entries of one date, the earliest recorded first.' },
  },
});

@ObjectType('LedgerEdge', { simpleResolvers: true, description: 'An item of LedgerConnection, with its cursor.' })
export class LedgerEdge {
  @Field({ description: 'Opaque cursor of this item: pass it as `after` to continue after it.' }) cursor: string;
  @Field(() => LedgerEntry, { description: 'The item.' }) node: LedgerEntry;
}

@ObjectType({
  simpleResolvers: true,
  description:
    "A page of an account's ledger entries over a date range (Relay connection), with the balances and totals of the whole range, not only of the page.",
})
export class LedgerConnection {
  @Field(() => [LedgerEdge], { description: 'The items of the page with their cursors.' }) edges: LedgerEdge[];
  @Field(() => [LedgerEntry], { description: 'The items of the page.' }) nodes: LedgerEntry[];
  @Field(() => PageInfo, { description: 'Whether there are more pages, and the cursors to get them.' }) pageInfo: PageInfo;
  @Field(() => Int, { description: 'How many entries the whole range has.' }) totalCount: number;
  @Field(() => DecimalScalar, { description: 'Balance just before the range.' }) openingBalance: string;
  @Field(() => DecimalScalar, { description: 'Balance at the end of the range.' }) closingBalance: string;
  @Field(() => DecimalScalar, { description: 'Sum of CHARGE, RECALCULATION and PENALTY amounts in the range.' }) totalCharged: string;
  @Field(() => DecimalScalar, { description: 'Sum of PAYMENT amounts in the range, as a positive number.' }) totalPaid: string;
}
