/** Disk check rules (ECS API reference: CreateDisk, ModifyDiskAttribute, ResizeDisk). */
import type { DiskInputs } from "../../../sdk/types/disk";
import { Checker, ecsDescription, ecsName, ecsTags, isBoolean, isInteger, isString, known, oneOf, range } from "../common";

/** Size ranges (GiB) per category, from CreateDisk. */
export const DISK_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  cloud: [5, 2000],
  cloud_efficiency: [20, 32768],
  cloud_ssd: [20, 32768],
  cloud_essd: [20, 32768],
};

export function validateDisk(c: Checker, n: DiskInputs, olds: DiskInputs | undefined): void {
  c.required("zoneId", n.zoneId);
  c.check("zoneId", n.zoneId, isString);
  c.check("category", n.category, oneOf(Object.keys(DISK_RANGES)));
  if (n.size === undefined && n.snapshotId === undefined) c.fail("size", "is required (unless snapshotId is set)");
  const category = typeof n.category === "string" ? n.category : "cloud_efficiency";
  const r = DISK_RANGES[category];
  c.check("size", n.size, isInteger, ...(r ? [range(r[0], r[1], ` GiB for ${category}`)] : []));
  if (known(n.size) && known(olds?.size) && typeof n.size === "number" && n.size < (olds?.size as number))
    c.fail("size", `cannot shrink from ${olds?.size} to ${n.size} GiB (disks only grow); replace the disk to get a smaller one`);
  c.check("snapshotId", n.snapshotId, isString);
  c.check("diskName", n.diskName, ecsName);
  c.check("description", n.description, ecsDescription);
  c.check("encrypted", n.encrypted, isBoolean);
  c.check("deleteWithInstance", n.deleteWithInstance, isBoolean);
  c.check("deleteAutoSnapshot", n.deleteAutoSnapshot, isBoolean);
  c.check("instanceId", n.instanceId, isString, (v) => (/^i-[a-z0-9]+$/.test(String(v)) ? undefined : "must be an instance id (i-…)"));
  c.check("tags", n.tags, ecsTags);
}
