/** Fault "asyncFailure": RunInstances accepted the request and answered with instance ids, then the
 *  instances fail to come up. "Deleted": after the Pending delay ECS releases them (they vanish from
 *  DescribeInstances with their system disks and the data disks created with them, as a failed
 *  create leaves nothing billable); "Stopped": they settle in Stopped instead of Running. */
import type { Timing } from "./lifecycle";
import type { InstanceRecord, RegionState, ResourceBase } from "./state";
import { scheduleRelease } from "./sweep";

export function failCreatedInstances(created: readonly ResourceBase[], regionOf: (r: ResourceBase) => RegionState, outcome: "Deleted" | "Stopped", timing: Timing): number {
  let failed = 0;
  for (const rec of created) {
    if ((rec as InstanceRecord).kind !== "instance") continue;
    const inst = rec as InstanceRecord;
    if (outcome === "Stopped") {
      inst.plan = timing.plan("Pending", ["Stopped", "instancePending"]);
    } else {
      inst.plan = timing.plan("Pending");
      scheduleRelease(regionOf(inst), inst, timing.clock.now() + timing.delay("instancePending"));
    }
    failed++;
  }
  return failed;
}
