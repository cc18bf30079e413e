/**
 * Progress of long work (a month close, an accounts import): how much is done of how much, and the time left,
 * estimated from the pace so far. `progressLine` is the text; `ProgressReporter` prints it for a command-line
 * tool — on a terminal a bar redrawn in place, in a log (not a TTY) a plain line every 10 % or 30 s.
 */
export interface Progress {
  done: number;
  total: number;
  /** When the work (or, after a resume, this run of it) started, ms. */
  startedAt: number;
  /** `done` when this run started (a resumed close starts from what the interrupted one did): not counted in the pace. */
  doneAtStart?: number;
}

/** Seconds left at the pace of this run so far; null until there is a pace to go by. */
export function secondsLeft(p: Progress, now = Date.now()): number | null {
  const doneHere = p.done - (p.doneAtStart ?? 0);
  const elapsed = (now - p.startedAt) / 1000;
  if (doneHere <= 0 || elapsed <= 0) return p.done >= p.total && p.total > 0 ? 0 : null;
  return Math.max(0, Math.round(((p.total - p.done) * elapsed) / doneHere));
}

/** "1 ч 02 мин", "3 мин 05 с", "42 с". */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h) return `${h} ч ${String(m).padStart(2, '0')} мин`;
  if (m) return `${m} мин ${String(sec).padStart(2, '0')} с`;
  return `${sec} с`;
}

const group = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

/** "45 % — 450 000 из 1 000 000, осталось ~1 мин 12 с". */
export function progressLine(p: Progress, now = Date.now()): string {
  const percent = p.total > 0 ? Math.floor((p.done * 100) / p.total) : 100;
  const left = secondsLeft(p, now);
  return `${percent} % — ${group(p.done)} из ${group(p.total)}${left === null ? '' : `, осталось ~${durationText(left)}`}`;
}

export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export class ProgressReporter {
  private lastLineAt = 0;
  private lastPercent = -1;
  private readonly startedAt: number;

  constructor(
    private readonly label: string,
    private readonly out: ProgressOutput = process.stderr,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  update(done: number, total: number, doneAtStart = 0): void {
    const p: Progress = { done, total, startedAt: this.startedAt, doneAtStart };
    const at = this.now();
    const percent = total > 0 ? Math.floor((done * 100) / total) : 100;
    if (this.out.isTTY) {
      const width = 24;
      const filled = Math.round((width * percent) / 100);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
      const text = `${this.label} ${bar} ${progressLine(p, at)}`;
      this.out.write(`\r${text.slice(0, Math.max(20, (this.out.columns ?? 120) - 1)).padEnd(Math.min(120, (this.out.columns ?? 120) - 1))}`);
      return;
    }
    // A log: a line at every 10 % step, or every 30 s.
    if (Math.floor(percent / 10) > Math.floor(this.lastPercent / 10) || at - this.lastLineAt >= 30_000) {
      this.out.write(`${this.label}: ${progressLine(p, at)}\n`);
      this.lastLineAt = at;
      this.lastPercent = percent;
    }
  }

  /** Ends the bar's line on a terminal. */
  finish(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
