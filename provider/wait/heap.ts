/** A bound on the dynamic-provider process's memory. That process (Pulumi's host, with this
 *  provider in it) serves one request per resource; in a refresh of 2,000 resources the garbage
 *  of those requests reached the old generation faster than V8 chose to collect it, and the
 *  process grew past 300 MB (bench measure 7) with under 70 MB of it live. After each batch of
 *  reads and each poller tick the provider checks the old generation, and when it has grown by
 *  more than GROWTH since the last collection, asks V8 for a full one (a few tens of ms, at most
 *  once per GROWTH of objects that outlived young-generation collections). */
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** 24 MB: a refresh of 2,001 resources peaked at 221 MB (278 MB without; 16 MB: 213 MB for twice
 *  the collections), for ~0.5 ms of CPU per read. ALICLOUD_ECS_GC_GROWTH_MB overrides it (0: leave
 *  collection to V8 alone). */
const DEFAULT_MB = 24;
const GROWTH = growthFromEnv(process.env.ALICLOUD_ECS_GC_GROWTH_MB);

function growthFromEnv(v: string | undefined): number {
  const mb = v === undefined || v === "" ? DEFAULT_MB : Number(v);
  return (Number.isFinite(mb) && mb >= 0 ? mb : DEFAULT_MB) * 1e6;
}

let collect: (() => void) | null | undefined;
let usedAfterLast = 0;

/** V8's full collection, made callable once (--expose-gc, set at run time). */
function collector(): (() => void) | null {
  if (collect === undefined) {
    try {
      setFlagsFromString("--expose-gc");
      collect = runInNewContext("gc") as () => void;
    } catch {
      collect = null; // not available: memory stays up to V8's own heuristics
    }
  }
  return collect;
}

/** Bytes in the old generation (what outlived young-generation collections), large objects included. */
function oldBytes(): number {
  let n = 0;
  for (const s of getHeapSpaceStatistics()) if (s.space_name === "old_space" || s.space_name === "large_object_space") n += s.space_used_size;
  return n;
}

/** Collects garbage when the old generation has grown by more than GROWTH since the last collection. */
export function collectIfGrown(): void {
  if (GROWTH === 0) return;
  const used = oldBytes();
  if (used - usedAfterLast < GROWTH) return;
  collector()?.();
  usedAfterLast = oldBytes();
}
