/**
 * A ledger line's external_id is its writer's key: recorded once (uq_ledger_external_id). The month close writes its
 * own lines under `close:…` and `penalty:…` (billing/close-lines.ts, billing/penalty-accrual.ts), takes a line already
 * under its key for its own (a close that runs again adds nothing), and leaves them out of the changes its summaries are
 * checked against (migration 1795572800000-LedgerSummaries). No other writer may use those prefixes: a payment or an
 * imported charge under one would stand in for the close's line and pass unseen by the summaries.
 *
 * The database compares external_ids case- and width-blind (utf8mb4_unicode_ci): `CLOSE:` and `ｃｌｏｓｅ:` are the
 * same key there, so the check folds them too.
 */
export const CLOSE_EXTERNAL_ID_PREFIXES = ['close:', 'penalty:'] as const;

export function isCloseExternalId(externalId: string): boolean {
  const folded = externalId.normalize('NFKC').trim().toLowerCase();
  return CLOSE_EXTERNAL_ID_PREFIXES.some((prefix) => folded.startsWith(prefix));
}

export const CLOSE_EXTERNAL_ID_REFUSED = 'идентификаторы, начинающиеся с «close:» и «penalty:», заняты строками закрытия месяца; укажите свой.';
