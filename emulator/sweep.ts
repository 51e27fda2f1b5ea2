/** Removes what the clock has released: deleted instances whose release time has passed, and with
 *  them their DeleteWithInstance disks (other attached disks become Available).
 *  Every request sweeps its region, so the region keeps the earliest pending release time
 *  (`nextReleaseAt`) and a sweep with nothing due costs O(1), whatever the number of instances. */
import type { InstanceRecord, RegionState } from "./state";

/** Marks an instance to disappear at `at` (emulated ms). The one way to set releaseAt. */
export function scheduleRelease(reg: RegionState, inst: InstanceRecord, at: number): void {
  inst.releaseAt = at;
  if (reg.nextReleaseAt === undefined || at < reg.nextReleaseAt) reg.nextReleaseAt = at;
}

/** Recomputes `nextReleaseAt` from the instances (after a load or an out-of-band change). */
export function reindexReleases(reg: RegionState): void {
  let next: number | undefined;
  for (const inst of Object.values(reg.instances)) if (inst.releaseAt !== undefined && (next === undefined || inst.releaseAt < next)) next = inst.releaseAt;
  reg.nextReleaseAt = next;
}

export function sweepRegion(reg: RegionState, now: number): boolean {
  if (reg.nextReleaseAt === undefined || reg.nextReleaseAt > now) return false;
  const released = new Map<string, number>(); // instance id → its release time
  let next: number | undefined;
  for (const inst of Object.values(reg.instances)) {
    if (inst.releaseAt === undefined) continue;
    if (inst.releaseAt <= now) released.set(inst.id, inst.releaseAt);
    else if (next === undefined || inst.releaseAt < next) next = inst.releaseAt;
  }
  reg.nextReleaseAt = next;
  if (!released.size) return false;
  // One pass over the disks, whatever the number of instances released.
  for (const disk of Object.values(reg.disks)) {
    const releasedAt = released.get(disk.instanceId);
    if (releasedAt === undefined) continue;
    if (disk.deleteWithInstance || disk.type === "system") delete reg.disks[disk.id];
    else {
      disk.instanceId = "";
      disk.device = "";
      disk.detachedAt = releasedAt;
      disk.plan = [{ status: "Available", at: releasedAt }];
    }
  }
  for (const id of released.keys()) delete reg.instances[id];
  return true;
}
