/**
 * The portal's DataSource: every entity and every migration, for the app, the CLI (ormconfig.ts) and the
 * tests. At the root with services.ts, not in db/: it lists the entities of every feature, and db/ stays
 * below the features (README, «Map of the code»).
 */
import 'reflect-metadata';
import mysql2 from 'mysql2';
import { DataSource, type Logger } from 'typeorm';
import { Account } from './accounts/account.entity';
import { AccountSearchWord } from './accounts/account-search-word.entity';
import { ApiToken } from './api-tokens/api-token.entity';
import { Appeal } from './appeals/appeal.entity';
import { AppealReply } from './appeals/appeal-reply.entity';
import { PasswordResetToken } from './auth/password-reset-token.entity';
import { RefreshSession } from './auth/refresh-session.entity';
import { Subscriber } from './auth/subscriber.entity';
import { CardPaymentPart } from './payments/card-payment-part.entity';
import { LedgerEntry } from './ledger/ledger-entry.entity';
import { OutboxMessage } from './mail/outbox-message.entity';
import { CardPayment } from './payments/card-payment.entity';
import { Meter } from './readings/meter.entity';
import { Reading } from './readings/reading.entity';
import { Staff } from './staff/staff.entity';
import { VerificationNotice } from './readings/verification-notice.entity';
import { Tariff } from './billing/tariff.entity';
import { BillingPeriod } from './billing/billing-period.entity';
import { LedgerChange, LedgerSummaryRow } from './billing/ledger-summary.entity';
import { AuditEntry } from './audit/audit-entry.entity';
import { WebhookEndpoint } from './webhooks/webhook-endpoint.entity';
import { WebhookEventRecord } from './webhooks/webhook-event-record.entity';
import { WebhookDelivery } from './webhooks/webhook-delivery.entity';
import { migrations } from './migrations';

/** Every TypeORM entity of the portal. */
const entities = [
  LedgerSummaryRow,
  LedgerChange,
  Account,
  AccountSearchWord,
  Subscriber,
  CardPaymentPart,
  RefreshSession,
  PasswordResetToken,
  Staff,
  ApiToken,
  OutboxMessage,
  Meter,
  Reading,
  LedgerEntry,
  Appeal,
  AppealReply,
  CardPayment,
  VerificationNotice,
  Tariff,
  BillingPeriod,
  AuditEntry,
  WebhookEndpoint,
  WebhookEventRecord,
  WebhookDelivery,
];

export interface DataSourceOptions {
  url: string;
  /** Receives every SQL statement (used by tests that count queries). */
  onQuery?: (sql: string) => void;
  poolSize?: number;
}

class QueryCounter implements Logger {
  constructor(private readonly onQuery: (sql: string) => void) {}
  logQuery(query: string) {
    this.onQuery(query);
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

/**
 * mysql2 with every pooled connection set to UTC, so that the database's own
 * CURRENT_TIMESTAMP defaults and the app's dates (written as UTC) agree whatever
 * the server's time zone.
 */
const utcMysql2 = Object.assign(Object.create(mysql2), {
  createPool(options: mysql2.PoolOptions) {
    const pool = mysql2.createPool(options);
    pool.on('connection', (connection) => {
      connection.query("SET time_zone = '+00:00'");
    });
    return pool;
  },
});

/**
 * `?socketPath=/run/mysqld/mysqld.sock` in DATABASE_URL (mysql2's own name for it, which its URLs already take): the
 * database on this machine, reached through its Unix socket rather than TCP on the loopback (host and port are then
 * ignored). Less of the CPU a statement costs, on both sides, goes to the network stack (docs/BENCHMARKS.md).
 * TypeORM reads only the user, host, port and database of a URL, so the socket is handed to mysql2 here.
 */
function unixSocketOf(url: string): { socketPath?: string } {
  try {
    const socketPath = new URL(url).searchParams.get('socketPath');
    return socketPath ? { socketPath } : {};
  } catch {
    return {};
  }
}

/** The one DataSource definition used by the app, the migration CLI (ormconfig.ts) and the tests. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'mysql',
    url: options.url,
    connectorPackage: 'mysql2',
    driver: utcMysql2,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: options.onQuery ? ['query'] : false,
    logger: options.onQuery ? new QueryCounter(options.onQuery) : undefined,
    poolSize: options.poolSize ?? 10,
    extra: { connectTimeout: 5000, enableKeepAlive: true, ...unixSocketOf(options.url) },
  });
}
