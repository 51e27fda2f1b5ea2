/** Saves state atomically (write a temp file, then rename) with writes coalesced: many mutations in a
 *  burst become one write at most every `intervalMs`. Serialising costs O(state), so the gap grows
 *  with it (4× the last serialisation, at most MAX_GAP_MS): persistence stays under ~20% of the CPU
 *  however large the state, and no request ever pays for it. */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import type { StateData } from "./state";

const MAX_GAP_MS = 2000;

export class StateFile {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  /** Size of the last state written or loaded (journal compaction compares with it). */
  lastBytes = 0;
  private dirty = false;
  private gapMs: number;

  constructor(
    readonly path: string,
    private readonly snapshot: () => StateData,
    private readonly intervalMs = 100,
  ) {
    this.gapMs = intervalMs;
  }

  /** Whether a coalesced write is under way. */
  get writing(): boolean {
    return this.inFlight !== undefined;
  }

  /** Reads the saved state, or undefined when the file does not exist yet. */
  load(): StateData | undefined {
    if (!existsSync(this.path)) return undefined;
    const text = readFileSync(this.path, "utf8");
    this.lastBytes = text.length;
    if (!text.trim()) return undefined;
    const data = JSON.parse(text) as StateData;
    if (data.version !== 1 || typeof data.accounts !== "object") throw new Error(`${this.path} is not an ecs-emulator state file (version 1)`);
    return data;
  }

  markDirty(): void {
    this.dirty = true;
    if (!this.timer && !this.inFlight) this.timer = setTimeout(() => void this.writeNow(), this.gapMs);
  }

  private async writeNow(): Promise<void> {
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    const started = performance.now();
    const text = JSON.stringify(this.snapshot());
    this.lastBytes = text.length;
    this.gapMs = Math.min(MAX_GAP_MS, Math.max(this.intervalMs, 4 * (performance.now() - started)));
    const tmp = `${this.path}.${process.pid}.tmp`;
    this.inFlight = writeFile(tmp, text).then(() => rename(tmp, this.path));
    try {
      await this.inFlight;
    } finally {
      this.inFlight = undefined;
      if (this.dirty) this.markDirty();
    }
  }

  /** Waits for any write in flight and writes what is still dirty, synchronously at the end. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight) await this.inFlight.catch(() => undefined);
    this.flushSync();
  }

  /** Writes the whole state now: temp file, fsync, rename (what journal compaction relies on). */
  flushSync(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const tmp = `${this.path}.${process.pid}.tmp`;
    const text = JSON.stringify(this.snapshot());
    const fd = openSync(tmp, "w");
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    this.lastBytes = text.length;
    this.dirty = false;
  }
}
