/** Progress of long work: the time left from the pace of this run, and what a terminal and a log are shown. */
import { ProgressReporter, durationText, progressLine, secondsLeft } from '../src/common/progress';

it('estimates the time left from the pace of this run, not counting what a resumed run found done', () => {
  expect(secondsLeft({ done: 0, total: 100, startedAt: 0 }, 5000)).toBeNull();
  expect(secondsLeft({ done: 25, total: 100, startedAt: 0 }, 10_000)).toBe(30);
  // Resumed at 50: 10 more in 10 s → 40 left at 1 a second.
  expect(secondsLeft({ done: 60, total: 100, startedAt: 0, doneAtStart: 50 }, 10_000)).toBe(40);
  expect(secondsLeft({ done: 100, total: 100, startedAt: 0, doneAtStart: 100 }, 10_000)).toBe(0);
});

it('writes durations and lines in Russian, with grouped thousands', () => {
  expect(durationText(42)).toBe('42 с');
  expect(durationText(185)).toBe('3 мин 05 с');
  expect(durationText(3720)).toBe('1 ч 02 мин');
  expect(progressLine({ done: 450_000, total: 1_000_000, startedAt: 0 }, 60_000)).toBe('45 % — 450 000 из 1 000 000, осталось ~1 мин 13 с');
});

it('redraws a bar in place on a terminal; writes a plain line every 10 % in a log', () => {
  let clock = 0;
  const tty: string[] = [];
  const bar = new ProgressReporter('close', { isTTY: true, columns: 100, write: (s) => tty.push(s) }, () => clock);
  clock = 1000;
  bar.update(10, 100);
  bar.finish();
  expect(tty[0]).toMatch(/^\rclose \[##\.{22}\] 10 % — 10 из 100, осталось ~9 с/);
  expect(tty[1]).toBe('\n');

  const log: string[] = [];
  const plain = new ProgressReporter('close', { isTTY: false, write: (s) => log.push(s) }, () => clock);
  for (let done = 0; done <= 100; done += 5) plain.update(done, 100);
  expect(log).toHaveLength(11);
  expect(log[0]).toBe('close: 0 % — 0 из 100\n');
  expect(log.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
});
