/**
 * The close's workers share the process's one thread. A batch's JavaScript — its summaries decoded, penalties
 * computed, history ranked: tens of milliseconds for 5,000 accounts, each loop in one go — kept the other workers'
 * finished statements waiting, and the workers fell into step: all computing while the database idled, then all in the
 * database (sampled at a million accounts: no statement running a quarter of the time). A breath every BREATH_EVERY
 * accounts lets the others send their next statement in between.
 */
export const BREATH_EVERY = 250;

/** Yields to the event loop: I/O callbacks waiting (other workers' results) run first. */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
