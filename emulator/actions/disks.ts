/** Disk actions: create, describe, attach/detach, resize, modify, delete, and ReplaceSystemDisk. */
import { DISK_CATEGORIES, findImage, findRegion, zoneIds } from "../catalog";
import { ecsTime } from "../clock";
import { ApiError, missingParameter } from "../errors";
import { paginate, paginateByToken, wantsTokenPaging } from "../pagination";
import { matchesTags, readDescription, readName } from "../params";
import { byCreation, newId, type DiskRecord } from "../state";
import {
  checkDiskSize,
  checkPassword,
  dataDisksOf,
  diskStatus,
  getDisk,
  getInstance,
  incorrectDiskStatus,
  instanceStatus,
  nameMatches,
  recordsByIds,
  nextDevice,
  renderTags,
  requireInstanceStatus,
} from "./common";
import { readPerformanceLevel } from "./runInstances";
import type { ActionContext, ActionTable } from "./types";

const DISK_STATUSES = ["In_use", "Available", "Attaching", "Detaching", "Creating", "ReIniting"] as const;

function renderDisk(d: DiskRecord, now: number): Record<string, unknown> {
  const status = diskStatus(d, now);
  return {
    DiskId: d.id,
    DiskName: d.name,
    Description: d.description,
    RegionId: d.regionId,
    ZoneId: d.zoneId,
    Category: d.category,
    Size: d.size,
    PerformanceLevel: d.performanceLevel ?? "",
    Status: status,
    Type: d.type,
    InstanceId: d.instanceId,
    Device: d.device,
    ImageId: d.imageId,
    SourceSnapshotId: d.snapshotId,
    Encrypted: d.encrypted,
    Portable: d.portable,
    DeleteWithInstance: d.deleteWithInstance,
    DeleteAutoSnapshot: d.deleteAutoSnapshot,
    EnableAutoSnapshot: d.enableAutoSnapshot,
    DiskChargeType: "PostPaid",
    CreationTime: ecsTime(d.createdAt),
    AttachedTime: d.attachedAt !== undefined && d.instanceId ? ecsTime(d.attachedAt) : "",
    DetachedTime: d.detachedAt !== undefined ? ecsTime(d.detachedAt) : "",
    ExpiredTime: "2999-09-08T16:00Z",
    IOPS: Math.min(50000, 1800 + 50 * d.size),
    BdfId: "",
    ResourceGroupId: d.resourceGroupId ?? "",
    OperationLocks: { OperationLock: [] },
    Tags: renderTags(d.tags),
  };
}

function createDisk(ctx: ActionContext): Record<string, unknown> {
  const reg = ctx.region();
  const p = ctx.params;
  const region = findRegion(reg.regionId)!;
  const zoneId = p.need("ZoneId");
  if (!zoneIds(region).includes(zoneId)) throw new ApiError("InvalidZoneId.NotFound", `The specified zone "${zoneId}" does not exist.`, 404);
  const category = p.str("DiskCategory", { default: "cloud_efficiency" })!;
  if (!DISK_CATEGORIES[category]) throw new ApiError("InvalidDiskCategory.ValueNotSupported", `The specified parameter "DiskCategory" is not valid: ${category}.`, 400);
  const snapshotId = p.str("SnapshotId");
  if (snapshotId !== undefined) throw new ApiError("InvalidSnapshotId.NotFound", `The specified SnapshotId "${snapshotId}" does not exist.`, 404);
  if (!p.has("Size")) throw new ApiError("MissingParameter", "The input parameter either SnapshotId or Size should be specified.", 400);
  let size: number;
  try {
    size = p.int("Size")!;
  } catch {
    throw new ApiError("InvalidSize.ValueNotSupported", `The specified parameter "Size" is not valid.`, 400);
  }
  checkDiskSize(category, size, "data", "InvalidSize.ValueNotSupported", "Size");
  const name = readName(p, "DiskName", "InvalidDiskName.Malformed");
  const description = readDescription(p, "Description", "InvalidDescription.Malformed");
  const performanceLevel = readPerformanceLevel(p, "PerformanceLevel", category);
  const encrypted = p.bool("Encrypted", { default: false })!;
  const tags = p.tags("Tag", { max: 20 });
  if (p.bool("DryRun", { default: false })) throw new ApiError("DryRunOperation", "Request validation has been passed with DryRun flag set.", 400);
  const id = newId("d");
  reg.disks[id] = ctx.created({
    kind: "disk",
    id,
    regionId: reg.regionId,
    createdAt: 0,
    tags,
    name: name ?? "",
    description: description ?? "",
    zoneId,
    category,
    size,
    performanceLevel,
    type: "data",
    encrypted,
    snapshotId: "",
    imageId: "",
    instanceId: "",
    device: "",
    deleteWithInstance: false,
    deleteAutoSnapshot: true,
    enableAutoSnapshot: false,
    portable: true,
    plan: ctx.timing.plan("Creating", ["Available", "diskCreating"]),
  });
  return { DiskId: id };
}

