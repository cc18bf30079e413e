/**
 * The close's workers share one thread: a batch's JavaScript must let the others' finished statements through
 * (server/src/billing/breather.ts). Each of the batch's long loops is driven here with nothing to read from the
 * database, and counts how often the event loop ran a callback of its own while the loop was going on: never, before
 * the breaths.
 */
import { penaltyLines, type PenaltyContext } from '../../src/billing/penalty-accrual';
import { readSummaries, type LedgerSummary } from '../../src/billing/ledger-summaries';
import { batchHistory, type CloseContext } from '../../src/billing/close-volumes';
import { emptyHistory } from '../../src/billing/close-history';
import { BREATH_EVERY } from '../../src/billing/breather';
import type { BatchLedger } from '../../src/billing/close-ledger';

const ACCOUNTS = 5_000;
const ids = Array.from({ length: ACCOUNTS }, (_, i) => i + 1);

/** Counts the event loop's turns (setImmediate callbacks) while `work` runs. */
async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const turn = () => {
    if (!running) return;
    turns++;
    setImmediate(turn);
  };
  setImmediate(turn);
  try {
    await work();
  } finally {
    running = false;
  }
  return turns;
}

/** A batch whose every account has a summary that holds: nothing left to read of the ledger. */
function summedBatch(): BatchLedger {
  const summaries = new Map<number, LedgerSummary>(
    ids.map((id) => [id, { through: '2026-09-30', lumped: '2026-07', billed: new Map([['2026-06', { kopecks: 150_000n, last: '2026-06-30' }]]), paid: null, history: emptyHistory() }]),
  );
  return { lo: 1, hi: ACCOUNTS, dayBefore: '2026-09-30', lumpPeriod: '2026-07', accounts: ids, summaries, tails: new Map(), changesRead: [] };
}

const noDatabase = { query: async () => { throw new Error('no read expected'); } };

test('the penalties of a batch let the event loop run between slices of accounts', async () => {
  const ctx: PenaltyContext = {
    period: '2026-10', periodStart: '2026-10-01', periodEnd: '2026-10-31', dueDay: 10,
    rates: { keyRatePercent: '16.5', capPercent: '9.5', capUntil: null },
  };
  let lines = 0;
  const turns = await turnsDuring(async () => {
    lines = (await penaltyLines(noDatabase, ctx, 1, ACCOUNTS, { ledger: summedBatch(), monthChargedByClose: true })).lines.length;
  });
  expect(lines).toBe(ACCOUNTS); // every account owes June's debt, overdue all October: the loop did its work
  expect(turns).toBeGreaterThanOrEqual(ACCOUNTS / BREATH_EVERY);
});

test('the history of a batch lets the event loop run between slices of accounts', async () => {
  const ctx = { period: '2026-10', previousPeriod: '2026-09' } as CloseContext;
  let kept = 0;
  const turns = await turnsDuring(async () => {
    kept = (await batchHistory(noDatabase, ctx, summedBatch(), true)).kept.size;
  });
  expect(kept).toBe(ACCOUNTS);
  expect(turns).toBeGreaterThanOrEqual(ACCOUNTS / BREATH_EVERY);
});

test('the summaries of a batch are decoded in slices too', async () => {
  const rows = ids.map((id) => ({ account_id: id, through: '2026-09-30', lumped: '2026-07', sums: '1||2026-06:150000:30|!|!' }));
  const answers: unknown[][] = [[], rows];
  const q = { query: async () => answers.shift() };
  let usable = 0;
  const turns = await turnsDuring(async () => {
    usable = (await readSummaries(q, 1, ACCOUNTS, '2026-09-30', '2026-07')).usable.size;
  });
  expect(usable).toBe(ACCOUNTS);
  expect(turns).toBeGreaterThanOrEqual(ACCOUNTS / BREATH_EVERY);
});
