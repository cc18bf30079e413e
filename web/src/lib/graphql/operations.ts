/**
 * Every GraphQL operation the site sends. GraphQL Code Generator reads this file
 * (`npm run codegen -w web`) and types each document in ./generated.
 */
import { graphql } from './generated';

export const ReadingFieldsFragment = graphql(`
  fragment ReadingFields on Reading {
    id
    period
    value
    consumption
    status
    source
    submittedAt
    reviewedAt
    rejectionReason
  }
`);

export const MeterFieldsFragment = graphql(`
  fragment MeterFields on Meter {
    id
    kind
    title
    serialNumber
    admittedOn
    verificationDueOn
    verificationExpired
    failedOn
    previousReading {
      ...ReadingFields
    }
    currentReading {
      ...ReadingFields
    }
  }
`);

export const ReadingsWindowFieldsFragment = graphql(`
  fragment ReadingsWindowFields on ReadingsWindow {
    from
    to
    isOpen
    opensOn
    currentPeriod
  }
`);

export const AppealFieldsFragment = graphql(`
  fragment AppealFields on Appeal {
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
`);

// ---- Public -----------------------------------------------------------------------------

export const UtilityQuery = graphql(`
  query Utility {
    utility {
      name
      address
      phone
      email
      website
      workingHours
      dispatcherPhone
    }
  }
`);

export const RegisterMutation = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      accountNumber
      maskedEmail
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($accountNumber: String!, $password: String!, $remember: Boolean) {
    login(accountNumber: $accountNumber, password: $password, remember: $remember) {
      accessToken
      refreshToken
      expiresAt
    }
  }
`);

export const RefreshSessionMutation = graphql(`
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      accessToken
      refreshToken
      expiresAt
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`);

export const RequestPasswordResetMutation = graphql(`
  mutation RequestPasswordReset($accountNumber: String!) {
    requestPasswordReset(accountNumber: $accountNumber)
  }
`);

export const PasswordResetLinkValidQuery = graphql(`
  query PasswordResetLinkValid($token: String!) {
    passwordResetLinkValid(token: $token)
  }
`);

export const ResetPasswordMutation = graphql(`
  mutation ResetPassword($token: String!, $newPassword: String!) {
    resetPassword(token: $token, newPassword: $newPassword)
  }
`);

// ---- Signed in --------------------------------------------------------------------------

export const AccountSummaryQuery = graphql(`
  query AccountSummary {
    me {
      id
      number
      lastName
      firstName
      middleName
      balance
      unreadReplyCount
    }
  }
`);

export const HomeQuery = graphql(`
  query Home {
    me {
      id
      number
      address
      balance
      amountDue
      advance
      unreadReplyCount
      meters {
        ...MeterFields
      }
      appeals(first: 10) {
        nodes {
          ...AppealFields
        }
      }
    }
    readingsWindow {
      ...ReadingsWindowFields
    }
  }
`);

export const MetersQuery = graphql(`
  query Meters {
    me {
      id
      meters {
        ...MeterFields
      }
    }
    readingsWindow {
      ...ReadingsWindowFields
    }
  }
`);

export const MeterHistoryQuery = graphql(`
  query MeterHistory($first: Int, $after: String) {
    me {
      id
      meters {
        id
        kind
        title
        serialNumber
        admittedOn
        verificationDueOn
        verificationExpired
        chart: readings(first: 100) {
          nodes {
            id
            period
            value
            consumption
            status
            submittedAt
          }
        }
        readings(first: $first, after: $after) {
          nodes {
            ...ReadingFields
          }
          pageInfo {
            hasNextPage
            endCursor
          }
          totalCount
        }
      }
    }
  }
`);

export const SubmitReadingsMutation = graphql(`
  mutation SubmitReadings($readings: [ReadingInput!]!, $confirmUnusual: Boolean) {
    submitReadings(readings: $readings, confirmUnusual: $confirmUnusual) {
      ...ReadingFields
      meter {
        id
      }
    }
  }
`);

export const PayQuery = graphql(`
  query Pay {
    me {
      id
      number
      balance
      amountDue
      advance
    }
  }
`);

export const PaymentDocumentQuery = graphql(`
  query PaymentDocument($period: Period, $amount: Decimal) {
    me {
      id
      number
      paymentDocument(period: $period, amount: $amount) {
        period
        issuedOn
        amount
        amountDue
        advance
        amountChosen
        pdfUrl
      }
    }
  }
`);

export const StartCardPaymentMutation = graphql(`
  mutation StartCardPayment($amount: Decimal!) {
    startCardPayment(amount: $amount) {
      id
      amount
      status
      confirmationUrl
    }
  }
`);

export const PaymentQuery = graphql(`
  query Payment($id: ID!) {
    payment(id: $id) {
      id
      amount
      status
    }
  }
`);

export const LedgerQuery = graphql(`
  query Ledger($from: Date, $to: Date, $order: SortOrder, $first: Int, $after: String) {
    me {
      id
      balance
      ledger(from: $from, to: $to, order: $order, first: $first, after: $after) {
        nodes {
          id
          date
          kind
          period
          description
          amount
        }
        pageInfo {
          hasNextPage
          endCursor
        }
        totalCount
        openingBalance
        closingBalance
        totalCharged
        totalPaid
      }
    }
  }
`);

export const AppealsQuery = graphql(`
  query Appeals($first: Int, $after: String) {
    me {
      id
      unreadReplyCount
      appeals(first: $first, after: $after) {
        nodes {
          ...AppealFields
        }
        pageInfo {
          hasNextPage
          endCursor
        }
        totalCount
      }
    }
  }
`);

export const CreateAppealMutation = graphql(`
  mutation CreateAppeal($input: CreateAppealInput!) {
    createAppeal(input: $input) {
      ...AppealFields
    }
  }
`);

export const MarkAppealsReadMutation = graphql(`
  mutation MarkAppealsRead {
    markAppealsRead
  }
`);

/** A one-time ticket (60 s) for the live replies' WebSocket: the page connects with it, never with the access token. */
export const CreateSubscriptionTicketMutation = graphql(`
  mutation CreateSubscriptionTicket {
    createSubscriptionTicket {
      ticket
      expiresAt
    }
  }
`);

export const AppealRepliedSubscription = graphql(`
  subscription AppealReplied {
    appealReplied {
      id
      authorRole
      text
      createdAt
      appeal {
        id
        status
      }
    }
  }
`);

export const SettingsQuery = graphql(`
  query Settings {
    me {
      id
      number
      email
      phone
      receiptByEmail
      paperReceipt
    }
  }
`);

export const UpdateSettingsMutation = graphql(`
  mutation UpdateSettings($input: SettingsInput!) {
    updateSettings(input: $input) {
      id
      email
      phone
      receiptByEmail
      paperReceipt
    }
  }
`);