function describeDisks(ctx: ActionContext): Record<string, unknown> {
  const reg = ctx.region();
  const p = ctx.params;
  const now = ctx.now();
  let ids: string[] | undefined;
  try {
    ids = p.jsonList("DiskIds", { max: 100 });
  } catch (e) {
    if (e instanceof ApiError && /At most/.test(e.message)) throw new ApiError("InvalidDiskIds.Malformed", "The amount of specified disk Ids exceeds the limit (100).", 403);
    throw e;
  }
  const zone = p.str("ZoneId");
  const instanceId = p.str("InstanceId");
  const diskType = p.enumOf("DiskType", ["all", "system", "data"] as const, { default: "all" });
  const category = p.str("Category");
  const status = p.str("Status");
  if (status !== undefined && !(DISK_STATUSES as readonly string[]).includes(status))
    throw new ApiError("InvalidStatus.ValueNotSupported", `The specified disk status "${status}" is not supported.`, 400);
  const name = p.str("DiskName");
  const portable = p.bool("Portable");
  const deleteWithInstance = p.bool("DeleteWithInstance");
  const encrypted = p.bool("Encrypted");
  const tags = p.tags("Tag", { max: 20 });
  const rows = recordsByIds(reg.disks, ids)
    .filter((d) => ctx.visible(d))
    .filter((d) => zone === undefined || d.zoneId === zone)
    .filter((d) => instanceId === undefined || d.instanceId === instanceId)
    .filter((d) => diskType === "all" || d.type === diskType)
    .filter((d) => category === undefined || d.category === category)
    .filter((d) => status === undefined || diskStatus(d, now) === status)
    .filter((d) => name === undefined || nameMatches(d.name, name))
    .filter((d) => portable === undefined || d.portable === portable)
    .filter((d) => deleteWithInstance === undefined || d.deleteWithInstance === deleteWithInstance)
    .filter((d) => encrypted === undefined || d.encrypted === encrypted)
    .filter((d) => !tags.length || matchesTags(d.tags, tags))
    .sort(byCreation)
  if (wantsTokenPaging(p)) {
    const page = paginateByToken(rows, p, { maxMax: 500, defaultMax: 10 });
    return { NextToken: page.NextToken, TotalCount: rows.length, Disks: { Disk: page.items.map((d) => renderDisk(d, now)) } };
  }
  const page = paginate(rows, p, { maxSize: 100, defaultSize: 10 });
  return { TotalCount: page.TotalCount, PageNumber: page.PageNumber, PageSize: page.PageSize, NextToken: "", Disks: { Disk: page.items.map((d) => renderDisk(d, now)) } };
}

