/**
 * The webhooks' durable outbox, written by business code INSIDE its own transaction:
 *
 *   await this.db.transaction(async (tx) => {
 *     ...the change, through tx...
 *     await emitWebhook(tx, WebhookEvent.PAYMENT_RECORDED, accountId, { ledgerEntryId, amount }, this.clock.now());
 *   });
 *
 * One webhook_events row (a stable id `evt_…` and the exact JSON body) and one webhook_deliveries row per endpoint
 * that is to receive it: the subscriber's own endpoints of that account, and staff endpoints subscribed to the kind
 * — enabled, not deleted, their API token (if any) neither revoked nor expired, their staff member active. Nothing
 * is written when no endpoint is to receive it. The rows commit with the change and roll back with it: a change
 * that fails reports nothing, one that commits is delivered even if the process stops right after (the
 * dispatcher, webhook.service.ts, sends what is due).
 *
 * Data values are plain strings or numbers: ids and money as strings («1044.02», money.ts), never floats.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { normalizeMoney } from '../money';
import { WebhookEvent } from '../common/enums';

export type WebhookData = Record<string, string | number | boolean | null>;

export interface WebhookEmission {
  event: WebhookEvent;
  /** The account it is about; null for a period-level event (staff endpoints only). */
  accountId: number | null;
  data: WebhookData;
  /**
   * Who is told: the account's subscriber and staff (all, the default), only the subscriber's endpoints, or only
   * staff's (a month close tells each subscriber its own total, and staff once for the period).
   */
  audience?: 'all' | 'subscriber' | 'staff';
}

/** What writes the rows: the transaction's EntityManager (or a DataSource where the change is not one transaction). */
export type OutboxWriter = Pick<EntityManager, 'query'>;

const CHUNK = 1000;
const chunks = <T>(items: T[], size = CHUNK): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** The stable id of an event: the same in every retry. */
export const newEventId = () => `evt_${randomUUID().replace(/-/g, '')}`;

/** The live endpoints' conditions (alias e, api token t): on, not deleted, the token that made it still valid. */
const LIVE = `e.deleted_at IS NULL AND e.disabled_at IS NULL
  AND (e.api_token_id IS NULL OR (t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)))`;

interface EndpointRow {
  id: number;
  account_id: number | null;
  events: string;
}

const subscribes = (row: EndpointRow, event: WebhookEvent) => row.events.split(',').includes(event);

/** One event; see emitWebhooks. */
export function emitWebhook(
  writer: OutboxWriter,
  event: WebhookEvent,
  accountId: number | null,
  data: WebhookData,
  at: Date,
  audience: WebhookEmission['audience'] = 'all',
): Promise<number> {
  return emitWebhooks(writer, [{ event, accountId, data, audience }], at);
}

/**
 * Writes the events that some endpoint is to receive, and their deliveries, due at `at` (the services' clock, as
 * the dispatcher's). A few statements whatever the number of events (imports, batches). Returns the deliveries written.
 */
export async function emitWebhooks(writer: OutboxWriter, emissions: WebhookEmission[], at: Date): Promise<number> {
  if (!emissions.length) return 0;
  // Token expiry is wall-clock time, as the API checks it on every request (viewer.service.ts).
  const wallNow = new Date();
  const wantsStaff = emissions.some((e) => (e.audience ?? 'all') !== 'subscriber');
  const staffEndpoints: EndpointRow[] = wantsStaff
    ? await writer.query(
        `SELECT e.id, e.account_id, e.events FROM webhook_endpoints e
           JOIN staff s ON s.id = e.staff_id AND s.active = 1
           LEFT JOIN api_tokens t ON t.id = e.api_token_id
          WHERE e.staff_id IS NOT NULL AND ${LIVE}`,
        [wallNow],
      )
    : [];
  const accountIds = [...new Set(emissions.filter((e) => (e.audience ?? 'all') !== 'staff' && e.accountId !== null).map((e) => Number(e.accountId)))];
  const byAccount = new Map<number, EndpointRow[]>();
  for (const ids of chunks(accountIds)) {
    const rows: EndpointRow[] = await writer.query(
      `SELECT e.id, e.account_id, e.events FROM webhook_endpoints e
         LEFT JOIN api_tokens t ON t.id = e.api_token_id
        WHERE e.account_id IN (?) AND ${LIVE}`,
      [ids, wallNow],
    );
    for (const row of rows) {
      const list = byAccount.get(Number(row.account_id)) ?? [];
      list.push(row);
      byAccount.set(Number(row.account_id), list);
    }
  }

  const targeted = emissions
    .map((emission) => {
      const audience = emission.audience ?? 'all';
      const own = audience !== 'staff' && emission.accountId !== null ? byAccount.get(Number(emission.accountId)) ?? [] : [];
      const staff = audience !== 'subscriber' ? staffEndpoints : [];
      const endpoints = [...own, ...staff].filter((row) => subscribes(row, emission.event)).map((row) => Number(row.id));
      return { emission, endpoints };
    })
    .filter((t) => t.endpoints.length > 0);
  if (!targeted.length) return 0;

  const numbers = new Map<number, string>();
  const withAccount = [...new Set(targeted.map((t) => t.emission.accountId).filter((id): id is number => id !== null).map(Number))];
  for (const ids of chunks(withAccount)) {
    const rows: { id: number; number: string }[] = await writer.query('SELECT id, number FROM accounts WHERE id IN (?)', [ids]);
    for (const r of rows) numbers.set(Number(r.id), r.number);
  }

  const events: unknown[][] = [];
  const deliveries: unknown[][] = [];
  for (const { emission, endpoints } of targeted) {
    const id = newEventId();
    const accountNumber = emission.accountId !== null ? numbers.get(Number(emission.accountId)) ?? null : null;
    const body = JSON.stringify({ id, type: emission.event, createdAt: at.toISOString(), accountNumber, data: emission.data });
    events.push([id, emission.event, emission.accountId, body, at]);
    for (const endpointId of endpoints) deliveries.push([id, endpointId, at, at]);
  }
  for (const rows of chunks(events, 500)) {
    await writer.query('INSERT INTO webhook_events (id, type, account_id, payload, created_at) VALUES ?', [rows]);
  }
  for (const rows of chunks(deliveries)) {
    await writer.query('INSERT INTO webhook_deliveries (event_id, endpoint_id, next_attempt_at, created_at) VALUES ?', [rows]);
  }
  return deliveries.length;
}

