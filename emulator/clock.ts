/** The emulated clock. "real" follows the wall clock (plus any advance); "manual" only moves via advance(). */
export class Clock {
  private offsetMs = 0;
  private manualNow: number;

  constructor(
    readonly mode: "real" | "manual",
    start = Date.now(),
  ) {
    this.manualNow = start;
  }

  now(): number {
    return this.mode === "manual" ? this.manualNow : Date.now() + this.offsetMs;
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new Error("advanceClock needs a non-negative number of ms");
    if (this.mode === "manual") this.manualNow += ms;
    else this.offsetMs += ms;
    return this.now();
  }

  /** What persistence saves so a restart keeps emulated time monotonic. */
  toJSON(): { mode: string; now: number; offsetMs: number } {
    return { mode: this.mode, now: this.now(), offsetMs: this.offsetMs };
  }

  restore(saved: { now?: number; offsetMs?: number }): void {
    if (this.mode === "manual" && typeof saved.now === "number") this.manualNow = Math.max(this.manualNow, saved.now);
    if (this.mode === "real" && typeof saved.offsetMs === "number") this.offsetMs = saved.offsetMs;
  }
}

/** ECS's time format, e.g. 2024-01-30T08:00Z (minutes precision, as the reference shows). */
export function ecsTime(ms: number): string {
  return new Date(ms).toISOString().replace(/:\d{2}\.\d{3}Z$/, "Z");
}
