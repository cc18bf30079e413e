import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Account } from '../accounts/account.entity';
import { Access } from '../auth/access';
import { ApiScope } from '../common/enums';
import type { Context } from '../graphql/context';
import { DecimalScalar, PeriodScalar } from '../graphql/scalars';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { CardPayment } from './card-payment.entity';
import { paymentDocumentPdfUrl } from './payment-document.service';
import { PaymentDocument, RecordPaymentInput } from './payment.types';

@Resolver(() => CardPayment)
export class PaymentResolver {
  /** Only the subscriber's own session starts a card payment, never an API token. */
  @Authorized(['SUBSCRIBER'])
  @Mutation(() => CardPayment)
  startCardPayment(@Arg('amount', () => DecimalScalar) amount: string, @Ctx() ctx: Context): Promise<CardPayment> {
    return ctx.services.cardPayments.start(ctx.services.accounts.ownAccountId(ctx.viewer), amount);
  }

  @Authorized(Access.subscriber(ApiScope.ACCOUNT_READ))
  @Query(() => CardPayment, { nullable: true, description: "One of the signed-in subscriber's card payments: PENDING until the gateway's verdict." })
  payment(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<CardPayment> {
    return ctx.services.cardPayments.forAccount(ctx.services.accounts.ownAccountId(ctx.viewer), id);
  }

  @Authorized(Access.staff())
  @Mutation(() => LedgerEntry, { description: 'Staff or an OPERATOR-scoped token. Idempotent on externalId.' })
  recordPayment(@Arg('input', () => RecordPaymentInput) input: RecordPaymentInput, @Ctx() ctx: Context): Promise<LedgerEntry> {
    return ctx.services.recordedPayments.record(input, ctx.viewer);
  }
}

@Resolver(() => Account)
export class PaymentDocumentResolver {
  @Authorized(Access.subscriberOrStaff(ApiScope.ACCOUNT_READ))
  @FieldResolver(() => PaymentDocument, {
    description:
      'The payment document (квитанция) for a billing month; the latest month with charges when period is omitted. Its total is what is owed on ' +
      'its date; with amount, the document and its QR code ask that amount instead («Сумму можно изменить»).',
  })
  async paymentDocument(
    @Root() account: Account,
    @Arg('period', () => PeriodScalar, { nullable: true }) period: string | null | undefined,
    @Arg('amount', () => DecimalScalar, { nullable: true, description: 'The amount the subscriber chose to pay, 1 to 500 000 ₽.' }) amount: string | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<PaymentDocument> {
    const summary = await ctx.services.paymentDocuments.summary(account, period, amount);
    const forStaff = ctx.viewer.kind === 'staff';
    return { ...summary, pdfUrl: paymentDocumentPdfUrl(summary.period, forStaff ? account.number : null, summary.amountChosen ? summary.amount : null) };
  }
}