function attachDisk(ctx: ActionContext): Record<string, unknown> {
  const reg = ctx.region({ collection: "instances", id: ctx.params.str("InstanceId") });
  const p = ctx.params;
  const inst = getInstance(reg, p.need("InstanceId"));
  const disk = getDisk(reg, p.need("DiskId"));
  const deleteWithInstance = p.bool("DeleteWithInstance");
  requireInstanceStatus(inst, ctx.now(), ["Running", "Stopped"]);
  const status = diskStatus(disk, ctx.now());
  if (disk.instanceId) throw new ApiError("InvalidDevice.InUse", `The specified disk ${disk.id} has already been attached to instance ${disk.instanceId}.`, 403);
  if (status !== "Available") throw incorrectDiskStatus(`Disk ${disk.id} is ${status}; AttachDisk needs Available.`);
  if (disk.zoneId !== inst.zoneId) throw new ApiError("ResourcesNotInSameZone", `The specified instance (${inst.zoneId}) and disk (${disk.zoneId}) are not in the same zone.`, 403);
  if (dataDisksOf(reg, inst.id).length >= 16) throw new ApiError("InstanceDiskNumLimitExceed", "The number of specified disk in an instance exceeds 16.", 403);
  disk.instanceId = inst.id;
  disk.device = nextDevice(reg, inst.id);
  disk.attachedAt = ctx.now();
  if (deleteWithInstance !== undefined) disk.deleteWithInstance = deleteWithInstance;
  disk.plan = ctx.timing.plan("Attaching", ["In_use", "diskAttaching"]);
  return {};
}

function detachDisk(ctx: ActionContext): Record<string, unknown> {
  const reg = ctx.region({ collection: "instances", id: ctx.params.str("InstanceId") });
  const p = ctx.params;
  const instanceId = p.str("InstanceId");
  if (!instanceId) throw new ApiError("MissingParameter", "You must specify a InstanceId.", 400);
  const inst = getInstance(reg, instanceId);
  const disk = getDisk(reg, p.need("DiskId"));
  const deleteWithInstance = p.bool("DeleteWithInstance");
  if (disk.instanceId !== inst.id) throw new ApiError("DependencyViolation", `The specified disk ${disk.id} has not been attached on the specified instance ${inst.id}.`, 403);
  if (disk.type === "system") throw new ApiError("DiskTypeViolation", "The specified disk is a system disk and cannot support the operation.", 403);
  const status = diskStatus(disk, ctx.now());
  if (status !== "In_use") throw incorrectDiskStatus(`Disk ${disk.id} is ${status}; DetachDisk needs In_use.`);
  requireInstanceStatus(inst, ctx.now(), ["Running", "Stopped"]);
  disk.instanceId = "";
  disk.device = "";
  disk.detachedAt = ctx.now();
  if (deleteWithInstance !== undefined) disk.deleteWithInstance = deleteWithInstance;
  disk.plan = ctx.timing.plan("Detaching", ["Available", "diskDetaching"]);
  return {};
}

function resizeDisk(ctx: ActionContext): Record<string, unknown> {
  const reg = ctx.region({ collection: "disks", id: ctx.params.str("DiskId") ?? ctx.params.list("DiskIds")[0] });
  const p = ctx.params;
  const disk = getDisk(reg, p.need("DiskId"));
  const newSize = p.int("NewSize", { required: true, min: 1 })!;
  p.enumOf("Type", ["offline", "online"] as const);
  const status = diskStatus(disk, ctx.now());
  if (status !== "Available" && status !== "In_use") throw incorrectDiskStatus(`Disk ${disk.id} is ${status}; ResizeDisk needs Available or In_use.`);
  if (disk.instanceId) {
    const inst = reg.instances[disk.instanceId];
    if (inst) requireInstanceStatus(inst, ctx.now(), ["Running", "Stopped"]);
  }
  if (newSize <= disk.size) throw new ApiError("InvalidDiskSize.TooSmall", `Specified new disk size ${newSize} GiB is less than or equal to the original disk size ${disk.size} GiB.`, 403);
  const range = DISK_CATEGORIES[disk.category];
  const max = disk.type === "system" ? range.systemMax : range.max;
  if (newSize > max) throw new ApiError("InvalidDiskSize.TooLarge", `Specified new disk size is beyond the permitted range: a ${disk.category} ${disk.type} disk is at most ${max} GiB.`, 403);
  disk.size = newSize;
  return {};
}

