/**
 * The operators' area's GraphQL operations (/staff). GraphQL Code Generator reads this file too
 * (`npm run codegen -w web`) and types each document in ../graphql/generated. The field lists the
 * subscriber's pages ask for too (PageInfoFields, AppealFields, MeterFields, LedgerEntryFields, AccountCard)
 * are the fragments of ../graphql/operations.ts; the ones of this area are here.
 */
import { graphql } from '../graphql/generated';

/** Who holds an account: its number, the holder's name and the address. */
export const AccountHolderFragment = graphql(`
  fragment AccountHolder on Account {
    id
    number
    lastName
    firstName
    middleName
    address
  }
`);

export const StaffLoginMutation = graphql(`
  mutation StaffLogin($username: String!, $password: String!) {
    staffLogin(username: $username, password: $password) {
      accessToken
      refreshToken
      expiresAt
    }
  }
`);

// ---- Показания ----------------------------------------------------------------------------

export const ReadingsForReviewQuery = graphql(`
  query ReadingsForReview($first: Int, $after: String) {
    readingsForReview(first: $first, after: $after) {
      nodes {
        id
        period
        value
        consumption
        flagged
        rollover
        status
        source
        submittedAt
        meter {
          id
          kind
          title
          serialNumber
          previousReading {
            id
            period
            value
          }
          account {
            id
            number
            address
          }
        }
      }
      pageInfo {
        ...PageInfoFields
      }
      totalCount
    }
  }
`);

export const ReviewReadingMutation = graphql(`
  mutation ReviewReading($readingId: ID!, $accept: Boolean!, $reason: String, $confirmFlagged: Boolean) {
    reviewReading(readingId: $readingId, accept: $accept, reason: $reason, confirmFlagged: $confirmFlagged) {
      id
      status
      rejectionReason
    }
  }
`);

// ---- Обращения ----------------------------------------------------------------------------

export const AppealsForReviewQuery = graphql(`
  query AppealsForReview($status: AppealStatus, $first: Int, $after: String) {
    appealsForReview(status: $status, first: $first, after: $after) {
      nodes {
        ...AppealFields
        account {
          ...AccountHolder
        }
      }
      pageInfo {
        ...PageInfoFields
      }
      totalCount
    }
  }
`);

export const ReplyToAppealMutation = graphql(`
  mutation ReplyToAppeal($appealId: ID!, $text: String!) {
    replyToAppeal(appealId: $appealId, text: $text) {
      id
      appeal {
        id
        status
      }
    }
  }
`);

export const CloseAppealMutation = graphql(`
  mutation CloseAppeal($appealId: ID!) {
    closeAppeal(appealId: $appealId) {
      id
      status
    }
  }
`);

// ---- Абоненты -----------------------------------------------------------------------------

export const SearchAccountsQuery = graphql(`
  query SearchAccounts($query: String!, $first: Int, $after: String) {
    searchAccounts(query: $query, first: $first, after: $after) {
      nodes {
        ...AccountHolder
        balance
      }
      pageInfo {
        ...PageInfoFields
      }
      totalCount
    }
  }
`);

export const StaffAccountQuery = graphql(`
  query StaffAccount($number: String!) {
    account(number: $number) {
      ...AccountHolder
      email
      phone
      residents
      owners
      balance
      amountDue
      advance
      holderAccounts {
        ...AccountCard
      }
      meters {
        ...MeterFields
        removedOn
      }
      ledger(first: 20) {
        nodes {
          ...LedgerEntryFields
        }
        totalCount
      }
      appeals(first: 20) {
        nodes {
          ...AppealFields
        }
        totalCount
      }
    }
  }
`);

export const RecordPaymentMutation = graphql(`
  mutation RecordPayment($input: RecordPaymentInput!) {
    recordPayment(input: $input) {
      id
      date
      amount
      description
    }
  }
`);

export const SetResidentsMutation = graphql(`
  mutation SetResidents($accountNumber: String!, $residents: Int!, $owners: Int) {
    setResidents(accountNumber: $accountNumber, residents: $residents, owners: $owners) {
      id
      residents
      owners
    }
  }
`);

