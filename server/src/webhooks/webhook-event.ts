/**
 * What a webhook endpoint can be told about, and who may receive each kind: a subscriber gets its own
 * account's events (a session, or a token with one of the subscriber scopes below); staff get every
 * account's events of a kind (a session, or a token with one of the staff scopes below, or OPERATOR).
 */
import { registerEnumType } from 'type-graphql';
import { ApiScope } from '../common/enums';

export enum WebhookEvent {
  APPEAL_REPLIED = 'APPEAL_REPLIED',
  READING_REVIEWED = 'READING_REVIEWED',
  PAYMENT_RECORDED = 'PAYMENT_RECORDED',
  CHARGES_POSTED = 'CHARGES_POSTED',
}

export const WEBHOOK_EVENTS: readonly WebhookEvent[] = Object.values(WebhookEvent);

/** The API-token scopes that let a token's owner receive each event (any one of them). */
export const WEBHOOK_EVENT_SCOPES: Record<WebhookEvent, { subscriber: ApiScope[]; staff: ApiScope[] }> = {
  [WebhookEvent.APPEAL_REPLIED]: { subscriber: [ApiScope.ACCOUNT_READ, ApiScope.APPEALS_WRITE], staff: [ApiScope.APPEALS_REPLY] },
  [WebhookEvent.READING_REVIEWED]: { subscriber: [ApiScope.ACCOUNT_READ, ApiScope.READINGS_WRITE], staff: [ApiScope.READINGS_REVIEW] },
  [WebhookEvent.PAYMENT_RECORDED]: { subscriber: [ApiScope.ACCOUNT_READ], staff: [ApiScope.PAYMENTS_WRITE] },
  [WebhookEvent.CHARGES_POSTED]: { subscriber: [ApiScope.ACCOUNT_READ], staff: [ApiScope.CHARGES_WRITE, ApiScope.BILLING_ADMIN] },
};

registerEnumType(WebhookEvent, {
  name: 'WebhookEvent',
  description: 'What a webhook endpoint is told about.',
  valuesConfig: {
    APPEAL_REPLIED: { description: 'An operator replied to an appeal. Subscriber: ACCOUNT_READ or APPEALS_WRITE; staff: APPEALS_REPLY.' },
    READING_REVIEWED: { description: 'An operator accepted or rejected a reading. Subscriber: ACCOUNT_READ or READINGS_WRITE; staff: READINGS_REVIEW.' },
    PAYMENT_RECORDED: { description: 'A payment was credited (card, bank registry or recordPayment). Subscriber: ACCOUNT_READ; staff: PAYMENTS_WRITE.' },
    CHARGES_POSTED: {
      description:
        'Charges of a period were posted (a month close or a charges import): a subscriber gets its account\'s total, staff one event per period ' +
        'with the number of accounts and the total. Subscriber: ACCOUNT_READ; staff: CHARGES_WRITE or BILLING_ADMIN.',
    },
  },
});
