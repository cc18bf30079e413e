/**
 * Every GraphQL operation the site sends. GraphQL Code Generator reads this file
 * (`npm run codegen -w web`) and types each document in ./generated. A field list asked for in more than one
 * place is a fragment (below, and in ../staff/operations.ts), written once.
 */
import { graphql } from './generated';

/** A page of a list: whether more follow, and where the next page starts. */
export const PageInfoFieldsFragment = graphql(`
  fragment PageInfoFields on PageInfo {
    hasNextPage
    endCursor
  }
`);

/** An account as a list of accounts shows it: number, address, balance. */
export const AccountCardFragment = graphql(`
  fragment AccountCard on Account {
    id
    number
    address
    balance
  }
`);

/** An account with what it owes or has paid ahead (the main page, «Оплатить»). */
export const AccountBalanceFragment = graphql(`
  fragment AccountBalance on Account {
    ...AccountCard
    amountDue
    advance
  }
`);

export const LedgerEntryFieldsFragment = graphql(`
  fragment LedgerEntryFields on LedgerEntry {
    id
    date
    kind
    period
    description
    amount
  }
`);

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

/** A meter as its card names it: kind, title, serial number, admission and verification. */
export const MeterInfoFragment = graphql(`
  fragment MeterInfo on Meter {
    id
    kind
    title
    serialNumber
    admittedOn
    verificationDueOn
    verificationExpired
  }
`);

export const MeterFieldsFragment = graphql(`
  fragment MeterFields on Meter {
    ...MeterInfo
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
//
// A person may hold several accounts (#15). A page shows the account selected in its address (`?account=`):
// its query asks `account(number: $number)` when one is selected and `me` (the account signed in with)
// otherwise — `$byNumber` says which, and lib/server/account.ts fills both in (`accountVariables`).

/** The header: who is signed in, and every account of theirs with what the header and the main page show. */
export const AccountSummaryQuery = graphql(`
  query AccountSummary {
    me {
      id
      number
      lastName
      firstName
      middleName
    }
    myAccounts {
      ...AccountCard
      unreadReplyCount
    }
  }
`);

export const HomeAccountFragment = graphql(`
  fragment HomeAccount on Account {
    ...AccountBalance
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
`);

export const HomeQuery = graphql(`
  query Home($number: String! = "", $byNumber: Boolean! = false) {
    me @skip(if: $byNumber) {
      ...HomeAccount
    }
    account(number: $number) @include(if: $byNumber) {
      ...HomeAccount
    }
    readingsWindow {
      ...ReadingsWindowFields
    }
  }
`);

export const MetersAccountFragment = graphql(`
  fragment MetersAccount on Account {
    id
    number
    meters {
      ...MeterFields
    }
  }
`);

export const MetersQuery = graphql(`
  query Meters($number: String! = "", $byNumber: Boolean! = false) {
    me @skip(if: $byNumber) {
      ...MetersAccount
    }
    account(number: $number) @include(if: $byNumber) {
      ...MetersAccount
    }
    readingsWindow {
      ...ReadingsWindowFields
    }
  }
`);

export const MeterHistoryAccountFragment = graphql(`
  fragment MeterHistoryAccount on Account {
    id
    number
    meters {
      ...MeterInfo
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
          ...PageInfoFields
        }
        totalCount
      }
    }
  }
`);

export const MeterHistoryQuery = graphql(`
  query MeterHistory($first: Int, $after: String, $number: String! = "", $byNumber: Boolean! = false) {
    me @skip(if: $byNumber) {
      ...MeterHistoryAccount
    }
    account(number: $number) @include(if: $byNumber) {
      ...MeterHistoryAccount
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

/** «Оплатить»: the selected account, and every account of the person for paying several at once. */
export const PayQuery = graphql(`
  query Pay($number: String! = "", $byNumber: Boolean! = false) {
    me @skip(if: $byNumber) {
      ...AccountBalance
    }
    account(number: $number) @include(if: $byNumber) {
      ...AccountBalance
    }
    myAccounts {
      ...AccountBalance
    }
  }
`);

export const PaymentDocumentAccountFragment = graphql(`
  fragment PaymentDocumentAccount on Account {
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
`);

export const PaymentDocumentQuery = graphql(`
  query PaymentDocument($period: Period, $amount: Decimal, $number: String! = "", $byNumber: Boolean! = false) {
    me @skip(if: $byNumber) {
      ...PaymentDocumentAccount
    }
    account(number: $number) @include(if: $byNumber) {
      ...PaymentDocumentAccount
    }
  }
`);

/** A card payment for one account (`accountNumber`; the signed-in one when omitted), or split over several (`parts`). */
export const StartCardPaymentMutation = graphql(`
  mutation StartCardPayment($amount: Decimal!, $accountNumber: String, $parts: [PaymentPartInput!]) {
    startCardPayment(amount: $amount, accountNumber: $accountNumber, parts: $parts) {
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
      accountNumber
      parts {
        accountNumber
        amount
      }
    }
  }
`);

export const LedgerAccountFragment = graphql(`
  fragment LedgerAccount on Account {
    id
    number
    balance
    ledger(from: $from, to: $to, order: $order, first: $first, after: $after) {
      nodes {
        ...LedgerEntryFields
      }
      pageInfo {
        ...PageInfoFields
      }
      totalCount
      openingBalance
      closingBalance
      totalCharged
      totalPaid
    }
  }
`);

export const LedgerQuery = graphql(`
  query Ledger($from: Date, $to: Date, $order: SortOrder, $first: Int, $after: String, $number: String! = "", $byNumber: Boolean! = false) {
    me @skip(if: $byNumber) {
      ...LedgerAccount
    }
    account(number: $number) @include(if: $byNumber) {
      ...LedgerAccount
    }
  }
`);

export const AppealsAccountFragment = graphql(`
  fragment AppealsAccount on Account {
    id
    number
    unreadReplyCount
    appeals(first: $first, after: $after) {
      nodes {
        ...AppealFields
      }
      pageInfo {
        ...PageInfoFields
      }
      totalCount
    }
  }
`);

export const AppealsQuery = graphql(`
  query Appeals($first: Int, $after: String, $number: String! = "", $byNumber: Boolean! = false) {
    me @skip(if: $byNumber) {
      ...AppealsAccount
    }
    account(number: $number) @include(if: $byNumber) {
      ...AppealsAccount
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

/** The replies of one account have been seen (the signed-in one when `accountNumber` is omitted). */
export const MarkAppealsReadMutation = graphql(`
  mutation MarkAppealsRead($accountNumber: String) {
    markAppealsRead(accountNumber: $accountNumber)
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

/** Replies to the appeals of every account the person holds: `appeal.account.number` says whose. */
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
        account {
          id
          number
        }
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

/** «Добавить лицевой счёт»: the account and its proof (the bill's activation code, or the password of its sign-in). */
export const LinkAccountMutation = graphql(`
  mutation LinkAccount($input: LinkAccountInput!) {
    linkAccount(input: $input) {
      id
      number
      address
    }
  }
`);

/** «Отвязать»: never the last account (the API refuses). */
export const UnlinkAccountMutation = graphql(`
  mutation UnlinkAccount($accountNumber: String!) {
    unlinkAccount(accountNumber: $accountNumber)
  }
`);
