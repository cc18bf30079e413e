/** The time the domain runs on. Tests move it (readings windows, due dates); production never does. */
export class Clock {
  private fixed: Date | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime()) : new Date();
  }

  /** Tests only: freeze the clock at an instant (null returns to real time). */
  set(at: Date | string | null): void {
    this.fixed = at === null ? null : new Date(at);
  }
}
