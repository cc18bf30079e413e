/** The dashboard's query (as the site's first page asks it; also server/test/performance/dashboard-queries.e2e.test.ts). */
export const DASHBOARD = `{ me {
  number balance amountDue advance unreadReplyCount
  meters { id title serialNumber verificationDueOn verificationExpired
    previousReading { value period status } currentReading { value status consumption } }
  ledger(first: 12) { totalCount openingBalance closingBalance totalCharged totalPaid nodes { date kind amount description } }
  appeals(first: 10) { totalCount nodes { id text status createdAt replies { text authorRole createdAt } } }
} }`;
