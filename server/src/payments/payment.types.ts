import { Length, MaxLength } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { DateScalar, DecimalScalar, PeriodScalar } from '../graphql/scalars';

@ObjectType({ simpleResolvers: true, description: 'A payment document (квитанция) for one billing month.' })
export class PaymentDocument {
  @Field(() => PeriodScalar)
  period: string;

  @Field(() => DecimalScalar, { description: 'The amount due after the period\'s charges; "0.00" when there is an advance.' })
  amount: string;

  @Field({ description: 'Payment QR payload in the GOST R 56042-2014 format, starting with ST00012.' })
  qrPayload: string;

  @Field({ description: 'HTTP(S) address of the PDF; needs the same Authorization header as the API.' })
  pdfUrl: string;
}

@InputType()
export class RecordPaymentInput {
  @Field()
  @MaxLength(40, { message: 'Лицевой счёт — не длиннее 40 символов.' })
  accountNumber: string;

  @Field(() => DecimalScalar)
  amount: string;

  @Field(() => DateScalar)
  paidOn: string;

  @Field({ description: "The payer bank's or aggregator's id; the same id is recorded once." })
  @Length(1, 64, { message: 'Идентификатор платежа (externalId) — от 1 до 64 символов.' })
  externalId: string;
}
