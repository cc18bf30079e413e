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
}

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
  valuesConfig: { OPERATOR: { description: 'Staff only: back-office integrations (payments, charges, reading review).' } },
});
