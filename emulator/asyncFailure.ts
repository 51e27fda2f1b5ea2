/** Fault "asyncFailure": RunInstances accepted the request and answered with instance ids, then the
 *  instances fail to come up. They stay Pending for `afterMs` of emulated time (default: the
 *  Pending delay), then "Deleted": ECS releases them (they vanish from DescribeInstances with their
 *  system disks and the data disks created with them, as a failed create leaves nothing billable);
 *  "Stopped": they settle in Stopped instead of Running. */
import type { Timing } from "./lifecycle";
import type { InstanceRecord, RegionState, ResourceBase } from "./state";
import { scheduleRelease } from "./sweep";

export function failCreatedInstances(
  created: readonly ResourceBase[],
  regionOf: (r: ResourceBase) => RegionState,
  outcome: "Deleted" | "Stopped",
  timing: Timing,
  afterMs: number = timing.delay("instancePending"),
): number {
  let failed = 0;
  const at = timing.clock.now() + afterMs;
  for (const rec of created) {
    if ((rec as InstanceRecord).kind !== "instance") continue;
    const inst = rec as InstanceRecord;
    inst.plan = outcome === "Stopped" ? [...timing.plan("Pending"), { status: "Stopped", at }] : timing.plan("Pending");
    if (outcome === "Deleted") scheduleRelease(regionOf(inst), inst, at);
    failed++;
  }
  return failed;
}
