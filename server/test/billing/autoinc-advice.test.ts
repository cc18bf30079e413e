/**
 * The advice the close logs about the server's innodb_autoinc_lock_mode (close-workers.ts): below 2, the workers'
 * INSERT … SELECTs into the ledger wait for each other behind the table's AUTO-INC lock.
 */
import { autoIncLockAdvice } from '../../src/billing/close-workers';

it('advises mode 2 when several workers would wait on the AUTO-INC lock', () => {
  for (const mode of [0, 1]) {
    const advice = autoIncLockAdvice(mode, 3);
    expect(advice).toContain(`innodb_autoinc_lock_mode is ${mode}`);
    expect(advice).toContain('--innodb-autoinc-lock-mode=2');
  }
});

it('says nothing with mode 2, one worker, or a server that does not tell', () => {
  expect(autoIncLockAdvice(2, 3)).toBeNull();
  expect(autoIncLockAdvice(1, 1)).toBeNull();
  expect(autoIncLockAdvice(null, 3)).toBeNull();
  expect(autoIncLockAdvice(Number.NaN, 3)).toBeNull();
});
