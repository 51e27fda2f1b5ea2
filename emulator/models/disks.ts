/** Cloud disks: categories and their size ranges, attach/detach with device names, resizing (grow
 *  only, within the category's range), deletion of unattached disks, and ReplaceSystemDisk. */
import { DEFAULT_DISK_CATEGORY, DEFAULT_PERFORMANCE_LEVEL, diskSizeRange, MAX_DATA_DISKS, PERFORMANCE_LEVELS, type DiskRole } from "../../provider/spec/limits";
import type { ImageInfo } from "../catalog";
import { ApiError, invalidParameter } from "../errors";
import { newIdOf, type DiskRecord, type InstanceRecord, type RegionState } from "../state";
import type { ModelContext } from "./context";
import { diskStatus, incorrectDiskStatus, instanceStatus, requireInstanceStatus } from "./instanceStatus";

/** Throws `code` unless `size` is within the category's range (limits DISK_CATEGORIES) for the disk's role. */
export function checkDiskSize(category: string, size: number, role: DiskRole, code: string, name: string, httpStatus = 400): void {
  const { min, max } = diskSizeRange(category, role)!;
  if (size < min || size > max)
    throw new ApiError(code, `The specified parameter "${name}" is not valid: a ${category} ${role === "system" ? "system" : "data"} disk must be ${min} to ${max} GiB.`, httpStatus);
}

/** PerformanceLevel applies to cloud_essd only (default PL1). `name` is the wire parameter, for the error. */
export function performanceLevelFor(category: string, given: string | undefined, name: string): string | undefined {
  if (given === undefined) return category === "cloud_essd" ? DEFAULT_PERFORMANCE_LEVEL : undefined;
  if (category !== "cloud_essd" || !(PERFORMANCE_LEVELS as readonly string[]).includes(given))
    throw invalidParameter(name, `PerformanceLevel applies to cloud_essd only: ${PERFORMANCE_LEVELS.join(", ")}.`);
  return given;
}

export const dataDisksOf = (reg: RegionState, instanceId: string): DiskRecord[] =>
  Object.values(reg.disks).filter((d) => d.instanceId === instanceId && d.type === "data");

/** Next free data-disk device name on an instance: /dev/xvdb, /dev/xvdc … */
export function nextDevice(reg: RegionState, instanceId: string): string {
  const used = new Set(Object.values(reg.disks).filter((d) => d.instanceId === instanceId).map((d) => d.device));
  for (let c = "b".charCodeAt(0); c <= "z".charCodeAt(0); c++) {
    const dev = `/dev/xvd${String.fromCharCode(c)}`;
    if (!used.has(dev)) return dev;
  }
  throw new ApiError("InstanceDiskNumLimitExceed", "The number of specified disk in an instance exceeds.", 403);
}

export interface NewDisk {
  zoneId: string;
  category: string;
  size: number;
  name: string;
  description: string;
  performanceLevel?: string;
  encrypted: boolean;
  tags: DiskRecord["tags"];
}

/** CreateDisk: an unattached data disk, Creating until it is Available. */
export function createDisk(m: ModelContext, reg: RegionState, spec: NewDisk): DiskRecord {
  const id = newIdOf("disk");
  const disk = m.created<DiskRecord>({
    kind: "disk",
    id,
    regionId: reg.regionId,
    createdAt: 0,
    ...spec,
    type: "data",
    snapshotId: "",
    imageId: "",
    instanceId: "",
    device: "",
    deleteWithInstance: false,
    deleteAutoSnapshot: true,
    enableAutoSnapshot: false,
    portable: true,
    plan: m.timing.plan("Creating", ["Available", "diskCreating"]),
  });
  reg.disks[id] = disk;
  return disk;
}

export function attachDisk(m: ModelContext, reg: RegionState, inst: InstanceRecord, disk: DiskRecord, deleteWithInstance: boolean | undefined): void {
  // This action's table gives IncorrectInstanceStatus HTTP 400 (ref 003:12262), the others 403.
  const instStatus = instanceStatus(inst, m.now());
  if (inst.releaseAt !== undefined || (instStatus !== "Running" && instStatus !== "Stopped"))
    throw new ApiError("IncorrectInstanceStatus", `The current status of the resource does not support this operation: instance ${inst.id} is ${instStatus}; AttachDisk needs Running or Stopped.`, 400);
  const status = diskStatus(disk, m.now());
  if (disk.instanceId) throw new ApiError("InvalidDevice.InUse", `The specified disk ${disk.id} has already been attached to instance ${disk.instanceId}.`, 403);
  if (status !== "Available") throw incorrectDiskStatus(`Disk ${disk.id} is ${status}; AttachDisk needs Available.`);
  if (disk.zoneId !== inst.zoneId) throw new ApiError("ResourcesNotInSameZone", `The specified instance (${inst.zoneId}) and disk (${disk.zoneId}) are not in the same zone.`, 403);
  if (dataDisksOf(reg, inst.id).length >= MAX_DATA_DISKS) throw new ApiError("InstanceDiskNumLimitExceed", `The number of specified disk in an instance exceeds ${MAX_DATA_DISKS}.`, 403);
  disk.instanceId = inst.id;
  disk.device = nextDevice(reg, inst.id);
  disk.attachedAt = m.now();
  if (deleteWithInstance !== undefined) disk.deleteWithInstance = deleteWithInstance;
  disk.plan = m.timing.plan("Attaching", ["In_use", "diskAttaching"]);
}

