/**
 * The operators' area's GraphQL operations (/staff). GraphQL Code Generator reads this file too
 * (`npm run codegen -w web`) and types each document in ../graphql/generated.
 */
import { graphql } from '../graphql/generated';

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
        hasNextPage
        endCursor
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
        id
        text
        status
        createdAt
        account {
          id
          number
          lastName
          firstName
          middleName
          address
        }
        replies {
          id
          authorRole
          text
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
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
        id
        number
        lastName
        firstName
        middleName
        address
        balance
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

export const StaffAccountQuery = graphql(`
  query StaffAccount($number: String!) {
    account(number: $number) {
      id
      number
      lastName
      firstName
      middleName
      address
      email
      phone
      residents
      owners
      balance
      amountDue
      advance
      holderAccounts {
        id
        number
        address
        balance
      }
      meters {
        id
        kind
        title
        serialNumber
        admittedOn
        verificationDueOn
        verificationExpired
        failedOn
        removedOn
        previousReading {
          id
          period
          value
          status
        }
        currentReading {
          id
          period
          value
          consumption
          status
          rejectionReason
        }
      }
      ledger(first: 20) {
        nodes {
          id
          date
          kind
          period
          description
          amount
        }
        totalCount
      }
      appeals(first: 20) {
        nodes {
          id
          text
          status
          createdAt
          replies {
            id
            authorRole
            text
            createdAt
          }
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

export const ImportPaymentRegistryMutation = graphql(`
  mutation ImportPaymentRegistry($csv: String!) {
    importPaymentRegistry(csv: $csv) {
      loaded
      skipped
      refused
      lines {
        line
        status
        message
      }
    }
  }
`);

export const ImportChargesMutation = graphql(`
  mutation ImportCharges($csv: String!) {
    importCharges(csv: $csv) {
      loaded
      skipped
      refused
      lines {
        line
        status
        message
      }
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

export const CloseBillingPeriodMutation = graphql(`
  mutation CloseBillingPeriod($period: Period!) {
    closeBillingPeriod(period: $period) {
      period
      status
      closedAt
      accountsCharged
      accountsImported
      totalCharged
      skippedServices
    }
  }
`);

export const BillingCloseStatusQuery = graphql(`
  query BillingCloseStatus {
    billingCloseStatus {
      lastClosed {
        period
        status
        closedAt
        accountsCharged
        accountsImported
        totalCharged
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
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);
