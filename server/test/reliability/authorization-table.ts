/**
 * THE authorization table: for every query, mutation, subscription and every field
 * that takes arguments, who may call it. Every identity not listed is denied
 * (UNAUTHENTICATED, FORBIDDEN, or NOT_FOUND for another subscriber's objects).
 * A new operation that is not in this table fails authorization-matrix.e2e.test.ts.
 *
 * Identities: anonymous; subscriberA (session); subscriberB (session, acting on A's objects);
 * staff (session); tokens of A with ACCOUNT_READ / READINGS_WRITE / APPEALS_WRITE; an OPERATOR
 * token of staff (every staff scope) and one staff token for each narrow staff scope (#13: a bank's
 * PAYMENTS_WRITE token must not set tariffs).
 */
export const IDENTITIES = [
  'anonymous', 'subscriberA', 'subscriberB', 'staff', 'tokenAccountRead', 'tokenReadingsWrite', 'tokenAppealsWrite', 'tokenOperator',
  'tokenPayments', 'tokenCharges', 'tokenReadingsReview', 'tokenAppealsReply', 'tokenAccountsReadAny', 'tokenBillingAdmin', 'tokenAuditRead',
] as const;
export type Identity = (typeof IDENTITIES)[number];

const EVERYONE = [...IDENTITIES];
const SUBSCRIBER_SESSIONS: Identity[] = ['subscriberA', 'subscriberB'];
const SESSIONS: Identity[] = ['subscriberA', 'subscriberB', 'staff'];
const STAFF: Identity[] = ['staff', 'tokenOperator'];
/** Staff's session, the OPERATOR token, and the one narrow staff token with that scope. */
const staffWith = (token: Identity): Identity[] => [...STAFF, token];
/** A's own account: A, A's ACCOUNT_READ token, and staff (ACCOUNTS_READ_ANY). */
const A_READ: Identity[] = ['subscriberA', 'tokenAccountRead', ...staffWith('tokenAccountsReadAny')];

export const ALLOWED: Record<string, Identity[]> = {
  // Queries
  'Query.me': ['subscriberA', 'subscriberB', 'tokenAccountRead'],
  'Query.myAccounts': ['subscriberA', 'subscriberB', 'tokenAccountRead'],
  'Query.account': A_READ,
  'Query.meter': A_READ,
  /** A meter gateway's READINGS_WRITE token lists its meters and nothing else of the account (#13). */
  'Query.myMeters': ['subscriberA', 'subscriberB', 'tokenAccountRead', 'tokenReadingsWrite'],
  'Query.paymentByExternalId': staffWith('tokenPayments'),
  'Query.payment': ['subscriberA', 'tokenAccountRead'],
  'Query.apiTokens': SESSIONS,
  'Query.readingsForReview': staffWith('tokenReadingsReview'),
  'Query.appealsForReview': staffWith('tokenAppealsReply'),
  'Query.searchAccounts': staffWith('tokenAccountsReadAny'),
  'Query.auditLog': staffWith('tokenAuditRead'),
  'Query.tariffs': staffWith('tokenBillingAdmin'),
  'Query.billingCloseStatus': staffWith('tokenBillingAdmin'),
  /** The tariff in force is shown to anyone signed in. */
  'Query.tariffInForce': IDENTITIES.filter((i) => i !== 'anonymous'),
  'Query.readingsWindow': EVERYONE,
  'Query.passwordResetLinkValid': EVERYONE,
  'Query.utility': EVERYONE,
  /** The caller's request budget: anyone, signed in or not (their own bucket). */
  'Query.rateLimit': EVERYONE,
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
  // #15: linking changes who signs in — a session only, never a token; B proving A's account fails alike (not a denial).
  'Mutation.linkAccount': SUBSCRIBER_SESSIONS,
  // A's account is not among B's: FORBIDDEN.
  'Mutation.unlinkAccount': ['subscriberA'],
  'Mutation.createAppeal': ['subscriberA', 'subscriberB', 'tokenAppealsWrite'],
  'Mutation.submitReadings': ['subscriberA', 'tokenReadingsWrite', ...staffWith('tokenReadingsReview')],
  'Mutation.createApiToken': SESSIONS,
  /** A one-time ticket for the live-reply WebSocket: sessions only (an API token connects with itself). */
  'Mutation.createSubscriptionTicket': SESSIONS,
  'Mutation.revokeApiToken': ['subscriberA'],
  // Staff
  'Mutation.reviewReading': staffWith('tokenReadingsReview'),
  'Mutation.replyToAppeal': staffWith('tokenAppealsReply'),
  'Mutation.closeAppeal': staffWith('tokenAppealsReply'),
  'Mutation.recordPayment': staffWith('tokenPayments'),
  'Mutation.recordPayments': staffWith('tokenPayments'),
  'Mutation.importPaymentRegistry': staffWith('tokenPayments'),
  'Mutation.importCharges': staffWith('tokenCharges'),
  'Mutation.setTariff': staffWith('tokenBillingAdmin'),
  'Mutation.setResidents': staffWith('tokenBillingAdmin'),
  'Mutation.closeBillingPeriod': staffWith('tokenBillingAdmin'),
  'Mutation.startBillingClose': staffWith('tokenBillingAdmin'),
  'Mutation.replaceMeter': staffWith('tokenBillingAdmin'),
  'Mutation.markMeterFailed': staffWith('tokenBillingAdmin'),
  // Webhooks (#13): anyone signed in lists its own; creating PAYMENT_RECORDED needs ACCOUNT_READ / PAYMENTS_WRITE;
  // deleting A's endpoint: A, or A's token that could have made it (ACCOUNT_READ); anyone else NOT_FOUND.
  'Query.webhookEndpoints': IDENTITIES.filter((i) => i !== 'anonymous'),
  'WebhookEndpoint.deliveries': IDENTITIES.filter((i) => i !== 'anonymous'),
  'Mutation.createWebhookEndpoint': [...SESSIONS, 'tokenAccountRead', ...staffWith('tokenPayments')],
  'Mutation.deleteWebhookEndpoint': ['subscriberA', 'tokenAccountRead'],
  // Live replies: a subscriber's own session, or A's token with APPEALS_WRITE or ACCOUNT_READ (#13)
  'Subscription.appealReplied': [...SUBSCRIBER_SESSIONS, 'tokenAccountRead', 'tokenAppealsWrite'],
  'Subscription.billingCloseProgress': staffWith('tokenBillingAdmin'),
};
