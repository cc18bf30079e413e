/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment PageInfoFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n": typeof types.PageInfoFieldsFragmentDoc,
    "\n  fragment AccountCard on Account {\n    id\n    number\n    address\n    balance\n  }\n": typeof types.AccountCardFragmentDoc,
    "\n  fragment AccountBalance on Account {\n    ...AccountCard\n    amountDue\n    advance\n  }\n": typeof types.AccountBalanceFragmentDoc,
    "\n  fragment LedgerEntryFields on LedgerEntry {\n    id\n    date\n    kind\n    period\n    description\n    amount\n  }\n": typeof types.LedgerEntryFieldsFragmentDoc,
    "\n  fragment ReadingFields on Reading {\n    id\n    period\n    value\n    consumption\n    status\n    source\n    submittedAt\n    reviewedAt\n    rejectionReason\n  }\n": typeof types.ReadingFieldsFragmentDoc,
    "\n  fragment MeterInfo on Meter {\n    id\n    kind\n    title\n    serialNumber\n    admittedOn\n    verificationDueOn\n    verificationExpired\n  }\n": typeof types.MeterInfoFragmentDoc,
    "\n  fragment MeterFields on Meter {\n    ...MeterInfo\n    failedOn\n    previousReading {\n      ...ReadingFields\n    }\n    currentReading {\n      ...ReadingFields\n    }\n  }\n": typeof types.MeterFieldsFragmentDoc,
    "\n  fragment ReadingsWindowFields on ReadingsWindow {\n    from\n    to\n    isOpen\n    opensOn\n    currentPeriod\n  }\n": typeof types.ReadingsWindowFieldsFragmentDoc,
    "\n  fragment AppealFields on Appeal {\n    id\n    text\n    status\n    createdAt\n    replies {\n      id\n      authorRole\n      text\n      createdAt\n    }\n  }\n": typeof types.AppealFieldsFragmentDoc,
    "\n  query Utility {\n    utility {\n      name\n      address\n      phone\n      email\n      website\n      workingHours\n      dispatcherPhone\n    }\n  }\n": typeof types.UtilityDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accountNumber\n      maskedEmail\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  mutation Login($accountNumber: String!, $password: String!, $remember: Boolean) {\n    login(accountNumber: $accountNumber, password: $password, remember: $remember) {\n      accessToken\n      refreshToken\n      expiresAt\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresAt\n    }\n  }\n": typeof types.RefreshSessionDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.LogoutDocument,
    "\n  mutation RequestPasswordReset($accountNumber: String!) {\n    requestPasswordReset(accountNumber: $accountNumber)\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  query PasswordResetLinkValid($token: String!) {\n    passwordResetLinkValid(token: $token)\n  }\n": typeof types.PasswordResetLinkValidDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": typeof types.ResetPasswordDocument,
    "\n  query AccountSummary {\n    me {\n      id\n      number\n      lastName\n      firstName\n      middleName\n    }\n    myAccounts {\n      ...AccountCard\n      unreadReplyCount\n    }\n  }\n": typeof types.AccountSummaryDocument,
    "\n  fragment HomeAccount on Account {\n    ...AccountBalance\n    unreadReplyCount\n    meters {\n      ...MeterFields\n    }\n    appeals(first: 10) {\n      nodes {\n        ...AppealFields\n      }\n    }\n  }\n": typeof types.HomeAccountFragmentDoc,
    "\n  query Home($number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...HomeAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...HomeAccount\n    }\n    readingsWindow {\n      ...ReadingsWindowFields\n    }\n  }\n": typeof types.HomeDocument,
    "\n  fragment MetersAccount on Account {\n    id\n    number\n    meters {\n      ...MeterFields\n    }\n  }\n": typeof types.MetersAccountFragmentDoc,
    "\n  query Meters($number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...MetersAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...MetersAccount\n    }\n    readingsWindow {\n      ...ReadingsWindowFields\n    }\n  }\n": typeof types.MetersDocument,
    "\n  fragment MeterHistoryAccount on Account {\n    id\n    number\n    meters {\n      ...MeterInfo\n      chart: readings(first: 100) {\n        nodes {\n          id\n          period\n          value\n          consumption\n          status\n          submittedAt\n        }\n      }\n      readings(first: $first, after: $after) {\n        nodes {\n          ...ReadingFields\n        }\n        pageInfo {\n          ...PageInfoFields\n        }\n        totalCount\n      }\n    }\n  }\n": typeof types.MeterHistoryAccountFragmentDoc,
    "\n  query MeterHistory($first: Int, $after: String, $number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...MeterHistoryAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...MeterHistoryAccount\n    }\n  }\n": typeof types.MeterHistoryDocument,
    "\n  mutation SubmitReadings($readings: [ReadingInput!]!, $confirmUnusual: Boolean) {\n    submitReadings(readings: $readings, confirmUnusual: $confirmUnusual) {\n      ...ReadingFields\n      meter {\n        id\n      }\n    }\n  }\n": typeof types.SubmitReadingsDocument,
    "\n  query Pay($number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...AccountBalance\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...AccountBalance\n    }\n    myAccounts {\n      ...AccountBalance\n    }\n  }\n": typeof types.PayDocument,
    "\n  fragment PaymentDocumentAccount on Account {\n    id\n    number\n    paymentDocument(period: $period, amount: $amount) {\n      period\n      issuedOn\n      amount\n      amountDue\n      advance\n      amountChosen\n      pdfUrl\n    }\n  }\n": typeof types.PaymentDocumentAccountFragmentDoc,
    "\n  query PaymentDocument($period: Period, $amount: Decimal, $number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...PaymentDocumentAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...PaymentDocumentAccount\n    }\n  }\n": typeof types.PaymentDocumentDocument,
    "\n  mutation StartCardPayment($amount: Decimal!, $accountNumber: String, $parts: [PaymentPartInput!]) {\n    startCardPayment(amount: $amount, accountNumber: $accountNumber, parts: $parts) {\n      id\n      amount\n      status\n      confirmationUrl\n    }\n  }\n": typeof types.StartCardPaymentDocument,
    "\n  query Payment($id: ID!) {\n    payment(id: $id) {\n      id\n      amount\n      status\n      accountNumber\n      parts {\n        accountNumber\n        amount\n      }\n    }\n  }\n": typeof types.PaymentDocument,
    "\n  fragment LedgerAccount on Account {\n    id\n    number\n    balance\n    ledger(from: $from, to: $to, order: $order, first: $first, after: $after) {\n      nodes {\n        ...LedgerEntryFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n      openingBalance\n      closingBalance\n      totalCharged\n      totalPaid\n    }\n  }\n": typeof types.LedgerAccountFragmentDoc,
    "\n  query Ledger($from: Date, $to: Date, $order: SortOrder, $first: Int, $after: String, $number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...LedgerAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...LedgerAccount\n    }\n  }\n": typeof types.LedgerDocument,
    "\n  fragment AppealsAccount on Account {\n    id\n    number\n    unreadReplyCount\n    appeals(first: $first, after: $after) {\n      nodes {\n        ...AppealFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n": typeof types.AppealsAccountFragmentDoc,
    "\n  query Appeals($first: Int, $after: String, $number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...AppealsAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...AppealsAccount\n    }\n  }\n": typeof types.AppealsDocument,
    "\n  mutation CreateAppeal($input: CreateAppealInput!) {\n    createAppeal(input: $input) {\n      ...AppealFields\n    }\n  }\n": typeof types.CreateAppealDocument,
    "\n  mutation MarkAppealsRead($accountNumber: String) {\n    markAppealsRead(accountNumber: $accountNumber)\n  }\n": typeof types.MarkAppealsReadDocument,
    "\n  mutation CreateSubscriptionTicket {\n    createSubscriptionTicket {\n      ticket\n      expiresAt\n    }\n  }\n": typeof types.CreateSubscriptionTicketDocument,
    "\n  subscription AppealReplied {\n    appealReplied {\n      id\n      authorRole\n      text\n      createdAt\n      appeal {\n        id\n        status\n        account {\n          id\n          number\n        }\n      }\n    }\n  }\n": typeof types.AppealRepliedDocument,
    "\n  query Settings {\n    me {\n      id\n      number\n      email\n      phone\n      receiptByEmail\n      paperReceipt\n    }\n  }\n": typeof types.SettingsDocument,
    "\n  mutation UpdateSettings($input: SettingsInput!) {\n    updateSettings(input: $input) {\n      id\n      email\n      phone\n      receiptByEmail\n      paperReceipt\n    }\n  }\n": typeof types.UpdateSettingsDocument,
    "\n  mutation LinkAccount($input: LinkAccountInput!) {\n    linkAccount(input: $input) {\n      id\n      number\n      address\n    }\n  }\n": typeof types.LinkAccountDocument,
    "\n  mutation UnlinkAccount($accountNumber: String!) {\n    unlinkAccount(accountNumber: $accountNumber)\n  }\n": typeof types.UnlinkAccountDocument,
    "\n  fragment AccountHolder on Account {\n    id\n    number\n    lastName\n    firstName\n    middleName\n    address\n  }\n": typeof types.AccountHolderFragmentDoc,
    "\n  mutation StaffLogin($username: String!, $password: String!) {\n    staffLogin(username: $username, password: $password) {\n      accessToken\n      refreshToken\n      expiresAt\n    }\n  }\n": typeof types.StaffLoginDocument,
    "\n  query ReadingsForReview($first: Int, $after: String) {\n    readingsForReview(first: $first, after: $after) {\n      nodes {\n        id\n        period\n        value\n        consumption\n        flagged\n        rollover\n        status\n        source\n        submittedAt\n        meter {\n          id\n          kind\n          title\n          serialNumber\n          previousReading {\n            id\n            period\n            value\n          }\n          account {\n            id\n            number\n            address\n          }\n        }\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n": typeof types.ReadingsForReviewDocument,
    "\n  mutation ReviewReading($readingId: ID!, $accept: Boolean!, $reason: String, $confirmFlagged: Boolean) {\n    reviewReading(readingId: $readingId, accept: $accept, reason: $reason, confirmFlagged: $confirmFlagged) {\n      id\n      status\n      rejectionReason\n    }\n  }\n": typeof types.ReviewReadingDocument,
    "\n  query AppealsForReview($status: AppealStatus, $first: Int, $after: String) {\n    appealsForReview(status: $status, first: $first, after: $after) {\n      nodes {\n        ...AppealFields\n        account {\n          ...AccountHolder\n        }\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n": typeof types.AppealsForReviewDocument,
    "\n  mutation ReplyToAppeal($appealId: ID!, $text: String!) {\n    replyToAppeal(appealId: $appealId, text: $text) {\n      id\n      appeal {\n        id\n        status\n      }\n    }\n  }\n": typeof types.ReplyToAppealDocument,
    "\n  mutation CloseAppeal($appealId: ID!) {\n    closeAppeal(appealId: $appealId) {\n      id\n      status\n    }\n  }\n": typeof types.CloseAppealDocument,
    "\n  query SearchAccounts($query: String!, $first: Int, $after: String) {\n    searchAccounts(query: $query, first: $first, after: $after) {\n      nodes {\n        ...AccountHolder\n        balance\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n": typeof types.SearchAccountsDocument,
    "\n  query StaffAccount($number: String!) {\n    account(number: $number) {\n      ...AccountHolder\n      email\n      phone\n      residents\n      owners\n      balance\n      amountDue\n      advance\n      holderAccounts {\n        ...AccountCard\n      }\n      meters {\n        ...MeterFields\n        removedOn\n      }\n      ledger(first: 20) {\n        nodes {\n          ...LedgerEntryFields\n        }\n        totalCount\n      }\n      appeals(first: 20) {\n        nodes {\n          ...AppealFields\n        }\n        totalCount\n      }\n    }\n  }\n": typeof types.StaffAccountDocument,
    "\n  mutation RecordPayment($input: RecordPaymentInput!) {\n    recordPayment(input: $input) {\n      id\n      date\n      amount\n      description\n    }\n  }\n": typeof types.RecordPaymentDocument,
    "\n  mutation SetResidents($accountNumber: String!, $residents: Int!, $owners: Int) {\n    setResidents(accountNumber: $accountNumber, residents: $residents, owners: $owners) {\n      id\n      residents\n      owners\n    }\n  }\n": typeof types.SetResidentsDocument,
    "\n  mutation ReplaceMeter($input: ReplaceMeterInput!) {\n    replaceMeter(input: $input) {\n      removed {\n        id\n        title\n        serialNumber\n        removedOn\n      }\n      installed {\n        id\n        title\n        serialNumber\n        admittedOn\n        verificationDueOn\n      }\n      finalReading {\n        id\n        period\n        value\n        consumption\n      }\n    }\n  }\n": typeof types.ReplaceMeterDocument,
    "\n  mutation MarkMeterFailed($meterId: ID!, $failedOn: Date!) {\n    markMeterFailed(meterId: $meterId, failedOn: $failedOn) {\n      id\n      title\n      serialNumber\n      failedOn\n    }\n  }\n": typeof types.MarkMeterFailedDocument,
    "\n  fragment ImportReport on RegistryImportReport {\n    loaded\n    skipped\n    refused\n    lines {\n      line\n      status\n      message\n    }\n  }\n": typeof types.ImportReportFragmentDoc,
    "\n  mutation ImportPaymentRegistry($csv: String!) {\n    importPaymentRegistry(csv: $csv) {\n      ...ImportReport\n    }\n  }\n": typeof types.ImportPaymentRegistryDocument,
    "\n  mutation ImportCharges($csv: String!) {\n    importCharges(csv: $csv) {\n      ...ImportReport\n    }\n  }\n": typeof types.ImportChargesDocument,
    "\n  query Tariffs($service: BillingService) {\n    tariffs(service: $service) {\n      id\n      service\n      pricePerM3\n      normPerResident\n      validFrom\n      createdAt\n    }\n  }\n": typeof types.TariffsDocument,
    "\n  mutation SetTariff($input: SetTariffInput!) {\n    setTariff(input: $input) {\n      id\n      service\n      pricePerM3\n      normPerResident\n      validFrom\n    }\n  }\n": typeof types.SetTariffDocument,
    "\n  fragment CloseProgress on BillingPeriod {\n    period\n    status\n    startedAt\n    accountsDone\n    accountsTotal\n    progressAt\n    estimatedSecondsLeft\n  }\n": typeof types.CloseProgressFragmentDoc,
    "\n  fragment CloseResult on BillingPeriod {\n    period\n    status\n    closedAt\n    accountsCharged\n    accountsImported\n    totalCharged\n    skippedServices\n  }\n": typeof types.CloseResultFragmentDoc,
    "\n  mutation StartBillingClose($period: Period!) {\n    startBillingClose(period: $period) {\n      ...CloseProgress\n      ...CloseResult\n    }\n  }\n": typeof types.StartBillingCloseDocument,
    "\n  subscription BillingCloseProgress {\n    billingCloseProgress {\n      ...CloseProgress\n      ...CloseResult\n    }\n  }\n": typeof types.BillingCloseProgressDocument,
    "\n  query BillingCloseStatus {\n    billingCloseStatus {\n      lastClosed {\n        ...CloseResult\n      }\n      inProgress {\n        ...CloseProgress\n      }\n      nextPeriod\n      closableFrom\n      canClose\n      reason\n      reasonCode\n    }\n  }\n": typeof types.BillingCloseStatusDocument,
    "\n  query AuditLog($first: Int, $after: String) {\n    auditLog(first: $first, after: $after) {\n      nodes {\n        id\n        action\n        entityType\n        entityId\n        createdAt\n        staffUsername\n        beforeJson\n        afterJson\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n": typeof types.AuditLogDocument,
};
const documents: Documents = {
    "\n  fragment PageInfoFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n": types.PageInfoFieldsFragmentDoc,
    "\n  fragment AccountCard on Account {\n    id\n    number\n    address\n    balance\n  }\n": types.AccountCardFragmentDoc,
    "\n  fragment AccountBalance on Account {\n    ...AccountCard\n    amountDue\n    advance\n  }\n": types.AccountBalanceFragmentDoc,
    "\n  fragment LedgerEntryFields on LedgerEntry {\n    id\n    date\n    kind\n    period\n    description\n    amount\n  }\n": types.LedgerEntryFieldsFragmentDoc,
    "\n  fragment ReadingFields on Reading {\n    id\n    period\n    value\n    consumption\n    status\n    source\n    submittedAt\n    reviewedAt\n    rejectionReason\n  }\n": types.ReadingFieldsFragmentDoc,
    "\n  fragment MeterInfo on Meter {\n    id\n    kind\n    title\n    serialNumber\n    admittedOn\n    verificationDueOn\n    verificationExpired\n  }\n": types.MeterInfoFragmentDoc,
    "\n  fragment MeterFields on Meter {\n    ...MeterInfo\n    failedOn\n    previousReading {\n      ...ReadingFields\n    }\n    currentReading {\n      ...ReadingFields\n    }\n  }\n": types.MeterFieldsFragmentDoc,
    "\n  fragment ReadingsWindowFields on ReadingsWindow {\n    from\n    to\n    isOpen\n    opensOn\n    currentPeriod\n  }\n": types.ReadingsWindowFieldsFragmentDoc,
    "\n  fragment AppealFields on Appeal {\n    id\n    text\n    status\n    createdAt\n    replies {\n      id\n      authorRole\n      text\n      createdAt\n    }\n  }\n": types.AppealFieldsFragmentDoc,
    "\n  query Utility {\n    utility {\n      name\n      address\n      phone\n      email\n      website\n      workingHours\n      dispatcherPhone\n    }\n  }\n": types.UtilityDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accountNumber\n      maskedEmail\n    }\n  }\n": types.RegisterDocument,
    "\n  mutation Login($accountNumber: String!, $password: String!, $remember: Boolean) {\n    login(accountNumber: $accountNumber, password: $password, remember: $remember) {\n      accessToken\n      refreshToken\n      expiresAt\n    }\n  }\n": types.LoginDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresAt\n    }\n  }\n": types.RefreshSessionDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.LogoutDocument,
    "\n  mutation RequestPasswordReset($accountNumber: String!) {\n    requestPasswordReset(accountNumber: $accountNumber)\n  }\n": types.RequestPasswordResetDocument,
    "\n  query PasswordResetLinkValid($token: String!) {\n    passwordResetLinkValid(token: $token)\n  }\n": types.PasswordResetLinkValidDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": types.ResetPasswordDocument,
    "\n  query AccountSummary {\n    me {\n      id\n      number\n      lastName\n      firstName\n      middleName\n    }\n    myAccounts {\n      ...AccountCard\n      unreadReplyCount\n    }\n  }\n": types.AccountSummaryDocument,
    "\n  fragment HomeAccount on Account {\n    ...AccountBalance\n    unreadReplyCount\n    meters {\n      ...MeterFields\n    }\n    appeals(first: 10) {\n      nodes {\n        ...AppealFields\n      }\n    }\n  }\n": types.HomeAccountFragmentDoc,
    "\n  query Home($number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...HomeAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...HomeAccount\n    }\n    readingsWindow {\n      ...ReadingsWindowFields\n    }\n  }\n": types.HomeDocument,
    "\n  fragment MetersAccount on Account {\n    id\n    number\n    meters {\n      ...MeterFields\n    }\n  }\n": types.MetersAccountFragmentDoc,
    "\n  query Meters($number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...MetersAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...MetersAccount\n    }\n    readingsWindow {\n      ...ReadingsWindowFields\n    }\n  }\n": types.MetersDocument,
    "\n  fragment MeterHistoryAccount on Account {\n    id\n    number\n    meters {\n      ...MeterInfo\n      chart: readings(first: 100) {\n        nodes {\n          id\n          period\n          value\n          consumption\n          status\n          submittedAt\n        }\n      }\n      readings(first: $first, after: $after) {\n        nodes {\n          ...ReadingFields\n        }\n        pageInfo {\n          ...PageInfoFields\n        }\n        totalCount\n      }\n    }\n  }\n": types.MeterHistoryAccountFragmentDoc,
    "\n  query MeterHistory($first: Int, $after: String, $number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...MeterHistoryAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...MeterHistoryAccount\n    }\n  }\n": types.MeterHistoryDocument,
    "\n  mutation SubmitReadings($readings: [ReadingInput!]!, $confirmUnusual: Boolean) {\n    submitReadings(readings: $readings, confirmUnusual: $confirmUnusual) {\n      ...ReadingFields\n      meter {\n        id\n      }\n    }\n  }\n": types.SubmitReadingsDocument,
    "\n  query Pay($number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...AccountBalance\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...AccountBalance\n    }\n    myAccounts {\n      ...AccountBalance\n    }\n  }\n": types.PayDocument,
    "\n  fragment PaymentDocumentAccount on Account {\n    id\n    number\n    paymentDocument(period: $period, amount: $amount) {\n      period\n      issuedOn\n      amount\n      amountDue\n      advance\n      amountChosen\n      pdfUrl\n    }\n  }\n": types.PaymentDocumentAccountFragmentDoc,
    "\n  query PaymentDocument($period: Period, $amount: Decimal, $number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...PaymentDocumentAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...PaymentDocumentAccount\n    }\n  }\n": types.PaymentDocumentDocument,
    "\n  mutation StartCardPayment($amount: Decimal!, $accountNumber: String, $parts: [PaymentPartInput!]) {\n    startCardPayment(amount: $amount, accountNumber: $accountNumber, parts: $parts) {\n      id\n      amount\n      status\n      confirmationUrl\n    }\n  }\n": types.StartCardPaymentDocument,
    "\n  query Payment($id: ID!) {\n    payment(id: $id) {\n      id\n      amount\n      status\n      accountNumber\n      parts {\n        accountNumber\n        amount\n      }\n    }\n  }\n": types.PaymentDocument,
    "\n  fragment LedgerAccount on Account {\n    id\n    number\n    balance\n    ledger(from: $from, to: $to, order: $order, first: $first, after: $after) {\n      nodes {\n        ...LedgerEntryFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n      openingBalance\n      closingBalance\n      totalCharged\n      totalPaid\n    }\n  }\n": types.LedgerAccountFragmentDoc,
    "\n  query Ledger($from: Date, $to: Date, $order: SortOrder, $first: Int, $after: String, $number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...LedgerAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...LedgerAccount\n    }\n  }\n": types.LedgerDocument,
    "\n  fragment AppealsAccount on Account {\n    id\n    number\n    unreadReplyCount\n    appeals(first: $first, after: $after) {\n      nodes {\n        ...AppealFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n": types.AppealsAccountFragmentDoc,
    "\n  query Appeals($first: Int, $after: String, $number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...AppealsAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...AppealsAccount\n    }\n  }\n": types.AppealsDocument,
    "\n  mutation CreateAppeal($input: CreateAppealInput!) {\n    createAppeal(input: $input) {\n      ...AppealFields\n    }\n  }\n": types.CreateAppealDocument,
    "\n  mutation MarkAppealsRead($accountNumber: String) {\n    markAppealsRead(accountNumber: $accountNumber)\n  }\n": types.MarkAppealsReadDocument,
    "\n  mutation CreateSubscriptionTicket {\n    createSubscriptionTicket {\n      ticket\n      expiresAt\n    }\n  }\n": types.CreateSubscriptionTicketDocument,
    "\n  subscription AppealReplied {\n    appealReplied {\n      id\n      authorRole\n      text\n      createdAt\n      appeal {\n        id\n        status\n        account {\n          id\n          number\n        }\n      }\n    }\n  }\n": types.AppealRepliedDocument,
    "\n  query Settings {\n    me {\n      id\n      number\n      email\n      phone\n      receiptByEmail\n      paperReceipt\n    }\n  }\n": types.SettingsDocument,
    "\n  mutation UpdateSettings($input: SettingsInput!) {\n    updateSettings(input: $input) {\n      id\n      email\n      phone\n      receiptByEmail\n      paperReceipt\n    }\n  }\n": types.UpdateSettingsDocument,
    "\n  mutation LinkAccount($input: LinkAccountInput!) {\n    linkAccount(input: $input) {\n      id\n      number\n      address\n    }\n  }\n": types.LinkAccountDocument,
    "\n  mutation UnlinkAccount($accountNumber: String!) {\n    unlinkAccount(accountNumber: $accountNumber)\n  }\n": types.UnlinkAccountDocument,
    "\n  fragment AccountHolder on Account {\n    id\n    number\n    lastName\n    firstName\n    middleName\n    address\n  }\n": types.AccountHolderFragmentDoc,
    "\n  mutation StaffLogin($username: String!, $password: String!) {\n    staffLogin(username: $username, password: $password) {\n      accessToken\n      refreshToken\n      expiresAt\n    }\n  }\n": types.StaffLoginDocument,
    "\n  query ReadingsForReview($first: Int, $after: String) {\n    readingsForReview(first: $first, after: $after) {\n      nodes {\n        id\n        period\n        value\n        consumption\n        flagged\n        rollover\n        status\n        source\n        submittedAt\n        meter {\n          id\n          kind\n          title\n          serialNumber\n          previousReading {\n            id\n            period\n            value\n          }\n          account {\n            id\n            number\n            address\n          }\n        }\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n": types.ReadingsForReviewDocument,
    "\n  mutation ReviewReading($readingId: ID!, $accept: Boolean!, $reason: String, $confirmFlagged: Boolean) {\n    reviewReading(readingId: $readingId, accept: $accept, reason: $reason, confirmFlagged: $confirmFlagged) {\n      id\n      status\n      rejectionReason\n    }\n  }\n": types.ReviewReadingDocument,
    "\n  query AppealsForReview($status: AppealStatus, $first: Int, $after: String) {\n    appealsForReview(status: $status, first: $first, after: $after) {\n      nodes {\n        ...AppealFields\n        account {\n          ...AccountHolder\n        }\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n": types.AppealsForReviewDocument,
    "\n  mutation ReplyToAppeal($appealId: ID!, $text: String!) {\n    replyToAppeal(appealId: $appealId, text: $text) {\n      id\n      appeal {\n        id\n        status\n      }\n    }\n  }\n": types.ReplyToAppealDocument,
    "\n  mutation CloseAppeal($appealId: ID!) {\n    closeAppeal(appealId: $appealId) {\n      id\n      status\n    }\n  }\n": types.CloseAppealDocument,
    "\n  query SearchAccounts($query: String!, $first: Int, $after: String) {\n    searchAccounts(query: $query, first: $first, after: $after) {\n      nodes {\n        ...AccountHolder\n        balance\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n": types.SearchAccountsDocument,
    "\n  query StaffAccount($number: String!) {\n    account(number: $number) {\n      ...AccountHolder\n      email\n      phone\n      residents\n      owners\n      balance\n      amountDue\n      advance\n      holderAccounts {\n        ...AccountCard\n      }\n      meters {\n        ...MeterFields\n        removedOn\n      }\n      ledger(first: 20) {\n        nodes {\n          ...LedgerEntryFields\n        }\n        totalCount\n      }\n      appeals(first: 20) {\n        nodes {\n          ...AppealFields\n        }\n        totalCount\n      }\n    }\n  }\n": types.StaffAccountDocument,
    "\n  mutation RecordPayment($input: RecordPaymentInput!) {\n    recordPayment(input: $input) {\n      id\n      date\n      amount\n      description\n    }\n  }\n": types.RecordPaymentDocument,
    "\n  mutation SetResidents($accountNumber: String!, $residents: Int!, $owners: Int) {\n    setResidents(accountNumber: $accountNumber, residents: $residents, owners: $owners) {\n      id\n      residents\n      owners\n    }\n  }\n": types.SetResidentsDocument,
    "\n  mutation ReplaceMeter($input: ReplaceMeterInput!) {\n    replaceMeter(input: $input) {\n      removed {\n        id\n        title\n        serialNumber\n        removedOn\n      }\n      installed {\n        id\n        title\n        serialNumber\n        admittedOn\n        verificationDueOn\n      }\n      finalReading {\n        id\n        period\n        value\n        consumption\n      }\n    }\n  }\n": types.ReplaceMeterDocument,
    "\n  mutation MarkMeterFailed($meterId: ID!, $failedOn: Date!) {\n    markMeterFailed(meterId: $meterId, failedOn: $failedOn) {\n      id\n      title\n      serialNumber\n      failedOn\n    }\n  }\n": types.MarkMeterFailedDocument,
    "\n  fragment ImportReport on RegistryImportReport {\n    loaded\n    skipped\n    refused\n    lines {\n      line\n      status\n      message\n    }\n  }\n": types.ImportReportFragmentDoc,
    "\n  mutation ImportPaymentRegistry($csv: String!) {\n    importPaymentRegistry(csv: $csv) {\n      ...ImportReport\n    }\n  }\n": types.ImportPaymentRegistryDocument,
    "\n  mutation ImportCharges($csv: String!) {\n    importCharges(csv: $csv) {\n      ...ImportReport\n    }\n  }\n": types.ImportChargesDocument,
    "\n  query Tariffs($service: BillingService) {\n    tariffs(service: $service) {\n      id\n      service\n      pricePerM3\n      normPerResident\n      validFrom\n      createdAt\n    }\n  }\n": types.TariffsDocument,
    "\n  mutation SetTariff($input: SetTariffInput!) {\n    setTariff(input: $input) {\n      id\n      service\n      pricePerM3\n      normPerResident\n      validFrom\n    }\n  }\n": types.SetTariffDocument,
    "\n  fragment CloseProgress on BillingPeriod {\n    period\n    status\n    startedAt\n    accountsDone\n    accountsTotal\n    progressAt\n    estimatedSecondsLeft\n  }\n": types.CloseProgressFragmentDoc,
    "\n  fragment CloseResult on BillingPeriod {\n    period\n    status\n    closedAt\n    accountsCharged\n    accountsImported\n    totalCharged\n    skippedServices\n  }\n": types.CloseResultFragmentDoc,
    "\n  mutation StartBillingClose($period: Period!) {\n    startBillingClose(period: $period) {\n      ...CloseProgress\n      ...CloseResult\n    }\n  }\n": types.StartBillingCloseDocument,
    "\n  subscription BillingCloseProgress {\n    billingCloseProgress {\n      ...CloseProgress\n      ...CloseResult\n    }\n  }\n": types.BillingCloseProgressDocument,
    "\n  query BillingCloseStatus {\n    billingCloseStatus {\n      lastClosed {\n        ...CloseResult\n      }\n      inProgress {\n        ...CloseProgress\n      }\n      nextPeriod\n      closableFrom\n      canClose\n      reason\n      reasonCode\n    }\n  }\n": types.BillingCloseStatusDocument,
    "\n  query AuditLog($first: Int, $after: String) {\n    auditLog(first: $first, after: $after) {\n      nodes {\n        id\n        action\n        entityType\n        entityId\n        createdAt\n        staffUsername\n        beforeJson\n        afterJson\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n": types.AuditLogDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PageInfoFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n"): (typeof documents)["\n  fragment PageInfoFields on PageInfo {\n    hasNextPage\n    endCursor\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AccountCard on Account {\n    id\n    number\n    address\n    balance\n  }\n"): (typeof documents)["\n  fragment AccountCard on Account {\n    id\n    number\n    address\n    balance\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AccountBalance on Account {\n    ...AccountCard\n    amountDue\n    advance\n  }\n"): (typeof documents)["\n  fragment AccountBalance on Account {\n    ...AccountCard\n    amountDue\n    advance\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LedgerEntryFields on LedgerEntry {\n    id\n    date\n    kind\n    period\n    description\n    amount\n  }\n"): (typeof documents)["\n  fragment LedgerEntryFields on LedgerEntry {\n    id\n    date\n    kind\n    period\n    description\n    amount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReadingFields on Reading {\n    id\n    period\n    value\n    consumption\n    status\n    source\n    submittedAt\n    reviewedAt\n    rejectionReason\n  }\n"): (typeof documents)["\n  fragment ReadingFields on Reading {\n    id\n    period\n    value\n    consumption\n    status\n    source\n    submittedAt\n    reviewedAt\n    rejectionReason\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MeterInfo on Meter {\n    id\n    kind\n    title\n    serialNumber\n    admittedOn\n    verificationDueOn\n    verificationExpired\n  }\n"): (typeof documents)["\n  fragment MeterInfo on Meter {\n    id\n    kind\n    title\n    serialNumber\n    admittedOn\n    verificationDueOn\n    verificationExpired\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MeterFields on Meter {\n    ...MeterInfo\n    failedOn\n    previousReading {\n      ...ReadingFields\n    }\n    currentReading {\n      ...ReadingFields\n    }\n  }\n"): (typeof documents)["\n  fragment MeterFields on Meter {\n    ...MeterInfo\n    failedOn\n    previousReading {\n      ...ReadingFields\n    }\n    currentReading {\n      ...ReadingFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReadingsWindowFields on ReadingsWindow {\n    from\n    to\n    isOpen\n    opensOn\n    currentPeriod\n  }\n"): (typeof documents)["\n  fragment ReadingsWindowFields on ReadingsWindow {\n    from\n    to\n    isOpen\n    opensOn\n    currentPeriod\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AppealFields on Appeal {\n    id\n    text\n    status\n    createdAt\n    replies {\n      id\n      authorRole\n      text\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  fragment AppealFields on Appeal {\n    id\n    text\n    status\n    createdAt\n    replies {\n      id\n      authorRole\n      text\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Utility {\n    utility {\n      name\n      address\n      phone\n      email\n      website\n      workingHours\n      dispatcherPhone\n    }\n  }\n"): (typeof documents)["\n  query Utility {\n    utility {\n      name\n      address\n      phone\n      email\n      website\n      workingHours\n      dispatcherPhone\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accountNumber\n      maskedEmail\n    }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accountNumber\n      maskedEmail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($accountNumber: String!, $password: String!, $remember: Boolean) {\n    login(accountNumber: $accountNumber, password: $password, remember: $remember) {\n      accessToken\n      refreshToken\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation Login($accountNumber: String!, $password: String!, $remember: Boolean) {\n    login(accountNumber: $accountNumber, password: $password, remember: $remember) {\n      accessToken\n      refreshToken\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPasswordReset($accountNumber: String!) {\n    requestPasswordReset(accountNumber: $accountNumber)\n  }\n"): (typeof documents)["\n  mutation RequestPasswordReset($accountNumber: String!) {\n    requestPasswordReset(accountNumber: $accountNumber)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PasswordResetLinkValid($token: String!) {\n    passwordResetLinkValid(token: $token)\n  }\n"): (typeof documents)["\n  query PasswordResetLinkValid($token: String!) {\n    passwordResetLinkValid(token: $token)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccountSummary {\n    me {\n      id\n      number\n      lastName\n      firstName\n      middleName\n    }\n    myAccounts {\n      ...AccountCard\n      unreadReplyCount\n    }\n  }\n"): (typeof documents)["\n  query AccountSummary {\n    me {\n      id\n      number\n      lastName\n      firstName\n      middleName\n    }\n    myAccounts {\n      ...AccountCard\n      unreadReplyCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment HomeAccount on Account {\n    ...AccountBalance\n    unreadReplyCount\n    meters {\n      ...MeterFields\n    }\n    appeals(first: 10) {\n      nodes {\n        ...AppealFields\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment HomeAccount on Account {\n    ...AccountBalance\n    unreadReplyCount\n    meters {\n      ...MeterFields\n    }\n    appeals(first: 10) {\n      nodes {\n        ...AppealFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Home($number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...HomeAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...HomeAccount\n    }\n    readingsWindow {\n      ...ReadingsWindowFields\n    }\n  }\n"): (typeof documents)["\n  query Home($number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...HomeAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...HomeAccount\n    }\n    readingsWindow {\n      ...ReadingsWindowFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MetersAccount on Account {\n    id\n    number\n    meters {\n      ...MeterFields\n    }\n  }\n"): (typeof documents)["\n  fragment MetersAccount on Account {\n    id\n    number\n    meters {\n      ...MeterFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Meters($number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...MetersAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...MetersAccount\n    }\n    readingsWindow {\n      ...ReadingsWindowFields\n    }\n  }\n"): (typeof documents)["\n  query Meters($number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...MetersAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...MetersAccount\n    }\n    readingsWindow {\n      ...ReadingsWindowFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MeterHistoryAccount on Account {\n    id\n    number\n    meters {\n      ...MeterInfo\n      chart: readings(first: 100) {\n        nodes {\n          id\n          period\n          value\n          consumption\n          status\n          submittedAt\n        }\n      }\n      readings(first: $first, after: $after) {\n        nodes {\n          ...ReadingFields\n        }\n        pageInfo {\n          ...PageInfoFields\n        }\n        totalCount\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment MeterHistoryAccount on Account {\n    id\n    number\n    meters {\n      ...MeterInfo\n      chart: readings(first: 100) {\n        nodes {\n          id\n          period\n          value\n          consumption\n          status\n          submittedAt\n        }\n      }\n      readings(first: $first, after: $after) {\n        nodes {\n          ...ReadingFields\n        }\n        pageInfo {\n          ...PageInfoFields\n        }\n        totalCount\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MeterHistory($first: Int, $after: String, $number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...MeterHistoryAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...MeterHistoryAccount\n    }\n  }\n"): (typeof documents)["\n  query MeterHistory($first: Int, $after: String, $number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...MeterHistoryAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...MeterHistoryAccount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitReadings($readings: [ReadingInput!]!, $confirmUnusual: Boolean) {\n    submitReadings(readings: $readings, confirmUnusual: $confirmUnusual) {\n      ...ReadingFields\n      meter {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitReadings($readings: [ReadingInput!]!, $confirmUnusual: Boolean) {\n    submitReadings(readings: $readings, confirmUnusual: $confirmUnusual) {\n      ...ReadingFields\n      meter {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Pay($number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...AccountBalance\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...AccountBalance\n    }\n    myAccounts {\n      ...AccountBalance\n    }\n  }\n"): (typeof documents)["\n  query Pay($number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...AccountBalance\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...AccountBalance\n    }\n    myAccounts {\n      ...AccountBalance\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PaymentDocumentAccount on Account {\n    id\n    number\n    paymentDocument(period: $period, amount: $amount) {\n      period\n      issuedOn\n      amount\n      amountDue\n      advance\n      amountChosen\n      pdfUrl\n    }\n  }\n"): (typeof documents)["\n  fragment PaymentDocumentAccount on Account {\n    id\n    number\n    paymentDocument(period: $period, amount: $amount) {\n      period\n      issuedOn\n      amount\n      amountDue\n      advance\n      amountChosen\n      pdfUrl\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PaymentDocument($period: Period, $amount: Decimal, $number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...PaymentDocumentAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...PaymentDocumentAccount\n    }\n  }\n"): (typeof documents)["\n  query PaymentDocument($period: Period, $amount: Decimal, $number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...PaymentDocumentAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...PaymentDocumentAccount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartCardPayment($amount: Decimal!, $accountNumber: String, $parts: [PaymentPartInput!]) {\n    startCardPayment(amount: $amount, accountNumber: $accountNumber, parts: $parts) {\n      id\n      amount\n      status\n      confirmationUrl\n    }\n  }\n"): (typeof documents)["\n  mutation StartCardPayment($amount: Decimal!, $accountNumber: String, $parts: [PaymentPartInput!]) {\n    startCardPayment(amount: $amount, accountNumber: $accountNumber, parts: $parts) {\n      id\n      amount\n      status\n      confirmationUrl\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Payment($id: ID!) {\n    payment(id: $id) {\n      id\n      amount\n      status\n      accountNumber\n      parts {\n        accountNumber\n        amount\n      }\n    }\n  }\n"): (typeof documents)["\n  query Payment($id: ID!) {\n    payment(id: $id) {\n      id\n      amount\n      status\n      accountNumber\n      parts {\n        accountNumber\n        amount\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LedgerAccount on Account {\n    id\n    number\n    balance\n    ledger(from: $from, to: $to, order: $order, first: $first, after: $after) {\n      nodes {\n        ...LedgerEntryFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n      openingBalance\n      closingBalance\n      totalCharged\n      totalPaid\n    }\n  }\n"): (typeof documents)["\n  fragment LedgerAccount on Account {\n    id\n    number\n    balance\n    ledger(from: $from, to: $to, order: $order, first: $first, after: $after) {\n      nodes {\n        ...LedgerEntryFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n      openingBalance\n      closingBalance\n      totalCharged\n      totalPaid\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Ledger($from: Date, $to: Date, $order: SortOrder, $first: Int, $after: String, $number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...LedgerAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...LedgerAccount\n    }\n  }\n"): (typeof documents)["\n  query Ledger($from: Date, $to: Date, $order: SortOrder, $first: Int, $after: String, $number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...LedgerAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...LedgerAccount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AppealsAccount on Account {\n    id\n    number\n    unreadReplyCount\n    appeals(first: $first, after: $after) {\n      nodes {\n        ...AppealFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  fragment AppealsAccount on Account {\n    id\n    number\n    unreadReplyCount\n    appeals(first: $first, after: $after) {\n      nodes {\n        ...AppealFields\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Appeals($first: Int, $after: String, $number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...AppealsAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...AppealsAccount\n    }\n  }\n"): (typeof documents)["\n  query Appeals($first: Int, $after: String, $number: String! = \"\", $byNumber: Boolean! = false) {\n    me @skip(if: $byNumber) {\n      ...AppealsAccount\n    }\n    account(number: $number) @include(if: $byNumber) {\n      ...AppealsAccount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAppeal($input: CreateAppealInput!) {\n    createAppeal(input: $input) {\n      ...AppealFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAppeal($input: CreateAppealInput!) {\n    createAppeal(input: $input) {\n      ...AppealFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkAppealsRead($accountNumber: String) {\n    markAppealsRead(accountNumber: $accountNumber)\n  }\n"): (typeof documents)["\n  mutation MarkAppealsRead($accountNumber: String) {\n    markAppealsRead(accountNumber: $accountNumber)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSubscriptionTicket {\n    createSubscriptionTicket {\n      ticket\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSubscriptionTicket {\n    createSubscriptionTicket {\n      ticket\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AppealReplied {\n    appealReplied {\n      id\n      authorRole\n      text\n      createdAt\n      appeal {\n        id\n        status\n        account {\n          id\n          number\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription AppealReplied {\n    appealReplied {\n      id\n      authorRole\n      text\n      createdAt\n      appeal {\n        id\n        status\n        account {\n          id\n          number\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Settings {\n    me {\n      id\n      number\n      email\n      phone\n      receiptByEmail\n      paperReceipt\n    }\n  }\n"): (typeof documents)["\n  query Settings {\n    me {\n      id\n      number\n      email\n      phone\n      receiptByEmail\n      paperReceipt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSettings($input: SettingsInput!) {\n    updateSettings(input: $input) {\n      id\n      email\n      phone\n      receiptByEmail\n      paperReceipt\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSettings($input: SettingsInput!) {\n    updateSettings(input: $input) {\n      id\n      email\n      phone\n      receiptByEmail\n      paperReceipt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LinkAccount($input: LinkAccountInput!) {\n    linkAccount(input: $input) {\n      id\n      number\n      address\n    }\n  }\n"): (typeof documents)["\n  mutation LinkAccount($input: LinkAccountInput!) {\n    linkAccount(input: $input) {\n      id\n      number\n      address\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnlinkAccount($accountNumber: String!) {\n    unlinkAccount(accountNumber: $accountNumber)\n  }\n"): (typeof documents)["\n  mutation UnlinkAccount($accountNumber: String!) {\n    unlinkAccount(accountNumber: $accountNumber)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AccountHolder on Account {\n    id\n    number\n    lastName\n    firstName\n    middleName\n    address\n  }\n"): (typeof documents)["\n  fragment AccountHolder on Account {\n    id\n    number\n    lastName\n    firstName\n    middleName\n    address\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StaffLogin($username: String!, $password: String!) {\n    staffLogin(username: $username, password: $password) {\n      accessToken\n      refreshToken\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation StaffLogin($username: String!, $password: String!) {\n    staffLogin(username: $username, password: $password) {\n      accessToken\n      refreshToken\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReadingsForReview($first: Int, $after: String) {\n    readingsForReview(first: $first, after: $after) {\n      nodes {\n        id\n        period\n        value\n        consumption\n        flagged\n        rollover\n        status\n        source\n        submittedAt\n        meter {\n          id\n          kind\n          title\n          serialNumber\n          previousReading {\n            id\n            period\n            value\n          }\n          account {\n            id\n            number\n            address\n          }\n        }\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query ReadingsForReview($first: Int, $after: String) {\n    readingsForReview(first: $first, after: $after) {\n      nodes {\n        id\n        period\n        value\n        consumption\n        flagged\n        rollover\n        status\n        source\n        submittedAt\n        meter {\n          id\n          kind\n          title\n          serialNumber\n          previousReading {\n            id\n            period\n            value\n          }\n          account {\n            id\n            number\n            address\n          }\n        }\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReviewReading($readingId: ID!, $accept: Boolean!, $reason: String, $confirmFlagged: Boolean) {\n    reviewReading(readingId: $readingId, accept: $accept, reason: $reason, confirmFlagged: $confirmFlagged) {\n      id\n      status\n      rejectionReason\n    }\n  }\n"): (typeof documents)["\n  mutation ReviewReading($readingId: ID!, $accept: Boolean!, $reason: String, $confirmFlagged: Boolean) {\n    reviewReading(readingId: $readingId, accept: $accept, reason: $reason, confirmFlagged: $confirmFlagged) {\n      id\n      status\n      rejectionReason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AppealsForReview($status: AppealStatus, $first: Int, $after: String) {\n    appealsForReview(status: $status, first: $first, after: $after) {\n      nodes {\n        ...AppealFields\n        account {\n          ...AccountHolder\n        }\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query AppealsForReview($status: AppealStatus, $first: Int, $after: String) {\n    appealsForReview(status: $status, first: $first, after: $after) {\n      nodes {\n        ...AppealFields\n        account {\n          ...AccountHolder\n        }\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplyToAppeal($appealId: ID!, $text: String!) {\n    replyToAppeal(appealId: $appealId, text: $text) {\n      id\n      appeal {\n        id\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ReplyToAppeal($appealId: ID!, $text: String!) {\n    replyToAppeal(appealId: $appealId, text: $text) {\n      id\n      appeal {\n        id\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CloseAppeal($appealId: ID!) {\n    closeAppeal(appealId: $appealId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation CloseAppeal($appealId: ID!) {\n    closeAppeal(appealId: $appealId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchAccounts($query: String!, $first: Int, $after: String) {\n    searchAccounts(query: $query, first: $first, after: $after) {\n      nodes {\n        ...AccountHolder\n        balance\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query SearchAccounts($query: String!, $first: Int, $after: String) {\n    searchAccounts(query: $query, first: $first, after: $after) {\n      nodes {\n        ...AccountHolder\n        balance\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StaffAccount($number: String!) {\n    account(number: $number) {\n      ...AccountHolder\n      email\n      phone\n      residents\n      owners\n      balance\n      amountDue\n      advance\n      holderAccounts {\n        ...AccountCard\n      }\n      meters {\n        ...MeterFields\n        removedOn\n      }\n      ledger(first: 20) {\n        nodes {\n          ...LedgerEntryFields\n        }\n        totalCount\n      }\n      appeals(first: 20) {\n        nodes {\n          ...AppealFields\n        }\n        totalCount\n      }\n    }\n  }\n"): (typeof documents)["\n  query StaffAccount($number: String!) {\n    account(number: $number) {\n      ...AccountHolder\n      email\n      phone\n      residents\n      owners\n      balance\n      amountDue\n      advance\n      holderAccounts {\n        ...AccountCard\n      }\n      meters {\n        ...MeterFields\n        removedOn\n      }\n      ledger(first: 20) {\n        nodes {\n          ...LedgerEntryFields\n        }\n        totalCount\n      }\n      appeals(first: 20) {\n        nodes {\n          ...AppealFields\n        }\n        totalCount\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordPayment($input: RecordPaymentInput!) {\n    recordPayment(input: $input) {\n      id\n      date\n      amount\n      description\n    }\n  }\n"): (typeof documents)["\n  mutation RecordPayment($input: RecordPaymentInput!) {\n    recordPayment(input: $input) {\n      id\n      date\n      amount\n      description\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetResidents($accountNumber: String!, $residents: Int!, $owners: Int) {\n    setResidents(accountNumber: $accountNumber, residents: $residents, owners: $owners) {\n      id\n      residents\n      owners\n    }\n  }\n"): (typeof documents)["\n  mutation SetResidents($accountNumber: String!, $residents: Int!, $owners: Int) {\n    setResidents(accountNumber: $accountNumber, residents: $residents, owners: $owners) {\n      id\n      residents\n      owners\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplaceMeter($input: ReplaceMeterInput!) {\n    replaceMeter(input: $input) {\n      removed {\n        id\n        title\n        serialNumber\n        removedOn\n      }\n      installed {\n        id\n        title\n        serialNumber\n        admittedOn\n        verificationDueOn\n      }\n      finalReading {\n        id\n        period\n        value\n        consumption\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ReplaceMeter($input: ReplaceMeterInput!) {\n    replaceMeter(input: $input) {\n      removed {\n        id\n        title\n        serialNumber\n        removedOn\n      }\n      installed {\n        id\n        title\n        serialNumber\n        admittedOn\n        verificationDueOn\n      }\n      finalReading {\n        id\n        period\n        value\n        consumption\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkMeterFailed($meterId: ID!, $failedOn: Date!) {\n    markMeterFailed(meterId: $meterId, failedOn: $failedOn) {\n      id\n      title\n      serialNumber\n      failedOn\n    }\n  }\n"): (typeof documents)["\n  mutation MarkMeterFailed($meterId: ID!, $failedOn: Date!) {\n    markMeterFailed(meterId: $meterId, failedOn: $failedOn) {\n      id\n      title\n      serialNumber\n      failedOn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ImportReport on RegistryImportReport {\n    loaded\n    skipped\n    refused\n    lines {\n      line\n      status\n      message\n    }\n  }\n"): (typeof documents)["\n  fragment ImportReport on RegistryImportReport {\n    loaded\n    skipped\n    refused\n    lines {\n      line\n      status\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportPaymentRegistry($csv: String!) {\n    importPaymentRegistry(csv: $csv) {\n      ...ImportReport\n    }\n  }\n"): (typeof documents)["\n  mutation ImportPaymentRegistry($csv: String!) {\n    importPaymentRegistry(csv: $csv) {\n      ...ImportReport\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportCharges($csv: String!) {\n    importCharges(csv: $csv) {\n      ...ImportReport\n    }\n  }\n"): (typeof documents)["\n  mutation ImportCharges($csv: String!) {\n    importCharges(csv: $csv) {\n      ...ImportReport\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tariffs($service: BillingService) {\n    tariffs(service: $service) {\n      id\n      service\n      pricePerM3\n      normPerResident\n      validFrom\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query Tariffs($service: BillingService) {\n    tariffs(service: $service) {\n      id\n      service\n      pricePerM3\n      normPerResident\n      validFrom\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTariff($input: SetTariffInput!) {\n    setTariff(input: $input) {\n      id\n      service\n      pricePerM3\n      normPerResident\n      validFrom\n    }\n  }\n"): (typeof documents)["\n  mutation SetTariff($input: SetTariffInput!) {\n    setTariff(input: $input) {\n      id\n      service\n      pricePerM3\n      normPerResident\n      validFrom\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CloseProgress on BillingPeriod {\n    period\n    status\n    startedAt\n    accountsDone\n    accountsTotal\n    progressAt\n    estimatedSecondsLeft\n  }\n"): (typeof documents)["\n  fragment CloseProgress on BillingPeriod {\n    period\n    status\n    startedAt\n    accountsDone\n    accountsTotal\n    progressAt\n    estimatedSecondsLeft\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CloseResult on BillingPeriod {\n    period\n    status\n    closedAt\n    accountsCharged\n    accountsImported\n    totalCharged\n    skippedServices\n  }\n"): (typeof documents)["\n  fragment CloseResult on BillingPeriod {\n    period\n    status\n    closedAt\n    accountsCharged\n    accountsImported\n    totalCharged\n    skippedServices\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartBillingClose($period: Period!) {\n    startBillingClose(period: $period) {\n      ...CloseProgress\n      ...CloseResult\n    }\n  }\n"): (typeof documents)["\n  mutation StartBillingClose($period: Period!) {\n    startBillingClose(period: $period) {\n      ...CloseProgress\n      ...CloseResult\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BillingCloseProgress {\n    billingCloseProgress {\n      ...CloseProgress\n      ...CloseResult\n    }\n  }\n"): (typeof documents)["\n  subscription BillingCloseProgress {\n    billingCloseProgress {\n      ...CloseProgress\n      ...CloseResult\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BillingCloseStatus {\n    billingCloseStatus {\n      lastClosed {\n        ...CloseResult\n      }\n      inProgress {\n        ...CloseProgress\n      }\n      nextPeriod\n      closableFrom\n      canClose\n      reason\n      reasonCode\n    }\n  }\n"): (typeof documents)["\n  query BillingCloseStatus {\n    billingCloseStatus {\n      lastClosed {\n        ...CloseResult\n      }\n      inProgress {\n        ...CloseProgress\n      }\n      nextPeriod\n      closableFrom\n      canClose\n      reason\n      reasonCode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($first: Int, $after: String) {\n    auditLog(first: $first, after: $after) {\n      nodes {\n        id\n        action\n        entityType\n        entityId\n        createdAt\n        staffUsername\n        beforeJson\n        afterJson\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query AuditLog($first: Int, $after: String) {\n    auditLog(first: $first, after: $after) {\n      nodes {\n        id\n        action\n        entityType\n        entityId\n        createdAt\n        staffUsername\n        beforeJson\n        afterJson\n      }\n      pageInfo {\n        ...PageInfoFields\n      }\n      totalCount\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;