/**
 * CHARGES_POSTED of a whole period (a month close), without a statement per account: each subscriber endpoint's
 * account gets its own total of the period's lines (found by a join from the endpoints, so 100,000 accounts
 * without endpoints cost nothing), and staff endpoints ONE event with the number of accounts and the total.
 * `externalIdPrefixes`: the external_id prefixes of the period's lines (close:2026-10:, penalty:2026-10:).
 */
export async function emitPeriodCharges(
  writer: OutboxWriter,
  posted: { period: string; source: 'CLOSE' | 'IMPORT'; accounts: number; total: string; externalIdPrefixes: string[] },
  at: Date,
): Promise<number> {
  const like = posted.externalIdPrefixes.map(() => 'l.external_id LIKE ?').join(' OR ');
  const own: { account_id: number; total: string }[] = posted.externalIdPrefixes.length
    ? await writer.query(
        `SELECT l.account_id, SUM(l.amount) AS total
           FROM (SELECT DISTINCT account_id FROM webhook_endpoints
                  WHERE account_id IS NOT NULL AND deleted_at IS NULL AND disabled_at IS NULL AND FIND_IN_SET(?, events)) e
           JOIN ledger_entries l ON l.account_id = e.account_id
          WHERE (${like})
          GROUP BY l.account_id`,
        [WebhookEvent.CHARGES_POSTED, ...posted.externalIdPrefixes.map((p) => `${p.replace(/[\\%_]/g, '\\$&')}%`)],
      )
    : [];
  const emissions: WebhookEmission[] = own.map((row) => ({
    event: WebhookEvent.CHARGES_POSTED,
    accountId: Number(row.account_id),
    audience: 'subscriber' as const,
    data: { period: posted.period, amount: normalizeMoney(String(row.total)), source: posted.source },
  }));
  emissions.push({
    event: WebhookEvent.CHARGES_POSTED,
    accountId: null,
    audience: 'staff',
    data: { period: posted.period, accounts: posted.accounts, total: normalizeMoney(posted.total), source: posted.source },
  });
  return emitWebhooks(writer, emissions, at);
}

/** True when some live staff endpoint subscribes to the event (to skip work whose result nobody would receive). */
export async function staffListens(writer: OutboxWriter, event: WebhookEvent): Promise<boolean> {
  const [row] = await writer.query(
    `SELECT 1 AS yes FROM webhook_endpoints e LEFT JOIN api_tokens t ON t.id = e.api_token_id
      WHERE e.staff_id IS NOT NULL AND FIND_IN_SET(?, e.events) AND ${LIVE} LIMIT 1`,
    [event, new Date()],
  );
  return Boolean(row);
}

/** A credited payment's event (recordPayment(s), a bank registry, a card): amount positive, as paid. */
export function paymentRecorded(payment: {
  accountId: number;
  ledgerEntryId: string | number;
  amount: string;
  paidOn: string;
  externalId: string | null;
  source: 'RECORDED' | 'REGISTRY' | 'CARD';
}): WebhookEmission {
  return {
    event: WebhookEvent.PAYMENT_RECORDED,
    accountId: payment.accountId,
    data: {
      ledgerEntryId: String(payment.ledgerEntryId),
      amount: normalizeMoney(payment.amount),
      paidOn: payment.paidOn,
      externalId: payment.externalId,
      source: payment.source,
    },
  };
}
