/** The process-wide poller (rule 4). Resources wait with waitForStatus(); each kind registers
 *  how to Describe its statuses in batches with registerPollKind(). */
import { Poller, type WaitResult, type WaitSpec } from "./poller";

export { registerPollKind, type PollKind, type PollResult } from "./kinds";
export { WaitTimeoutError, ResourceAbsentError } from "./errors";
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
