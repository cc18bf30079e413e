import { Length, MaxLength } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { DateScalar, DecimalScalar, PeriodScalar } from '../common/scalars';
import { LedgerEntry } from '../ledger/ledger-entry.entity';

@ObjectType({ simpleResolvers: true, description: 'A payment document (квитанция) for one billing month.' })
export class PaymentDocument {
  @Field(() => PeriodScalar, { description: 'The billing month of the document: its charges, recalculations, penalties and readings are listed.' })
  period: string;

  @Field(() => DecimalScalar, {
    description: 'The total to pay: what is owed on the document\'s date (the balance then; "0.00" in advance), or the amount the subscriber chose.',
  })
  amount: string;

  @Field(() => DateScalar, { description: "The document's date (today, in the utility's time zone): the balance is taken on it." })
  issuedOn: string;

  @Field(() => DecimalScalar, { description: 'What is owed on issuedOn: max(balance, 0).' })
  amountDue: string;

  @Field(() => DecimalScalar, { description: 'The advance on issuedOn: max(-balance, 0). The QR then has no Sum unless an amount was chosen.' })
  advance: string;

  @Field({ description: 'True when amount is the one the subscriber chose (paymentDocument(amount:)), not amountDue.' })
  amountChosen: boolean;

  @Field({ description: 'Payment QR payload in the GOST R 56042-2014 format, starting with ST00012.' })
  qrPayload: string;

  @Field({ description: 'HTTP(S) address of the PDF; needs the same Authorization header as the API.' })
  pdfUrl: string;
}

@InputType({ description: 'A payment a bank or an aggregator received for an account.' })
export class RecordPaymentInput {
  @Field({ description: 'The account paid for (лицевой счёт), 8–20 digits; spaces and dashes are ignored. An account not loaded is NOT_FOUND.' })
  @MaxLength(40, { message: 'Лицевой счёт — не длиннее 40 символов.' })
  accountNumber: string;

  @Field(() => DecimalScalar, { description: 'Rubles received: positive, at most two fraction digits, up to 10 000 000.00, e.g. "1044.02".' })
  amount: string;

  @Field(() => DateScalar, { description: "The day it was paid (the utility's local date), not later than today; the ledger entry is dated it." })
  paidOn: string;

  @Field({ description: "The payer bank's or aggregator's id; the same id is recorded once. Ids beginning with close: or penalty: are the month close's own and are refused." })
  @Length(1, 64, { message: 'Идентификатор платежа (externalId) — от 1 до 64 символов.' })
  externalId: string;
}

@ObjectType({
  simpleResolvers: true,
  description: 'One payment of recordPayments, in the order sent: its ledger entry, and whether it had already been recorded.',
})
export class RecordedPayment {
  @Field(() => LedgerEntry, { description: 'The PAYMENT ledger entry recorded under the externalId: written now, or the one recorded earlier.' })
  entry: LedgerEntry;

  @Field({ description: 'True when this externalId had already been recorded with the same data: nothing new was written.' })
  replayed: boolean;
}

@InputType({ description: "One account's share of a card payment split over several of the person's accounts (#15)." })
export class PaymentPartInput {
  @Field({ description: "One of the person's account numbers." })
  @MaxLength(40, { message: 'Номер лицевого счёта слишком длинный.' })
  accountNumber: string;

  @Field(() => DecimalScalar, { description: 'Rubles for that account: at least 1.00, at most two fraction digits.' })
  amount: string;
}
