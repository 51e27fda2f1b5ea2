/** Removes what the clock has released: deleted instances whose release time has passed, instances
 *  whose automatic release time (ModifyInstanceAutoReleaseTime) has come, and with them their
 *  DeleteWithInstance disks (other attached disks become Available).
 *  Every request sweeps its region, so the region keeps the earliest pending release time
 *  (`nextReleaseAt`) and a sweep with nothing due costs O(1), whatever the number of instances. */
import type { InstanceRecord, RegionState } from "./state";

/** When the instance goes: the earlier of its release (DeleteInstance) and its automatic release. */
export function dueAt(inst: InstanceRecord): number | undefined {
  const auto = inst.autoReleaseTime ? Date.parse(inst.autoReleaseTime) : undefined;
  if (inst.releaseAt === undefined) return auto;
  return auto === undefined ? inst.releaseAt : Math.min(inst.releaseAt, auto);
}

function noteDue(reg: RegionState, at: number | undefined): void {
  if (at !== undefined && (reg.nextReleaseAt === undefined || at < reg.nextReleaseAt)) reg.nextReleaseAt = at;
}

/** Marks an instance to disappear at `at` (emulated ms). The one way to set releaseAt. */
export function scheduleRelease(reg: RegionState, inst: InstanceRecord, at: number): void {
  inst.releaseAt = at;
  noteDue(reg, at);
}

/** Sets (an ISO 8601 UTC time) or cancels (undefined) the automatic release. The one way to set autoReleaseTime. */
export function scheduleAutoRelease(reg: RegionState, inst: InstanceRecord, iso: string | undefined): void {
  inst.autoReleaseTime = iso;
  if (iso === undefined) reindexReleases(reg);
  else noteDue(reg, Date.parse(iso));
}

/** Recomputes `nextReleaseAt` from the instances (after a load or an out-of-band change). */
export function reindexReleases(reg: RegionState): void {
  reg.nextReleaseAt = undefined;
  for (const inst of Object.values(reg.instances)) noteDue(reg, dueAt(inst));
}

export function sweepRegion(reg: RegionState, now: number): boolean {
  if (reg.nextReleaseAt === undefined || reg.nextReleaseAt > now) return false;
  const released = new Map<string, number>(); // instance id → its release time
  let next: number | undefined;
  for (const inst of Object.values(reg.instances)) {
    const at = dueAt(inst);
    if (at === undefined) continue;
    if (at <= now) released.set(inst.id, at);
    else if (next === undefined || at < next) next = at;
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