export function detachDisk(m: ModelContext, inst: InstanceRecord, disk: DiskRecord, deleteWithInstance: boolean | undefined): void {
  if (disk.instanceId !== inst.id) throw new ApiError("DependencyViolation", `The specified disk ${disk.id} has not been attached on the specified instance ${inst.id}.`, 403);
  if (disk.type === "system") throw new ApiError("DiskTypeViolation", "The specified disk is a system disk and cannot support the operation.", 403);
  const status = diskStatus(disk, m.now());
  if (status !== "In_use") throw incorrectDiskStatus(`Disk ${disk.id} is ${status}; DetachDisk needs In_use.`);
  requireInstanceStatus(inst, m.now(), ["Running", "Stopped"]);
  disk.instanceId = "";
  disk.device = "";
  disk.detachedAt = m.now();
  if (deleteWithInstance !== undefined) disk.deleteWithInstance = deleteWithInstance;
  disk.plan = m.timing.plan("Detaching", ["Available", "diskDetaching"]);
}

/** ResizeDisk: grow only, up to the category's maximum for the disk's role; the instance must be Running or Stopped. */
export function resizeDisk(m: ModelContext, reg: RegionState, disk: DiskRecord, newSize: number, online: boolean): void {
  // today: ResizeDiskRequest.type — online expansion is for ultra disks, standard SSDs and ESSDs, not basic disks.
  if (online && disk.category === "cloud")
    throw new ApiError("OperationDenied", `The specified disk ${disk.id} is a basic disk (cloud), which cannot be resized online: use Type=offline.`, 403);
  const status = diskStatus(disk, m.now());
  if (status !== "Available" && status !== "In_use") throw incorrectDiskStatus(`Disk ${disk.id} is ${status}; ResizeDisk needs Available or In_use.`);
  if (disk.instanceId) {
    const inst = reg.instances[disk.instanceId];
    if (inst) requireInstanceStatus(inst, m.now(), ["Running", "Stopped"]);
  }
  if (newSize <= disk.size) throw new ApiError("InvalidDiskSize.TooSmall", `Specified new disk size ${newSize} GiB is less than or equal to the original disk size ${disk.size} GiB.`, 403);
  const { max } = diskSizeRange(disk.category, disk.type)!;
  if (newSize > max) throw new ApiError("InvalidDiskSize.TooLarge", `Specified new disk size is beyond the permitted range: a ${disk.category} ${disk.type} disk is at most ${max} GiB.`, 403);
  disk.size = newSize;
}

export interface DiskAttributes {
  name?: string;
  description?: string;
  deleteWithInstance?: boolean;
  deleteAutoSnapshot?: boolean;
  enableAutoSnapshot?: boolean;
}

export function modifyDisks(disks: readonly DiskRecord[], change: DiskAttributes): void {
  // Checked for every disk first: a request changes all of its disks or none.
  if (change.deleteWithInstance === false)
    for (const d of disks)
      if (d.category === "cloud" && !d.portable)
        throw new ApiError("DiskNotPortable", `The specified disk ${d.id} is not a portable disk: a basic disk that cannot be detached must be released with its instance.`, 403);
  for (const d of disks) {
    if (change.name !== undefined) d.name = change.name;
    if (change.description !== undefined) d.description = change.description;
    if (change.deleteWithInstance !== undefined) d.deleteWithInstance = change.deleteWithInstance;
    if (change.deleteAutoSnapshot !== undefined) d.deleteAutoSnapshot = change.deleteAutoSnapshot;
    if (change.enableAutoSnapshot !== undefined) d.enableAutoSnapshot = change.enableAutoSnapshot;
  }
}

/** Only an unattached, Available disk can be deleted. */
export function deleteDisk(m: ModelContext, reg: RegionState, disk: DiskRecord): void {
  const status = diskStatus(disk, m.now());
  if (status !== "Available" || disk.instanceId) throw incorrectDiskStatus(`Disk ${disk.id} is ${status}; DeleteDisk needs Available (detach it first).`);
  delete reg.disks[disk.id];
}

