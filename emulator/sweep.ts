/** Removes what the clock has released: deleted instances whose release time has passed, and with
 *  them their DeleteWithInstance disks (other attached disks become Available). */
import type { RegionState } from "./state";

export function sweepRegion(reg: RegionState, now: number): boolean {
  let changed = false;
  for (const inst of Object.values(reg.instances)) {
    if (inst.releaseAt === undefined || inst.releaseAt > now) continue;
    for (const disk of Object.values(reg.disks)) {
      if (disk.instanceId !== inst.id) continue;
      if (disk.deleteWithInstance || disk.type === "system") delete reg.disks[disk.id];
      else {
        disk.instanceId = "";
        disk.device = "";
        disk.detachedAt = inst.releaseAt;
        disk.plan = [{ status: "Available", at: inst.releaseAt }];
      }
    }
    delete reg.instances[inst.id];
    changed = true;
  }
  return changed;
}
