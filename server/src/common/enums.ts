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

/** What a webhook endpoint can be told about (webhooks/webhook-event.ts: who may receive each). */
export enum WebhookEvent {
  APPEAL_REPLIED = 'APPEAL_REPLIED',
  READING_REVIEWED = 'READING_REVIEWED',
  PAYMENT_RECORDED = 'PAYMENT_RECORDED',
  CHARGES_POSTED = 'CHARGES_POSTED',
}

registerEnumType(MeterKind, {
  name: 'MeterKind',
  description: 'What a meter (прибор учёта) counts.',
  valuesConfig: {
    COLD_WATER: { description: 'Cold water («Холодная вода»); its volume is charged as COLD_WATER and counts for WASTEWATER.' },
    HOT_WATER: { description: 'Hot water («Горячая вода»); its volume is charged as HOT_WATER and counts for WASTEWATER.' },
  },
});
registerEnumType(BillingService, {
  name: 'BillingService',
  description: 'Cold water, hot water, wastewater (cold plus hot volume).',
  valuesConfig: {
    COLD_WATER: { description: '«Холодное водоснабжение» (ХВС): the cold water meters\' volume.' },
    HOT_WATER: { description: '«Горячее водоснабжение» (ГВС): the hot water meters\' volume.' },
    WASTEWATER: { description: '«Водоотведение»: charged for the cold plus the hot water volume of the month, at its own tariff.' },
  },
});
registerEnumType(BillingMethod, {
  name: 'BillingMethod',
  description:
    'ACTUAL readings, AVERAGE of past months, or NORM per resident (ПП №354 п.59–60). A WASTEWATER line takes the weaker of its cold and hot ' +
    'water methods (NORM, then AVERAGE, then ACTUAL); a RECALCULATION line, the method of the month it takes back.',
  valuesConfig: {
    ACTUAL: { description: 'By readings («по показаниям»): the last accepted reading of the month minus the last accepted reading before it.' },
    AVERAGE: {
      description:
        'By the average («по среднему»): the average monthly consumption of the last 6 months with readings (at least 3), when there is no ' +
        'reading or the meter failed or its verification expired (п.59); for at most AVERAGE_MAX_MONTHS months in a row (3 by default).',
    },
    NORM: {
      description:
        'By the norm («по нормативу»): the tariff\'s normPerResident × residents (owners when nobody is registered, п.56(2)); × NORM_INCREASE_FACTOR ' +
        '(1.5 by default) after a failed or expired meter\'s average months (п.60).',
    },
  },
});
registerEnumType(ReadingStatus, {
  name: 'ReadingStatus',
  description: 'Where a reading is. Every reading keeps a visible status: none is deleted.',
  valuesConfig: {
    PENDING: { description: "Submitted, waiting for an operator's check." },
    ACCEPTED: { description: 'An operator accepted it: it is used for billing and is the baseline the next readings are compared with.' },
    REJECTED: { description: "An operator refused it: rejectionReason says why (the subscriber is told by e-mail). Send a corrected reading." },
    SUPERSEDED: { description: 'A later submission in the same period replaced it.' },
  },
});
registerEnumType(ReadingSource, {
  name: 'ReadingSource',
  description: 'How a reading came in.',
  valuesConfig: {
    SITE: { description: "The subscriber's own sign-in session (the site, or an API call with the session's access token)." },
    API: { description: "One of the subscriber's API tokens (READINGS_WRITE), e.g. a meter gateway." },
    OPERATOR: { description: 'Staff, on the subscriber\'s behalf (a session or a READINGS_REVIEW/OPERATOR token); taken outside the readings window too.' },
  },
});
registerEnumType(LedgerEntryKind, {
  name: 'LedgerEntryKind',
  description: 'What a ledger line is: the sign of its amount follows (positive raises the balance, the debt).',
  valuesConfig: {
    CHARGE: { description: '«Начисление»: a month\'s charge for a service (a month\'s close or the billing system\'s import); positive.' },
    RECALCULATION: { description: '«Перерасчёт»: a correction of earlier charges, e.g. months by average or norm once readings are back (п.61); either sign, negative lowers the debt.' },
    PENALTY: { description: '«Пени»: for a debt paid late (ЖК РФ ст.155 ч.14), accrued by the month\'s close or imported; positive.' },
    PAYMENT: { description: '«Оплата»: a payment received — by card, from a bank (recordPayment, a registry) or recorded by an operator; negative.' },
  },
});
registerEnumType(AppealStatus, {
  name: 'AppealStatus',
  description: 'Where an appeal (обращение) is: OPEN → ANSWERED → CLOSED.',
  valuesConfig: {
    OPEN: { description: 'Written by the subscriber; no operator has replied yet.' },
    ANSWERED: { description: 'An operator has replied; it can take more replies.' },
    CLOSED: { description: 'Closed by an operator: it takes no more replies. A new question is a new appeal.' },
  },
});
registerEnumType(AuthorRole, {
  name: 'AuthorRole',
  description: 'Who wrote a reply in an appeal\'s thread.',
  valuesConfig: {
    SUBSCRIBER: { description: 'The subscriber of the appeal\'s account. (No operation adds such a reply today: a follow-up is a new appeal.)' },
    OPERATOR: { description: "An operator of the utility (replyToAppeal); these count in the account's unreadReplyCount until read." },
  },
});
registerEnumType(PaymentStatus, {
  name: 'PaymentStatus',
  description: "Where a card payment is: PENDING until the card gateway's verdict reaches the API.",
  valuesConfig: {
    PENDING: { description: "Waiting for the gateway's verdict (the subscriber may still be on its page): nothing credited yet." },
    SUCCEEDED: { description: 'Paid: one PAYMENT ledger entry was recorded for it, however many times the gateway told us.' },
    CANCELED: { description: 'Declined at the gateway, or the gateway could not start it: nothing was credited. Start a new payment to try again.' },
  },
});
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
