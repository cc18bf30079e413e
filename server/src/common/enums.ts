/** The contract's enums, registered once with type-graphql. */
import { registerEnumType } from 'type-graphql';

export enum MeterKind {
  COLD_WATER = 'COLD_WATER',
  HOT_WATER = 'HOT_WATER',
}
export enum ReadingStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  SUPERSEDED = 'SUPERSEDED',
}
export enum ReadingSource {
  SITE = 'SITE',
  API = 'API',
  OPERATOR = 'OPERATOR',
}
export enum LedgerEntryKind {
  CHARGE = 'CHARGE',
  RECALCULATION = 'RECALCULATION',
  PENALTY = 'PENALTY',
  PAYMENT = 'PAYMENT',
}
export enum AppealStatus {
  OPEN = 'OPEN',
  ANSWERED = 'ANSWERED',
  CLOSED = 'CLOSED',
}
export enum AuthorRole {
  SUBSCRIBER = 'SUBSCRIBER',
  OPERATOR = 'OPERATOR',
}
export enum PaymentStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  CANCELED = 'CANCELED',
}
export enum ApiScope {
  ACCOUNT_READ = 'ACCOUNT_READ',
  READINGS_WRITE = 'READINGS_WRITE',
  APPEALS_WRITE = 'APPEALS_WRITE',
  OPERATOR = 'OPERATOR',
  PAYMENTS_WRITE = 'PAYMENTS_WRITE',
  CHARGES_WRITE = 'CHARGES_WRITE',
  READINGS_REVIEW = 'READINGS_REVIEW',
  APPEALS_REPLY = 'APPEALS_REPLY',
  ACCOUNTS_READ_ANY = 'ACCOUNTS_READ_ANY',
  BILLING_ADMIN = 'BILLING_ADMIN',
  AUDIT_READ = 'AUDIT_READ',
}

/** The scopes of a subscriber's tokens: their own account only. */
export const SUBSCRIBER_SCOPES: readonly ApiScope[] = [ApiScope.ACCOUNT_READ, ApiScope.READINGS_WRITE, ApiScope.APPEALS_WRITE];
/** The narrow scopes of staff tokens; OPERATOR carries all of them. */
export const STAFF_SCOPES: readonly ApiScope[] = [
  ApiScope.PAYMENTS_WRITE, ApiScope.CHARGES_WRITE, ApiScope.READINGS_REVIEW, ApiScope.APPEALS_REPLY,
  ApiScope.ACCOUNTS_READ_ANY, ApiScope.BILLING_ADMIN, ApiScope.AUDIT_READ,
];

/** The utility's services, charged separately. Wastewater (водоотведение) is cold plus hot volume. */
export enum BillingService {
  COLD_WATER = 'COLD_WATER',
  HOT_WATER = 'HOT_WATER',
  WASTEWATER = 'WASTEWATER',
}
/** How a month's volume was found (ПП №354 п.59–60). */
export enum BillingMethod {
  ACTUAL = 'ACTUAL',
  AVERAGE = 'AVERAGE',
  NORM = 'NORM',
}

registerEnumType(MeterKind, { name: 'MeterKind' });
registerEnumType(BillingService, { name: 'BillingService', description: 'Cold water, hot water, wastewater (cold plus hot volume).' });
registerEnumType(BillingMethod, { name: 'BillingMethod', description: 'ACTUAL readings, AVERAGE of past months, or NORM per resident.' });
registerEnumType(ReadingStatus, {
  name: 'ReadingStatus',
  valuesConfig: {
    PENDING: { description: "Submitted, waiting for an operator's check." },
    SUPERSEDED: { description: 'A later submission in the same period replaced it.' },
  },
});
registerEnumType(ReadingSource, { name: 'ReadingSource' });
registerEnumType(LedgerEntryKind, { name: 'LedgerEntryKind' });
registerEnumType(AppealStatus, { name: 'AppealStatus' });
registerEnumType(AuthorRole, { name: 'AuthorRole' });
registerEnumType(PaymentStatus, { name: 'PaymentStatus' });
registerEnumType(ApiScope, {
  name: 'ApiScope',
  description: "What an API token may do. A subscriber's tokens reach their own account only; staff tokens every account.",
  valuesConfig: {
    ACCOUNT_READ: { description: "Subscriber: read the account — balance, ledger, reports, meters, appeals, payment documents — and its live events." },
    READINGS_WRITE: { description: "Subscriber: submit readings and list the account's meters (a meter gateway); nothing else of the account." },
    APPEALS_WRITE: { description: 'Subscriber: write appeals and receive the replies to them.' },
    OPERATOR: { description: 'Staff only: every staff power at once (all the scopes below). Prefer the narrow ones.' },
    PAYMENTS_WRITE: { description: 'Staff only: recordPayment, recordPayments, importPaymentRegistry, paymentByExternalId.' },
    CHARGES_WRITE: { description: 'Staff only: importCharges.' },
    READINGS_REVIEW: { description: 'Staff only: readingsForReview, reviewReading.' },
    APPEALS_REPLY: { description: 'Staff only: appealsForReview, replyToAppeal, closeAppeal.' },
    ACCOUNTS_READ_ANY: { description: 'Staff only: searchAccounts, and account(number) for any account.' },
    BILLING_ADMIN: { description: 'Staff only: tariffs, setTariff, setResidents, closeBillingPeriod.' },
    AUDIT_READ: { description: 'Staff only: auditLog.' },
  },
});
