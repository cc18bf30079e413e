import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Account } from '../accounts/account.entity';
import { Access } from '../auth/access';
import { ApiScope } from '../common/enums';
import type { Context } from '../graphql/context';
import { DecimalScalar, PeriodScalar } from '../common/scalars';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { CardPayment } from './card-payment.entity';
import { paymentDocumentPdfUrl } from './payment-document.service';
import type { RecordedPaymentResult } from './payment-recording.service';
import { PaymentDocument, PaymentPartInput, RecordedPayment, RecordPaymentInput } from './payment.types';
import { CardPaymentPart } from './card-payment-part.entity';

@Resolver(() => CardPayment)
export class PaymentResolver {
  /** Only the subscriber's own session starts a card payment, never an API token. */
  @Authorized(['SUBSCRIBER'])
  @Mutation(() => CardPayment, {
    description:
      "Starts a card payment for the signed-in subscriber's account: a PENDING PaymentIntent whose confirmationUrl is the card gateway's page. " +
      "The payment is credited once the gateway's webhook confirms it; follow it with payment(id). SERVICE_UNAVAILABLE when the gateway cannot start it.",
  })
  async startCardPayment(
    @Arg('amount', () => DecimalScalar, { description: 'Rubles to pay: 1.00 to 500 000.00, at most two fraction digits (with parts: their sum).' }) amount: string,
    @Arg('accountNumber', () => String, { nullable: true, description: "Which of the person's accounts it pays for; omitted: the signed-in one." })
    accountNumber: string | null,
    @Arg('parts', () => [PaymentPartInput], {
      nullable: true,
      description: "One payment split over several of the person's accounts (1–20, each at least 1.00): each share is credited to its account.",
    })
    parts: PaymentPartInput[] | null,
    @Ctx() ctx: Context,
  ): Promise<CardPayment> {
    const accounts = ctx.services.accounts;
    const shares = parts
      ? await Promise.all(parts.map(async (p, i) => ({ account: await accounts.ownAccountByNumber(ctx.viewer, p.accountNumber, `parts.${i}.accountNumber`), rawAmount: p.amount })))
      : null;
    const account = await accounts.ownAccountByNumber(ctx.viewer, accountNumber, 'accountNumber');
    return ctx.services.cardPayments.start(account.id, amount, shares);
  }

  @FieldResolver(() => [CardPaymentPart], { description: "A split payment's shares, one per account, by account number; empty for a payment of one account." })
  parts(@Root() payment: CardPayment, @Ctx() ctx: Context): Promise<CardPaymentPart[]> {
    return ctx.services.cardPayments.partsOf(payment.id);
  }

  @FieldResolver(() => String, { description: 'The account it pays for (a split payment: its first account by number).' })
  async accountNumber(@Root() payment: CardPayment, @Ctx() ctx: Context): Promise<string> {
    return (await ctx.loaders.account.load(payment.accountId))?.number ?? '';
  }

  @Authorized(Access.subscriber(ApiScope.ACCOUNT_READ))
  @Query(() => CardPayment, { nullable: true, description: "One of the signed-in person's card payments (any of their accounts): PENDING until the gateway's verdict." })
  async payment(
    @Arg('id', () => ID, { description: "The PaymentIntent's id from startCardPayment; another person's or an unknown id is NOT_FOUND." }) id: string,
    @Ctx() ctx: Context,
  ): Promise<CardPayment> {
    const reachable = await ctx.services.accounts.reachableAccounts(ctx.services.accounts.subscriberOf(ctx.viewer));
    return ctx.services.cardPayments.forAccounts(reachable.map((a) => a.id), id);
  }

  @Authorized(Access.staff(ApiScope.PAYMENTS_WRITE))
  @Mutation(() => LedgerEntry, {
    description:
      "Staff (PAYMENTS_WRITE): credits a payment a bank or an aggregator received. Idempotent on externalId: the same id with the same " +
      'account, amount and paidOn answers the entry already recorded; with other data it is a PAYMENT_CONFLICT (extensions.recorded). ' +
      'recordPayments([one]) also says whether it was replayed.',
  })
  recordPayment(
    @Arg('input', () => RecordPaymentInput, { description: 'The payment: account, amount, day paid and the payer bank\'s id.' }) input: RecordPaymentInput,
    @Ctx() ctx: Context,
  ): Promise<LedgerEntry> {
    return ctx.services.recordedPayments.record(input, ctx.viewer);
  }

  // scope: PAYMENTS_WRITE
  @Authorized(Access.staff(ApiScope.PAYMENTS_WRITE))
  @Mutation(() => [RecordedPayment], {
    description:
      'Staff (PAYMENTS_WRITE): up to 500 payments in one call; each is idempotent on its externalId. All or nothing: when any item is bad ' +
      '(BAD_USER_INPUT, NOT_FOUND for an unknown account, PAYMENT_CONFLICT for an externalId recorded with other data) nothing is written, ' +
      'the error names the first bad item (extensions.field "input.17.amount", extensions.index) and extensions.problems lists every bad item. ' +
      'Otherwise every item is answered in order; a retried call replays what was recorded (replayed: true) and records the rest. ' +
      'The same externalId twice in a call with the same data is answered twice (the second replayed), with other data it is a PAYMENT_CONFLICT.',
  })
  recordPayments(
    @Arg('input', () => [RecordPaymentInput], {
      validate: false,
      description: 'The payments, at most 500; each checked by the rules of recordPayment, errors named input.<index>.<field>.',
    })
    input: RecordPaymentInput[],
    @Ctx() ctx: Context,
  ): Promise<RecordedPaymentResult[]> {
    return ctx.services.recordedPayments.recordMany(input, ctx.viewer);
  }

  // scope: PAYMENTS_WRITE
  @Authorized(Access.staff(ApiScope.PAYMENTS_WRITE))
  @Query(() => LedgerEntry, {
    nullable: true,
    description: "Staff (PAYMENTS_WRITE): the payment recorded under a bank's id, if any (null also when the id belongs to a charge, not a payment).",
  })
  paymentByExternalId(
    @Arg('externalId', () => String, { description: "The payer bank's or aggregator's id, as sent in RecordPaymentInput.externalId or a registry's external_id." })
    externalId: string,
    @Ctx() ctx: Context,
  ): Promise<LedgerEntry | null> {
    return ctx.services.recordedPayments.byExternalId(externalId);
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
    @Arg('period', () => PeriodScalar, {
      nullable: true,
      description: 'The billing month; omitted: the latest month with charges. A month without charges is NOT_FOUND (field period).',
    })
    period: string | null | undefined,
    @Arg('amount', () => DecimalScalar, { nullable: true, description: 'The amount the subscriber chose to pay, 1 to 500 000 ₽.' }) amount: string | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<PaymentDocument> {
    const summary = await ctx.services.paymentDocuments.summary(account, period, amount);
    // The link names the account unless it is the one signed in with (staff always; a person's other accounts too, #15).
    const named = ctx.viewer.kind !== 'subscriber' || ctx.viewer.accountId !== account.id;
    return { ...summary, pdfUrl: paymentDocumentPdfUrl(summary.period, named ? account.number : null, summary.amountChosen ? summary.amount : null) };
  }
}