function modifyDiskAttribute(ctx: ActionContext): Record<string, unknown> {
  const reg = ctx.region({ collection: "disks", id: ctx.params.str("DiskId") ?? ctx.params.list("DiskIds")[0] });
  const p = ctx.params;
  const ids = p.has("DiskId") ? [p.need("DiskId")] : p.list("DiskIds", { max: 100 });
  if (!ids.length) throw missingParameter("DiskId");
  const disks = ids.map((id) => getDisk(reg, id));
  const name = readName(p, "DiskName", "InvalidDiskName.Malformed");
  const description = readDescription(p, "Description", "InvalidDescription.Malformed");
  const deleteWithInstance = p.bool("DeleteWithInstance");
  const deleteAutoSnapshot = p.bool("DeleteAutoSnapshot");
  const enableAutoSnapshot = p.bool("EnableAutoSnapshot");
  for (const d of disks) {
    if (name !== undefined) d.name = name;
    if (description !== undefined) d.description = description;
    if (deleteWithInstance !== undefined) d.deleteWithInstance = deleteWithInstance;
    if (deleteAutoSnapshot !== undefined) d.deleteAutoSnapshot = deleteAutoSnapshot;
    if (enableAutoSnapshot !== undefined) d.enableAutoSnapshot = enableAutoSnapshot;
  }
  return {};
}

function deleteDisk(ctx: ActionContext): Record<string, unknown> {
  const reg = ctx.region({ collection: "disks", id: ctx.params.str("DiskId") ?? ctx.params.list("DiskIds")[0] });
  const disk = getDisk(reg, ctx.params.need("DiskId"));
  const status = diskStatus(disk, ctx.now());
  if (status !== "Available" || disk.instanceId) throw incorrectDiskStatus(`Disk ${disk.id} is ${status}; DeleteDisk needs Available (detach it first).`);
  delete reg.disks[disk.id];
  return {};
}

function replaceSystemDisk(ctx: ActionContext): Record<string, unknown> {
  const reg = ctx.region({ collection: "instances", id: ctx.params.str("InstanceId") });
  const p = ctx.params;
  const inst = getInstance(reg, p.need("InstanceId"));
  const imageId = p.str("ImageId") ?? inst.imageId;
  const image = findImage(imageId);
  if (!image) throw new ApiError("InvalidImageId.NotFound", `The specified ImageId "${imageId}" does not exist.`, 404);
  const password = p.str("Password");
  const passwordInherit = p.bool("PasswordInherit", { default: false });
  if (password !== undefined && passwordInherit) throw new ApiError("InvalidPasswordParam.Mismatch", "The input password should be null when PasswordInherit is true.", 400);
  if (password !== undefined) checkPassword(password, image.osType === "windows");
  const keyPairName = p.str("KeyPairName");
  if (keyPairName !== undefined && !reg.keyPairs[keyPairName])
    throw new ApiError("InvalidKeyPairName.NotFound", `The specified KeyPairName "${keyPairName}" does not exist in our records.`, 404);
  const old = reg.disks[inst.systemDiskId];
  const category = old?.category ?? "cloud_essd";
  const size = p.int("SystemDisk.Size") ?? Math.max(old?.size ?? 40, image.size);
  if (size < image.size)
    throw new ApiError("InvalidSystemDiskSize.LessThanImageSize", `The specified parameter "SystemDisk.Size" is less than the image size (${image.size} GiB).`, 404);
  checkDiskSize(category, size, "system", "InvalidSystemDiskSize.MoreThanMaxSize", "SystemDisk.Size", 404);
  const status = instanceStatus(inst, ctx.now());
  if (status !== "Stopped" || inst.releaseAt !== undefined) throw new ApiError("IncorrectInstanceStatus", `The status of the ECS instance must be Stopped (${inst.id} is ${status}).`, 403);
  const id = newId("d");
  reg.disks[id] = ctx.created({
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
    size,
    imageId: image.imageId,
    instanceId: inst.id,
    attachedAt: ctx.now(),
    plan: [{ status: "In_use", at: ctx.now() }],
  });
  if (old) delete reg.disks[old.id];
  inst.systemDiskId = id;
  inst.imageId = image.imageId;
  if (password !== undefined) inst.hasPassword = true;
  if (keyPairName !== undefined) inst.keyPairName = keyPairName;
  return { DiskId: id };
}

export const diskActions: ActionTable = {
  CreateDisk: createDisk,
  DescribeDisks: describeDisks,
  AttachDisk: attachDisk,
  DetachDisk: detachDisk,
  ResizeDisk: resizeDisk,
  ModifyDiskAttribute: modifyDiskAttribute,
  DeleteDisk: deleteDisk,
  ReplaceSystemDisk: replaceSystemDisk,
};