/** ReplaceSystemDisk: a new system disk from `image` (same category), on a Stopped instance. */
export function replaceSystemDisk(m: ModelContext, reg: RegionState, inst: InstanceRecord, image: ImageInfo, size: number | undefined): DiskRecord {
  const old = reg.disks[inst.systemDiskId];
  const category = old?.category ?? DEFAULT_DISK_CATEGORY.system;
  const newSize = size ?? Math.max(old?.size ?? 40, image.size);
  if (newSize < image.size)
    throw new ApiError("InvalidSystemDiskSize.LessThanImageSize", `The specified parameter "SystemDisk.Size" is less than the image size (${image.size} GiB).`, 404);
  checkDiskSize(category, newSize, "system", "InvalidSystemDiskSize.MoreThanMaxSize", "SystemDisk.Size", 404);
  const status = instanceStatus(inst, m.now());
  if (status !== "Stopped" || inst.releaseAt !== undefined) throw new ApiError("IncorrectInstanceStatus", `The status of the ECS instance must be Stopped (${inst.id} is ${status}).`, 403);
  const id = newIdOf("disk");
  const disk = m.created<DiskRecord>({
    ...(old ?? {
      kind: "disk" as const,
      regionId: reg.regionId,
      tags: [],
      name: "",
      description: "",
      zoneId: inst.zoneId,
      category,
      type: "system" as const,
      encrypted: false,
      snapshotId: "",
      device: "/dev/xvda",
      deleteWithInstance: true,
      deleteAutoSnapshot: true,
      enableAutoSnapshot: false,
      portable: false,
      plan: [],
    }),
    id,
    createdAt: 0,
    size: newSize,
    imageId: image.imageId,
    instanceId: inst.id,
    attachedAt: m.now(),
    plan: [{ status: "In_use", at: m.now() }],
  });
  reg.disks[id] = disk;
  if (old) delete reg.disks[old.id];
  inst.systemDiskId = id;
  inst.imageId = image.imageId;
  return disk;
}

/** The instance a disk is attached to, which must be Stopped (ResetDisk, ReInitDisk). */
function stoppedInstanceOf(m: ModelContext, reg: RegionState, disk: DiskRecord, action: string): InstanceRecord | undefined {
  const inst = disk.instanceId ? reg.instances[disk.instanceId] : undefined;
  if (!inst) return undefined;
  const status = instanceStatus(inst, m.now());
  if (status !== "Stopped" || inst.releaseAt !== undefined)
    throw new ApiError("IncorrectInstanceStatus", `The current status of the resource does not support this operation: instance ${inst.id} is ${status}; ${action} needs it Stopped.`, 403);
  return inst;
}

/** ResetDisk: an In_use disk of a Stopped instance, or an Available one, rolled back to one of its
 *  snapshots. The emulator has no snapshots, so after the status checks every SnapshotId is not found. */
export function resetDisk(m: ModelContext, reg: RegionState, disk: DiskRecord, snapshotId: string): never {
  const status = diskStatus(disk, m.now());
  if (status !== "In_use" && status !== "Available") throw incorrectDiskStatus(`Disk ${disk.id} is ${status}; ResetDisk needs In_use or Available.`);
  stoppedInstanceOf(m, reg, disk, "ResetDisk");
  throw new ApiError("InvalidSnapshotId.NotFound", `The specified SnapshotId "${snapshotId}" does not exist (the emulator has no snapshots).`, 404);
}

export interface ReInit {
  /** System disks: the new password (the instance OS's rule is checked by the caller). */
  password?: string;
  /** System disks: the key pair to log on with. */
  keyPairName?: string;
  /** Start the instance once the disk is re-initialized. */
  autoStart: boolean;
}

/** ReInitDisk: an In_use disk of a Stopped instance back to its initial state (the image for a system
 *  disk, empty for a data disk): ReIniting → In_use. Password and key pair apply to a system disk only. */
export function reInitDisk(m: ModelContext, reg: RegionState, disk: DiskRecord, change: ReInit): void {
  const status = diskStatus(disk, m.now());
  if (status !== "In_use" || !disk.instanceId) throw incorrectDiskStatus(`Disk ${disk.id} is ${status}; ReInitDisk needs In_use (attached).`);
  const inst = stoppedInstanceOf(m, reg, disk, "ReInitDisk");
  if (!inst) throw incorrectDiskStatus(`Disk ${disk.id} is not attached to an instance.`);
  const t = m.timing;
  disk.plan = t.plan("ReIniting", ["In_use", "diskReIniting"]);
  if (disk.type === "system") {
    if (change.password !== undefined) inst.hasPassword = true;
    if (change.keyPairName !== undefined) inst.keyPairName = change.keyPairName;
  }
  if (change.autoStart) inst.plan = t.plan("Stopped", ["Starting", "diskReIniting"], ["Running", "instanceStarting"]);
}
