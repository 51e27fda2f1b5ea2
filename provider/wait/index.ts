/** The process-wide poller (rule 4). Resources wait with waitForStatus(); each kind registers
 *  how to Describe its statuses in batches with registerPollKind(). Reads go through
 *  describeBatched(), which coalesces concurrent reads of a kind into one Describe (reads.ts). */
import { Poller, type WaitResult, type WaitSpec } from "./poller";

export { registerPollKind, type PollKind, type PollResult } from "./kinds";
export { WaitTimeoutError, ResourceAbsentError } from "./errors";
export { registerReadKind, type ReadKind, type ReadRecord, type ReadStats } from "./reads";
export type { WaitSpec, WaitResult, PollerSettings, PollerStats, PollerClock } from "./poller";
export { realClock } from "./poller";
export { Poller } from "./poller";

let shared: Poller | undefined;

/** The one poller of this process. */
export function poller(): Poller {
  shared ??= new Poller();
  return shared;
}

/** Waits (batched with every other waiter) and resolves with the status reached. */
export async function waitForStatus(spec: WaitSpec): Promise<string> {
  return (await poller().wait(spec)).status;
}

/** Like waitForStatus, also returning the Describe record when the kind provides it. */
export function waitForResource(spec: WaitSpec): Promise<WaitResult> {
  return poller().wait(spec);
}

/** The Describe record of one resource (undefined when ECS does not list it), read together with
 *  every other read of its kind and region in flight: one Describe per batch (reads.ts). `scope`
 *  separates reads a read kind must not mix (e.g. a filter value). */
export function describeBatched<T = Record<string, unknown>>(kind: string, region: string, id: string, scope?: string): Promise<T | undefined> {
  return poller().reads.read<T>(kind, region, id, scope);
}

/** describeBatched for several ids at once: the records found, by id. */
export async function describeAllBatched<T = Record<string, unknown>>(kind: string, region: string, ids: readonly string[], scope?: string): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  await Promise.all(
    [...new Set(ids)].map(async (id) => {
      const record = await describeBatched<T>(kind, region, id, scope);
      if (record !== undefined) out.set(id, record);
    }),
  );
  return out;
}
