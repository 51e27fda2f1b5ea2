/** Batched reads: concurrent reads of one kind and region (a refresh, the read after an update, an
 *  import) coalesce into one Describe of up to the kind's batch size. The Describe is the kind's
 *  poll describe (its `data`, the whole record) unless a read kind is registered under that name,
 *  which may also take a scope (a filter shared by the ids of one batch).
 *
 *  Batch window: a read joins the queue of its (kind, region, scope); the queue is sent when it
 *  holds a full batch, when no read has joined for `readQuietMs`, or at the latest `readMaxWaitMs`
 *  after its first read. Reads arrive in waves (the engine starts as many as --parallel allows,
 *  and a batch answering frees that many at once), so waiting for a short lull catches a wave
 *  whole, at the cost of a lull per read. While the queue is smaller than the batch this queue
 *  last sent (less than readMaxWaitMs before it began), a wave is still coming in: the lull it
 *  waits for is `readWaveQuietMs` (a busy engine starts a wave's reads with gaps longer than
 *  readQuietMs).
 *
 *  A read whose id is absent from a successful answer resolves undefined: the caller decides what
 *  absence means (a refresh drops the resource, exactly as a single Describe did before). No grace
 *  period applies: reads are of resources that already exist, unlike the poller's waits after a
 *  create. A failed Describe rejects every read of its batch, except that an answer ECS would give
 *  to a bad id (a 4xx that is not throttling) is retried id by id, so one malformed import id
 *  cannot fail the reads it happened to share a call with. */
import { getClient, type EcsClient } from "../client";
import { debugEnabled, writeDebug } from "../client/debug";
import { collectIfGrown } from "./heap";
import { pollKind } from "./kinds";
import type { PollerClock } from "./poller";

export type ReadRecord = Record<string, unknown>;

export interface ReadKind {
  /** The name reads ask for, e.g. "InstanceDisks". */
  kind: string;
  /** Ids per Describe call (the API's limit for the filter, within one page). */
  batchSize: number;
  /** This kind's own batch window, when its reads arrive otherwise than in the engine's waves
   *  (defaults: the poller's readQuietMs and readMaxWaitMs). */
  quietMs?: number;
  maxWaitMs?: number;
  /** One Describe for these ids: the record of every id found; absent ids are left out. */
  describe(client: EcsClient, region: string, ids: readonly string[], scope: string | undefined): Promise<Map<string, unknown>>;
}

const readKinds = new Map<string, ReadKind>();

/** Registers a read kind (a kind whose reads are not simply its poll describe's records). */
export function registerReadKind(kind: ReadKind): void {
  readKinds.set(kind.kind, kind);
}

/** The read kind of this name, or one made from the poll kind of that name (its records). */
function readKind(kind: string): ReadKind {
  const own = readKinds.get(kind);
  if (own) return own;
  const poll = pollKind(kind);
  return {
    kind,
    batchSize: poll.batchSize ?? 100,
    async describe(client, region, ids) {
      const out = new Map<string, unknown>();
      for (const [id, r] of await poll.describe(client, region, ids)) {
        if (typeof r === "string" || r.data === undefined) throw new Error(`the poll kind ${kind} returns no records: register a read kind for it`);
        out.set(id, r.data);
      }
      return out;
    },
  };
}

export interface ReadSettings {
  /** Send the queue when no read has joined it for this long ... */
  readQuietMs: number;
  /** ... or this long while it is smaller than the batch it last sent (a wave still arriving). */
  readWaveQuietMs: number;
  /** ... and at the latest this long after its first read. */
  readMaxWaitMs: number;
  clock: PollerClock;
}

export interface ReadStats {
  /** Reads asked for (one per id and caller). */
  reads: number;
  /** Describe calls sent for them. */
  describeCalls: number;
}

interface Pending {
  id: string;
  resolve(record: unknown): void;
  reject(err: Error): void;
}

interface Queue {
  key: string;
  kind: string;
  region: string;
  scope?: string;
  pending: Pending[];
  /** Distinct ids queued. */
  ids: Set<string>;
  firstAt: number;
  timer?: unknown;
}

export class ReadBatcher {
  private readonly queues = new Map<string, Queue>();
  /** The size and time of the last batch each queue sent. */
  private readonly lastSent = new Map<string, { ids: number; at: number }>();
  readonly stats: ReadStats = { reads: 0, describeCalls: 0 };

  constructor(private readonly settings: () => ReadSettings) {}

