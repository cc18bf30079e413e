/**
 * The committed schema migrations, in order. Generate a new one against a database
 * migrated to the latest with `npm run typeorm -- migration:generate server/src/migrations/Name`
 * and add it here.
 */
import { Initial1795568586495 } from './1795568586495-Initial';
import { LedgerServicesAndNotices1795569242546 } from './1795569242546-LedgerServicesAndNotices';
import { BillingAndAudit1795570671393 } from './1795570671393-BillingAndAudit';
import { BillingPeriodSkippedServices1795571500000 } from './1795571500000-BillingPeriodSkippedServices';
import { LedgerAccountCoveringIndex1795571600000 } from './1795571600000-LedgerAccountCoveringIndex';
import { AppealsByDate1795571700000 } from './1795571700000-AppealsByDate';
import { OutboxSensitive1795571800000 } from './1795571800000-OutboxSensitive';
import { BillingRecalculation1795571900000 } from './1795571900000-BillingRecalculation';
import { SessionSecurity1795572000000 } from './1795572000000-SessionSecurity';
import { ApiTokenExpiry1795572100000 } from './1795572100000-ApiTokenExpiry';
import { Persons1795572300000 } from './1795572300000-Persons';
import { CloseProgress1795572400000 } from './1795572400000-CloseProgress';
import { Webhooks1795572200000 } from './1795572200000-Webhooks';
import { AccountSearchWords1795572500000 } from './1795572500000-AccountSearchWords';
import { LedgerWithoutAccountDateIndex1795572600000 } from './1795572600000-LedgerWithoutAccountDateIndex';
import { ReadingsMeterPeriodCovering1795572700000 } from './1795572700000-ReadingsMeterPeriodCovering';
import { LedgerSummaries1795572800000 } from './1795572800000-LedgerSummaries';
import { LedgerChangesInsertTrigger1795572900000 } from './1795572900000-LedgerChangesInsertTrigger';

export const migrations: Function[] = [Initial1795568586495, LedgerServicesAndNotices1795569242546, BillingAndAudit1795570671393, BillingPeriodSkippedServices1795571500000, LedgerAccountCoveringIndex1795571600000, AppealsByDate1795571700000, OutboxSensitive1795571800000, BillingRecalculation1795571900000, SessionSecurity1795572000000, ApiTokenExpiry1795572100000, Webhooks1795572200000, Persons1795572300000, CloseProgress1795572400000, AccountSearchWords1795572500000, LedgerWithoutAccountDateIndex1795572600000, ReadingsMeterPeriodCovering1795572700000, LedgerSummaries1795572800000, LedgerChangesInsertTrigger1795572900000];
