/**
 * THE authorization table: for every query, mutation, subscription and every field
 * that takes arguments, who may call it. Every identity not listed is denied
 * (UNAUTHENTICATED, FORBIDDEN, or NOT_FOUND for another subscriber's objects).
 * A new operation that is not in this table fails authorization-matrix.e2e.test.ts.
 *
 * Identities: anonymous; subscriberA (session); subscriberB (session, acting on A's objects);
 * staff (session); tokens of A with ACCOUNT_READ / READINGS_WRITE / APPEALS_WRITE; an OPERATOR
 * token of staff.
 */
export const IDENTITIES = ['anonymous', 'subscriberA', 'subscriberB', 'staff', 'tokenAccountRead', 'tokenReadingsWrite', 'tokenAppealsWrite', 'tokenOperator'] as const;
export type Identity = (typeof IDENTITIES)[number];

const EVERYONE = [...IDENTITIES];
const SUBSCRIBER_SESSIONS: Identity[] = ['subscriberA', 'subscriberB'];
const SESSIONS: Identity[] = ['subscriberA', 'subscriberB', 'staff'];
const STAFF: Identity[] = ['staff', 'tokenOperator'];
/** A's own account: A, A's ACCOUNT_READ token, and staff. */
const A_READ: Identity[] = ['subscriberA', 'tokenAccountRead', 'staff', 'tokenOperator'];

export const ALLOWED: Record<string, Identity[]> = {
  // Queries
  'Query.me': ['subscriberA', 'subscriberB', 'tokenAccountRead'],
  'Query.account': A_READ,
  'Query.meter': A_READ,
  'Query.payment': ['subscriberA', 'tokenAccountRead'],
  'Query.apiTokens': SESSIONS,
  'Query.readingsForReview': STAFF,
  'Query.appealsForReview': STAFF,
  'Query.searchAccounts': STAFF,
  'Query.auditLog': STAFF,
  'Query.tariffs': STAFF,
  'Query.billingCloseStatus': STAFF,
  /** The tariff in force is shown to anyone signed in. */
  'Query.tariffInForce': IDENTITIES.filter((i) => i !== 'anonymous'),
  'Query.readingsWindow': EVERYONE,
  'Query.passwordResetLinkValid': EVERYONE,
  'Query.utility': EVERYONE,
  // Fields with arguments, reached through account(number: A)
  'Account.ledger': A_READ,
  'Account.appeals': A_READ,
  'Account.paymentDocument': A_READ,
  'Meter.readings': A_READ,
  // Sign-in and registration are public
  'Mutation.register': EVERYONE,
  'Mutation.login': EVERYONE,
  'Mutation.staffLogin': EVERYONE,
  'Mutation.refreshSession': EVERYONE,
  'Mutation.logout': EVERYONE,
  'Mutation.requestPasswordReset': EVERYONE,
  'Mutation.resetPassword': EVERYONE,
  // The subscriber's own
  'Mutation.updateSettings': SUBSCRIBER_SESSIONS,
  'Mutation.startCardPayment': SUBSCRIBER_SESSIONS,
  'Mutation.markAppealsRead': SUBSCRIBER_SESSIONS,
  'Mutation.createAppeal': ['subscriberA', 'subscriberB', 'tokenAppealsWrite'],
  'Mutation.submitReadings': ['subscriberA', 'tokenReadingsWrite', 'staff', 'tokenOperator'],
  'Mutation.createApiToken': SESSIONS,
  /** A one-time ticket for the live-reply WebSocket: sessions only (an API token connects with itself). */
  'Mutation.createSubscriptionTicket': SESSIONS,
  'Mutation.revokeApiToken': ['subscriberA'],
  // Staff
  'Mutation.reviewReading': STAFF,
  'Mutation.replyToAppeal': STAFF,
  'Mutation.closeAppeal': STAFF,
  'Mutation.recordPayment': STAFF,
  'Mutation.importPaymentRegistry': STAFF,
  'Mutation.importCharges': STAFF,
  'Mutation.setTariff': STAFF,
  'Mutation.setResidents': STAFF,
  'Mutation.closeBillingPeriod': STAFF,
  'Mutation.replaceMeter': STAFF,
  'Mutation.markMeterFailed': STAFF,
  // Live replies: a subscriber's own session
  'Subscription.appealReplied': SUBSCRIBER_SESSIONS,
};