  /** The record of one id (undefined when the Describe does not list it), read in a batch. */
  read<T = ReadRecord>(kind: string, region: string, id: string, scope?: string): Promise<T | undefined> {
    const k = readKind(kind); // fail fast on an unknown kind
    this.stats.reads++;
    return new Promise<T | undefined>((resolve, reject) => {
      const key = `${kind}\n${region}\n${scope ?? ""}`;
      let q = this.queues.get(key);
      const now = this.settings().clock.now();
      if (!q) {
        q = { key, kind, region, scope, pending: [], ids: new Set(), firstAt: now };
        this.queues.set(key, q);
      }
      q.pending.push({ id, resolve: resolve as (r: unknown) => void, reject });
      q.ids.add(id);
      const { readQuietMs, readWaveQuietMs, readMaxWaitMs } = this.settings();
      const last = this.lastSent.get(key);
      // The previous batch went out shortly before this queue began: the next wave is this one.
      const inWave = last !== undefined && q.ids.size < last.ids && q.firstAt - last.at < readMaxWaitMs;
      const quiet = k.quietMs ?? (inWave ? readWaveQuietMs : readQuietMs);
      const longest = q.firstAt + (k.maxWaitMs ?? readMaxWaitMs);
      if (q.ids.size >= k.batchSize) this.flush(q, "full");
      else if (now + quiet < longest) this.schedule(q, now + quiet, "quiet");
      else this.schedule(q, longest, "longest wait");
    });
  }

  /** Reads queued and not yet sent (for tests and diagnostics). */
  get queued(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.pending.length;
    return n;
  }

  private schedule(q: Queue, at: number, why: string): void {
    const { clock } = this.settings();
    if (q.timer !== undefined) clock.clearTimer(q.timer);
    q.timer = clock.setTimer(() => this.flush(q, why), Math.max(0, at - clock.now()));
  }

  /** Sends the queue: one Describe per batch of distinct ids, all at once. */
  private flush(q: Queue, why: string): void {
    const { clock } = this.settings();
    if (q.timer !== undefined) clock.clearTimer(q.timer);
    this.queues.delete(q.key);
    const k = readKind(q.kind);
    const ids = [...q.ids];
    this.lastSent.set(q.key, { ids: ids.length, at: clock.now() });
    if (debugEnabled()) writeDebug("read-batch", { kind: q.kind, region: q.region, ids: ids.length, reads: q.pending.length, waitedMs: clock.now() - q.firstAt, why });
    const client = getClient();
    for (let i = 0; i < ids.length; i += k.batchSize) {
      const batch = ids.slice(i, i + k.batchSize);
      const waiting = q.pending.filter((p) => batch.includes(p.id));
      void this.describe(client, k, q.region, batch, q.scope).then(
        ({ found, failed }) => {
          for (const p of waiting) {
            const err = failed.get(p.id);
            if (err) p.reject(err);
            else p.resolve(found.get(p.id));
          }
          collectIfGrown();
        },
        (err: unknown) => {
          for (const p of waiting) p.reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    }
  }

  /** The records found, and the ids whose reads failed (when the batch was retried id by id). */
  private async describe(client: EcsClient, k: ReadKind, region: string, ids: readonly string[], scope: string | undefined): Promise<{ found: Map<string, unknown>; failed: Map<string, Error> }> {
    this.stats.describeCalls++;
    try {
      return { found: await k.describe(client, region, ids, scope), failed: new Map() };
    } catch (err) {
      if (ids.length < 2 || !blamesAnId(err)) throw err;
      // One id ECS refuses (malformed, another region's) must not fail the others: ask one by one.
      const found = new Map<string, unknown>();
      const failed = new Map<string, Error>();
      await Promise.all(
        ids.map(async (id) => {
          try {
            const one = await this.describe(client, k, region, [id], scope);
            if (one.found.has(id)) found.set(id, one.found.get(id));
          } catch (e) {
            failed.set(id, e instanceof Error ? e : new Error(String(e)));
          }
        }),
      );
      return { found, failed };
    }
  }
}

/** An answer about the request itself (a 4xx other than throttling): possibly one id's fault. */
function blamesAnId(err: unknown): boolean {
  const e = err as { httpStatus?: number; code?: string; retryable?: boolean };
  return typeof e?.httpStatus === "number" && e.httpStatus >= 400 && e.httpStatus < 500 && !e.retryable && !/Throttling|Signature|AccessKey|Forbidden\.RAM|InvalidAccessKey/i.test(e.code ?? "");
}
