/**
 * Who may receive each kind of webhook event (the kinds, WebhookEvent, are in common/enums.ts with the
 * other stored enums): a subscriber gets its own account's events (a session, or a token with one of the
 * subscriber scopes below); staff get every account's events of a kind (a session, or a token with one of
 * the staff scopes below, or OPERATOR).
 */
import { ApiScope, WebhookEvent } from '../common/enums';

export const WEBHOOK_EVENTS: readonly WebhookEvent[] = Object.values(WebhookEvent);

/** The API-token scopes that let a token's owner receive each event (any one of them). */
export const WEBHOOK_EVENT_SCOPES: Record<WebhookEvent, { subscriber: ApiScope[]; staff: ApiScope[] }> = {
  [WebhookEvent.APPEAL_REPLIED]: { subscriber: [ApiScope.ACCOUNT_READ, ApiScope.APPEALS_WRITE], staff: [ApiScope.APPEALS_REPLY] },
  [WebhookEvent.READING_REVIEWED]: { subscriber: [ApiScope.ACCOUNT_READ, ApiScope.READINGS_WRITE], staff: [ApiScope.READINGS_REVIEW] },
  [WebhookEvent.PAYMENT_RECORDED]: { subscriber: [ApiScope.ACCOUNT_READ], staff: [ApiScope.PAYMENTS_WRITE] },
  [WebhookEvent.CHARGES_POSTED]: { subscriber: [ApiScope.ACCOUNT_READ], staff: [ApiScope.CHARGES_WRITE, ApiScope.BILLING_ADMIN] },
};
