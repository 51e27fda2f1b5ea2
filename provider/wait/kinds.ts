/** Poll kinds: how the poller reads the statuses of one kind of resource in batches. Each
 *  resource registers its kind (Instance and Disk below; the others add theirs the same way). */
import type { EcsClient } from "../client";

/** What a Describe says about one id: its status, optionally with the whole record (so a waiter
 *  can build outputs from it without another Describe). */
export type PollResult = string | { status: string; data?: Record<string, unknown> };

export interface PollKind {
  /** The resource kind, e.g. "Instance" (also used in messages). */
  kind: string;
  /** Ids per Describe call (ECS takes up to 100 in InstanceIds / DiskIds). */
  batchSize?: number;
  /** One Describe call for these ids: the status (or status and record) of every id found;
   *  absent ids are left out. */
  describe(client: EcsClient, region: string, ids: readonly string[]): Promise<Map<string, PollResult>>;
}

const kinds = new Map<string, PollKind>();

export function registerPollKind(kind: PollKind): void {
  kinds.set(kind.kind, kind);
}

export function pollKind(kind: string): PollKind {
  const k = kinds.get(kind);
  if (!k) throw new Error(`no poll kind registered for ${kind}; call registerPollKind first`);
  return k;
}
