/** Instance and disk statuses (derived from their timed plans) and the errors for a wrong one. */
import { ApiError } from "../errors";
import { statusAt } from "../lifecycle";
import type { DiskRecord, InstanceRecord } from "../state";

export const INSTANCE_STATUSES = ["Pending", "Running", "Starting", "Stopping", "Stopped"] as const;
export const DISK_STATUSES = ["In_use", "Available", "Attaching", "Detaching", "Creating", "ReIniting"] as const;

export const instanceStatus = (inst: InstanceRecord, now: number): string => statusAt(inst.plan, now);
export const diskStatus = (disk: DiskRecord, now: number): string => statusAt(disk.plan, now);

export const incorrectInstanceStatus = (detail: string): ApiError =>
  new ApiError("IncorrectInstanceStatus", `The current status of the resource does not support this operation. ${detail}`, 403);
export const incorrectDiskStatus = (detail: string): ApiError =>
  new ApiError("IncorrectDiskStatus", `The current disk status does not support this operation. ${detail}`, 403);

/** Requires one of `allowed`; throws IncorrectInstanceStatus naming the current status otherwise. */
export function requireInstanceStatus(inst: InstanceRecord, now: number, allowed: readonly string[]): string {
  const status = instanceStatus(inst, now);
  if (inst.releaseAt !== undefined) throw incorrectInstanceStatus(`Instance ${inst.id} is being released.`);
  if (!allowed.includes(status)) throw incorrectInstanceStatus(`Instance ${inst.id} is ${status}; this needs ${allowed.join(" or ")}.`);
  return status;
}