// ---- Приборы учёта ------------------------------------------------------------------------

export const ReplaceMeterMutation = graphql(`
  mutation ReplaceMeter($input: ReplaceMeterInput!) {
    replaceMeter(input: $input) {
      removed {
        id
        title
        serialNumber
        removedOn
      }
      installed {
        id
        title
        serialNumber
        admittedOn
        verificationDueOn
      }
      finalReading {
        id
        period
        value
        consumption
      }
    }
  }
`);

export const MarkMeterFailedMutation = graphql(`
  mutation MarkMeterFailed($meterId: ID!, $failedOn: Date!) {
    markMeterFailed(meterId: $meterId, failedOn: $failedOn) {
      id
      title
      serialNumber
      failedOn
    }
  }
`);

// ---- Платежи и начисления -----------------------------------------------------------------

/** What an upload did, line by line: the same report for a bank registry and for the billing system's charges. */
export const ImportReportFragment = graphql(`
  fragment ImportReport on RegistryImportReport {
    loaded
    skipped
    refused
    lines {
      line
      status
      message
    }
  }
`);

export const ImportPaymentRegistryMutation = graphql(`
  mutation ImportPaymentRegistry($csv: String!) {
    importPaymentRegistry(csv: $csv) {
      ...ImportReport
    }
  }
`);

export const ImportChargesMutation = graphql(`
  mutation ImportCharges($csv: String!) {
    importCharges(csv: $csv) {
      ...ImportReport
    }
  }
`);

// ---- Тарифы и закрытие месяца -------------------------------------------------------------

export const TariffsQuery = graphql(`
  query Tariffs($service: BillingService) {
    tariffs(service: $service) {
      id
      service
      pricePerM3
      normPerResident
      validFrom
      createdAt
    }
  }
`);

export const SetTariffMutation = graphql(`
  mutation SetTariff($input: SetTariffInput!) {
    setTariff(input: $input) {
      id
      service
      pricePerM3
      normPerResident
      validFrom
    }
  }
`);

/** A month's close under way: accounts done of the total, and the time left at its pace (null before there is one). */
export const CloseProgressFragment = graphql(`
  fragment CloseProgress on BillingPeriod {
    period
    status
    startedAt
    accountsDone
    accountsTotal
    progressAt
    estimatedSecondsLeft
  }
`);

/** What a month's close did, once CLOSED. */
export const CloseResultFragment = graphql(`
  fragment CloseResult on BillingPeriod {
    period
    status
    closedAt
    accountsCharged
    accountsImported
    totalCharged
    skippedServices
  }
`);

/**
 * Starts the close in the background: the month comes back CLOSING at once (or CLOSED, when it was closed already).
 * A close already running is SERVICE_UNAVAILABLE; an interrupted one is resumed.
 */
export const StartBillingCloseMutation = graphql(`
  mutation StartBillingClose($period: Period!) {
    startBillingClose(period: $period) {
      ...CloseProgress
      ...CloseResult
    }
  }
`);

/** The month being closed, at its start, after every batch of accounts, and once CLOSED (over the WebSocket, with a ticket). */
export const BillingCloseProgressSubscription = graphql(`
  subscription BillingCloseProgress {
    billingCloseProgress {
      ...CloseProgress
      ...CloseResult
    }
  }
`);

export const BillingCloseStatusQuery = graphql(`
  query BillingCloseStatus {
    billingCloseStatus {
      lastClosed {
        ...CloseResult
      }
      inProgress {
        ...CloseProgress
      }
      nextPeriod
      closableFrom
      canClose
      reason
      reasonCode
    }
  }
`);

// ---- Журнал -------------------------------------------------------------------------------

export const AuditLogQuery = graphql(`
  query AuditLog($first: Int, $after: String) {
    auditLog(first: $first, after: $after) {
      nodes {
        id
        action
        entityType
        entityId
        createdAt
        staffUsername
        beforeJson
        afterJson
      }
      pageInfo {
        ...PageInfoFields
      }
      totalCount
    }
  }
`);
