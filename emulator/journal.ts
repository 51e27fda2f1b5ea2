/** Write-ahead journal beside the state file: an acknowledged write survives the emulator being
 *  killed (SIGKILL) right after it answered.
 *
 *  Before a write is answered, the records it changed (compared with what is already persisted),
 *  the ClientToken it remembered, the creation sequence and the clock are appended to
 *  `<state file>.journal` as one JSON line and fsynced. On start the state file is loaded and the
 *  journal replayed over it (each line holds whole records, so replaying lines the state file
 *  already has is harmless; a torn last line is ignored). When the journal outgrows the state, it is
 *  compacted: the state file is rewritten (temp file, fsync, rename) and the journal emptied.
 *
 *  Cost per write: serialising the records of the regions the write touched (to find what changed)
 *  plus one small append and an fsync; measured in test/emulator/journal.test.ts. */
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";
import type { AccountState, AnyRecord, IdempotencyEntry, RegionCollection, RegionState, StateData } from "./state";
import { KINDS, RESOURCE_KINDS } from "./kinds";

const COLLECTIONS: RegionCollection[] = RESOURCE_KINDS.map((k) => KINDS[k].collection);
/** Compact once the journal is this large and larger than twice the last compacted state. */
const MIN_COMPACT_BYTES = 1 << 20;

interface Entry {
  /** Account (access key id); "" for entries about the whole state. */
  a: string;
  /** Every account forgotten (admin reset). */
  reset?: true;
  /** regionId → collection → id → record, or null for a deleted one. */
  r: Record<string, Partial<Record<RegionCollection, Record<string, AnyRecord | null>>>>;
  /** ClientToken entries remembered by the write. */
  t?: Record<string, IdempotencyEntry>;
  seq?: number;
  clock?: { now?: number; offsetMs?: number };
}

const regionKey = (accessKeyId: string, regionId: string): string => `${accessKeyId}\n${regionId}`;

export class Journal {
  readonly path: string;
  private fd: number | undefined;
  private bytes = 0;
  private stateBytes = 0;
  /** What is persisted, per account+region: "collection\nid" → the record's JSON. */
  private persisted = new Map<string, Map<string, string>>();

  constructor(stateFile: string) {
    this.path = `${stateFile}.journal`;
  }

  /** Replays the journal over `data` (the state file's content, or an empty state); returns how many
   *  lines it applied. */
  replay(data: StateData): number {
    if (!existsSync(this.path)) return 0;
    const text = readFileSync(this.path, "utf8");
    let applied = 0;
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      let e: Entry;
      try {
        e = JSON.parse(line) as Entry;
      } catch {
        break; // a line torn by the kill: everything before it was acknowledged, it was not
      }
      apply(data, e);
      applied++;
    }
    return applied;
  }

  /** Starts journaling from `data` as persisted (after load and replay, or a compaction). */
  open(data: StateData, stateBytes: number): void {
    this.persisted.clear();
    for (const acc of Object.values(data.accounts)) for (const reg of Object.values(acc.regions)) this.persisted.set(regionKey(acc.accessKeyId, reg.regionId), snapshotRegion(reg));
    this.stateBytes = stateBytes;
    this.fd ??= openSync(this.path, "a");
    this.bytes = existsSync(this.path) ? readFileSync(this.path).length : 0;
  }

  /** Appends what a write changed in `regions` and fsyncs. */
  write(account: AccountState, regions: Iterable<RegionState>, tokenKeys: readonly string[], extra: Pick<Entry, "seq" | "clock">): void {
    if (this.fd === undefined) return;
    const e: Entry = { a: account.accessKeyId, r: {}, ...extra };
    let changed = tokenKeys.length > 0 || extra.clock !== undefined;
    for (const reg of regions) {
      const key = regionKey(account.accessKeyId, reg.regionId);
      const before = this.persisted.get(key) ?? new Map<string, string>();
      const now = snapshotRegion(reg);
      const diff: Entry["r"][string] = {};
      for (const [k, json] of now) {
        if (before.get(k) === json) continue;
        const [collection, id] = k.split("\n") as [RegionCollection, string];
        (diff[collection] ??= {})[id] = JSON.parse(json) as AnyRecord;
      }
      for (const k of before.keys()) {
        if (now.has(k)) continue;
        const [collection, id] = k.split("\n") as [RegionCollection, string];
        (diff[collection] ??= {})[id] = null;
      }
      if (Object.keys(diff).length) {
        e.r[reg.regionId] = diff;
        changed = true;
      }
      this.persisted.set(key, now);
    }
    if (!changed) return;
    if (tokenKeys.length) e.t = Object.fromEntries(tokenKeys.filter((k) => account.idempotency[k]).map((k) => [k, account.idempotency[k]]));
    this.append(e);
  }

  /** Records that every account was forgotten (the admin reset). */
  writeReset(clock: Entry["clock"]): void {
    this.persisted.clear();
    this.append({ a: "", r: {}, reset: true, clock });
  }

  /** Records the clock alone (the admin moved manual time). */
  writeClock(clock: Entry["clock"]): void {
    this.append({ a: "", r: {}, clock });
  }

  private append(e: Entry): void {
    if (this.fd === undefined) return;
    this.bytes += writeSync(this.fd, JSON.stringify(e) + "\n");
    fsyncSync(this.fd);
  }

  /** Whether the journal has grown enough to be folded into the state file. */
  wantsCompaction(): boolean {
    return this.bytes >= MIN_COMPACT_BYTES && this.bytes > 2 * this.stateBytes;
  }

  /** Empties the journal once the state file holds everything (call right after writing it). */
  truncate(data: StateData, stateBytes: number): void {
    if (this.fd === undefined) return;
    ftruncateSync(this.fd, 0);
    fsyncSync(this.fd);
    this.open(data, stateBytes);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function snapshotRegion(reg: RegionState): Map<string, string> {
  const out = new Map<string, string>();
  for (const collection of COLLECTIONS) {
    for (const [id, rec] of Object.entries(reg[collection] as Record<string, AnyRecord>)) out.set(`${collection}\n${id}`, JSON.stringify(rec));
  }
  return out;
}

function apply(data: StateData, e: Entry): void {
  if (e.reset) data.accounts = {};
  if (e.clock) data.clock = e.clock;
  if (!e.a) return;
  const acc = (data.accounts[e.a] ??= { accessKeyId: e.a, regions: {}, idempotency: {} });
  for (const [regionId, colls] of Object.entries(e.r)) {
    const reg = (acc.regions[regionId] ??= emptyRegion(regionId));
    for (const [collection, records] of Object.entries(colls) as [RegionCollection, Record<string, AnyRecord | null>][]) {
      const coll = reg[collection] as Record<string, AnyRecord>;
      for (const [id, rec] of Object.entries(records)) {
        if (rec === null) delete coll[id];
        else coll[id] = rec;
      }
    }
  }
  for (const [k, v] of Object.entries(e.t ?? {})) acc.idempotency[k] = v;
  if (e.seq !== undefined) data.seq = Math.max(data.seq ?? 0, e.seq);
}

function emptyRegion(regionId: string): RegionState {
  const reg = { regionId } as RegionState;
  for (const c of COLLECTIONS) (reg as unknown as Record<string, unknown>)[c] = {};
  return reg;
}
