/** Disk actions: requests and answers (the rules are in models/disks.ts). */
import { DEFAULT_DISK_CATEGORY, diskCategories, MAX_IDS_PER_CALL, SECURITY_ENHANCEMENT } from "../../provider/spec/limits";
import { findImage, findRegion, zoneIds } from "../catalog";
import { ecsTime } from "../clock";
import { ApiError, missingParameter } from "../errors";
import { attachDisk, checkDiskSize, createDisk, deleteDisk, detachDisk, modifyDisks, performanceLevelFor, reInitDisk, replaceSystemDisk, resetDisk, resizeDisk } from "../models/disks";
import { checkPassword, instanceIsWindows } from "../models/instances";
import { DISK_STATUSES, diskStatus } from "../models/instanceStatus";
import { find, recordsByIds } from "../models/lookup";
import { byCreation, type DiskRecord, type RegionState } from "../state";
import { nameMatches, renderTags } from "./common";
import { pageInfo, paginate, paginateByToken, wantsTokenPaging } from "./pagination";
import { matchesTags } from "./params";
import { descriptionParam, nameParam } from "./rules";
import { action, P, pageParams, REGION_ID, REGION_ID_OPTIONAL, TAG_PARAMS, tokenParams, type Action } from "./spec";
import type { ActionContext } from "./types";

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
    DiskChargeType: d.chargeType ?? "PostPaid",
    CreationTime: ecsTime(d.createdAt),
    AttachedTime: d.attachedAt !== undefined && d.instanceId ? ecsTime(d.attachedAt) : "",
    DetachedTime: d.detachedAt !== undefined ? ecsTime(d.detachedAt) : "",
    ExpiredTime: "2999-09-08T16:00Z",
    IOPS: Math.min(50000, 1800 + 50 * d.size),
    IOPSRead: 0,
    IOPSWrite: 0,
    ProductCode: "",
    SerialNumber: d.id.slice(2),
    MultiAttach: "Disabled",
    BurstingEnabled: false,
    BdfId: "",
    ResourceGroupId: d.resourceGroupId ?? "",
    OperationLocks: { OperationLock: [] },
    Tags: renderTags(d.tags),
  };
}

/** The region of the DiskId parameter's disk (RegionId is optional for these actions). */
/** DescribeDisks' Category filter: "all", every category a disk can be created with, and the local ones (today: DescribeDisksRequest.category). */
const DESCRIBE_CATEGORIES = [
  "all",
  ...new Set([...diskCategories("system"), ...diskCategories("data"), "cloud_regional_disk_auto", "elastic_ephemeral_disk_standard", "elastic_ephemeral_disk_premium", "local_ssd_pro", "local_hdd_pro", "ephemeral"]),
];

const diskRegion = (ctx: ActionContext): RegionState => ctx.region({ collection: "disks", id: ctx.params.str("DiskId") ?? ctx.params.list("DiskIds")[0] });
/** The region of the InstanceId parameter's instance. */
const instanceRegion = (ctx: ActionContext): RegionState => ctx.region({ collection: "instances", id: ctx.params.str("InstanceId") });


export const diskActions: Record<string, Action> = {
  CreateDisk: action(
    {
      kind: "disk",
      summary: "Creates a pay-as-you-go data disk in a zone (Creating → Available).",
      params: {
        ...REGION_ID,
        ZoneId: P.string({ required: true }),
        DiskCategory: P.string({ values: diskCategories("createDisk"), default: DEFAULT_DISK_CATEGORY.createDisk, invalid: { code: "InvalidDiskCategory.ValueNotSupported" } }),
        SnapshotId: P.string({ doc: "the emulator has no snapshots: InvalidSnapshotId.NotFound" }),
        Size: P.integer({ invalid: { code: "InvalidSize.ValueNotSupported" }, doc: "GiB, within the category's range" }),
        DiskName: nameParam("InvalidDiskName.Malformed"),
        Description: descriptionParam("InvalidDescription.Malformed"),
        PerformanceLevel: P.string({ doc: "cloud_essd only: PL0-PL3, default PL1" }),
        Encrypted: P.boolean({ default: false }),
        ...TAG_PARAMS(),
        ClientToken: P.string(),
      },
    },
    (ctx) => {
      const reg = ctx.region();
      const p = ctx.params;
      const zoneId = p.need("ZoneId");
      if (!zoneIds(findRegion(reg.regionId)!).includes(zoneId)) throw new ApiError("InvalidZoneId.NotFound", `The specified zone "${zoneId}" does not exist.`, 404);
      const category = p.str("DiskCategory")!;
      const snapshotId = p.str("SnapshotId");
      if (snapshotId !== undefined) throw new ApiError("InvalidSnapshotId.NotFound", `The specified SnapshotId "${snapshotId}" does not exist.`, 404);
      if (!p.has("Size")) throw new ApiError("MissingParameter", "The input parameter either SnapshotId or Size should be specified.", 400);
      const size = p.int("Size")!;
      checkDiskSize(category, size, "createDisk", "InvalidSize.ValueNotSupported", "Size");
      const performanceLevel = performanceLevelFor(category, p.str("PerformanceLevel"), "PerformanceLevel");
      const tags = p.tags("Tag", { max: 20 });
      const disk = createDisk(ctx, reg, {
        zoneId,
        category,
        size,
        name: p.str("DiskName") ?? "",
        description: p.str("Description") ?? "",
        performanceLevel,
        encrypted: p.bool("Encrypted")!,
        tags,
      });
      return { DiskId: disk.id };
    },
  ),

  DescribeDisks: action(
    {
      kind: "disk",
      summary: "Lists disks (system and data) with their attachment; filters combine.",
      params: {
        ...REGION_ID,
        DiskIds: P.jsonList({ maxItems: MAX_IDS_PER_CALL, tooMany: { code: "InvalidDiskIds.Malformed", status: 403 } }),
        ZoneId: P.string({ doc: "a zone of the region (InvalidZoneId.NotFound)" }),
        InstanceId: P.string(),
        DiskType: P.string({ values: ["all", "system", "data"], default: "all", invalid: { code: "InvalidDiskType.ValueNotSupported" } }),
        Category: P.string({ values: DESCRIBE_CATEGORIES, default: "all", invalid: { code: "InvalidCategory.ValueNotSupported" }, doc: "all, or a category" }),
        Status: P.string({ values: [...DISK_STATUSES, "All"], default: "All", invalid: { code: "InvalidStatus.ValueNotSupported" } }),
        DiskChargeType: P.string({ values: ["PrePaid", "PostPaid"], invalid: { code: "InvalidDiskChargeType.NotFound", status: 404 } }),
        LockReason: P.string({ values: ["financial", "security", "recycling", "dedicatedhostfinancial"], invalid: { code: "InvalidLockReason.NotFound", status: 404 } }),
        SnapshotId: P.string(),
        DiskName: P.string({ doc: "a name, or a pattern with *" }),
        Portable: P.boolean(),
        DeleteWithInstance: P.boolean(),
        DeleteAutoSnapshot: P.boolean(),
        EnableAutoSnapshot: P.boolean(),
        Encrypted: P.boolean({ default: false, doc: "true: only encrypted disks; false: no filter (as documented)" }),
        Filter: P.objects(
          {
            Key: P.string({ values: ["CreationStartTime"], invalid: { code: "InvalidParameter" } }),
            Value: P.string({ pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/, invalid: { code: "InvalidParameter" }, doc: "yyyy-MM-ddTHH:mmZ (UTC)" }),
          },
          { doc: "Filter.N.Key=CreationStartTime: disks created at or after Filter.N.Value" },
        ),
        ...TAG_PARAMS("Tag", "tag filter"),
        ...pageParams(100),
        ...tokenParams(500),
      },
      notes: ["Category=all and Status=All are the documented \"no filter\" values; Encrypted=false filters nothing (only true filters)."],
    },
    (ctx) => {
      const reg = ctx.region();
      const p = ctx.params;
      const now = ctx.now();
      const ids = p.jsonList("DiskIds");
      const zone = p.str("ZoneId");
      if (zone !== undefined && !zoneIds(findRegion(reg.regionId)!).includes(zone)) throw new ApiError("InvalidZoneId.NotFound", `The specified ZoneId "${zone}" does not exist.`, 400);
      const instanceId = p.str("InstanceId");
      const diskType = p.str("DiskType");
      const category = p.str("Category") === "all" ? undefined : p.str("Category");
      const status = p.str("Status") === "All" ? undefined : p.str("Status");
      const chargeType = p.str("DiskChargeType");
      const lockReason = p.str("LockReason");
      const snapshotId = p.str("SnapshotId");
      const name = p.str("DiskName");
      const portable = p.bool("Portable");
      const deleteWithInstance = p.bool("DeleteWithInstance");
      const deleteAutoSnapshot = p.bool("DeleteAutoSnapshot");
      const enableAutoSnapshot = p.bool("EnableAutoSnapshot");
      const encryptedOnly = p.bool("Encrypted");
      const tags = p.tags("Tag", { max: 20 });
      const createdSince = Math.max(0, ...p.objects("Filter").map((f) => Date.parse(`${f.Value.slice(0, -1)}:00Z`)));
      const rows = recordsByIds(reg.disks, ids)
        .filter((d) => ctx.visible(d))
        .filter((d) => d.createdAt >= createdSince)
        .filter((d) => zone === undefined || d.zoneId === zone)
        .filter((d) => instanceId === undefined || d.instanceId === instanceId)
        .filter((d) => diskType === "all" || d.type === diskType)
        .filter((d) => category === undefined || d.category === category)
        .filter((d) => status === undefined || diskStatus(d, now) === status)
        .filter((d) => name === undefined || nameMatches(d.name, name))
        .filter((d) => portable === undefined || d.portable === portable)
        .filter((d) => deleteWithInstance === undefined || d.deleteWithInstance === deleteWithInstance)
        .filter((d) => !encryptedOnly || d.encrypted)
        .filter((d) => chargeType === undefined || chargeType === (d.chargeType ?? "PostPaid"))
        .filter(() => lockReason === undefined) // and none is locked
        .filter((d) => snapshotId === undefined || d.snapshotId === snapshotId)
        .filter((d) => deleteAutoSnapshot === undefined || d.deleteAutoSnapshot === deleteAutoSnapshot)
        .filter((d) => enableAutoSnapshot === undefined || d.enableAutoSnapshot === enableAutoSnapshot)
        .filter((d) => !tags.length || matchesTags(d.tags, tags))
        .sort(byCreation);
      if (wantsTokenPaging(p)) {
        const page = paginateByToken(rows, p);
        return { NextToken: page.NextToken, TotalCount: rows.length, Disks: { Disk: page.items.map((d) => renderDisk(d, now)) } };
      }
      const page = paginate(rows, p);
      return { ...pageInfo(page), NextToken: "", Disks: { Disk: page.items.map((d) => renderDisk(d, now)) } };
    },
  ),

  AttachDisk: action(
    {
      kind: "disk",
      summary: "Attaches an Available data disk to a Running or Stopped instance in its zone (Attaching → In_use).",
      params: { ...REGION_ID_OPTIONAL, InstanceId: P.string({ required: true }), DiskId: P.string({ required: true }), DeleteWithInstance: P.boolean() },
      notes: ["At most 16 data disks per instance (InstanceDiskNumLimitExceed, 403); devices are /dev/xvdb, /dev/xvdc … in order."],
    },
    (ctx) => {
      const reg = instanceRegion(ctx);
      const p = ctx.params;
      const inst = find(reg, "instance", p.need("InstanceId"));
      attachDisk(ctx, reg, inst, find(reg, "disk", p.need("DiskId")), p.bool("DeleteWithInstance"));
      return {};
    },
  ),

  DetachDisk: action(
    {
      kind: "disk",
      summary: "Detaches an In_use data disk from its instance (Detaching → Available).",
      params: {
        ...REGION_ID_OPTIONAL,
        InstanceId: P.string({ required: true, missing: { code: "MissingParameter" } }),
        DiskId: P.string({ required: true }),
        DeleteWithInstance: P.boolean({ default: false, doc: "the detached data disk's release flag: false unless given (ref 003:12930, today)" }),
      },
      notes: [
        "A detached data disk no longer goes with an instance: DeleteWithInstance becomes false (ref 003:12930) unless the request says otherwise.",
        "A system disk cannot be detached (DiskTypeViolation, 403), as the reference says; today's API can detach a Stopped instance's system disk, which the emulator does not model.",
      ],
    },
    (ctx) => {
      const reg = instanceRegion(ctx);
      const p = ctx.params;
      const inst = find(reg, "instance", p.need("InstanceId"));
      detachDisk(ctx, inst, find(reg, "disk", p.need("DiskId")), p.bool("DeleteWithInstance") ?? false);
      return {};
    },
  ),

  ResizeDisk: action(
    {
      kind: "disk",
      summary: "Grows a disk (never shrinks it), up to its category's maximum.",
      params: { ...REGION_ID_OPTIONAL, DiskId: P.string({ required: true }), NewSize: P.integer({ required: true, min: 1 }), Type: P.string({ values: ["offline", "online"], default: "offline" }), ClientToken: P.string() },
      notes: ["Grow only (InvalidDiskSize.TooSmall, 403), up to the category's maximum for the disk's role (InvalidDiskSize.TooLarge, 403); a basic (cloud) disk only offline (OperationDenied, 403)."],
    },
    (ctx) => {
      const reg = diskRegion(ctx);
      resizeDisk(ctx, reg, find(reg, "disk", ctx.params.need("DiskId")), ctx.params.int("NewSize")!, ctx.params.str("Type") === "online");
      return {};
    },
  ),

  ModifyDiskAttribute: action(
    {
      kind: "disk",
      summary: "Changes a disk's name, description and release/snapshot flags (one disk, or up to 100 with DiskIds.N).",
      params: {
        ...REGION_ID_OPTIONAL,
        DiskId: P.string(),
        DiskIds: P.list({ maxItems: 100 }),
        DiskName: nameParam("InvalidDiskName.Malformed"),
        // This action's table gives HTTP 404 for a malformed description (ref 003:13706), unlike CreateDisk's 400.
        Description: { ...descriptionParam("InvalidDescription.Malformed"), invalid: { code: "InvalidDescription.Malformed", status: 404 } },
        DeleteWithInstance: P.boolean(),
        DeleteAutoSnapshot: P.boolean(),
        EnableAutoSnapshot: P.boolean(),
      },
      notes: [
        "A request that changes nothing: NoAttributeToModify (400).",
        "DeleteWithInstance=false on a basic (cloud) disk that is not portable, such as a system disk: DiskNotPortable (403).",
      ],
    },
    (ctx) => {
      const reg = diskRegion(ctx);
      const p = ctx.params;
      const ids = p.has("DiskId") ? [p.need("DiskId")] : p.list("DiskIds");
      if (!ids.length) throw missingParameter("DiskId");
      const attrs = ["DiskName", "Description", "DeleteWithInstance", "DeleteAutoSnapshot", "EnableAutoSnapshot"];
      if (!attrs.some((a) => p.has(a))) throw new ApiError("NoAttributeToModify", "No attribute to be modified in this request.", 400);
      modifyDisks(
        ids.map((id) => find(reg, "disk", id)),
        {
          name: p.str("DiskName"),
          description: p.str("Description"),
          deleteWithInstance: p.bool("DeleteWithInstance"),
          deleteAutoSnapshot: p.bool("DeleteAutoSnapshot"),
          enableAutoSnapshot: p.bool("EnableAutoSnapshot"),
        },
      );
      return {};
    },
  ),

  DeleteDisk: action(
    { kind: "disk", summary: "Releases an unattached, Available disk.", params: { ...REGION_ID_OPTIONAL, DiskId: P.string({ required: true }) } },
    (ctx) => {
      const reg = diskRegion(ctx);
      deleteDisk(ctx, reg, find(reg, "disk", ctx.params.need("DiskId")));
      return {};
    },
  ),

  ResetDisk: action(
    {
      kind: "disk",
      summary: "Rolls a disk back to one of its snapshots: the emulator has no snapshots, so it answers InvalidSnapshotId.NotFound once the disk and instance checks pass.",
      params: { ...REGION_ID_OPTIONAL, DiskId: P.string({ required: true }), SnapshotId: P.string({ required: true }), DryRun: P.boolean({ default: false }) },
      notes: ["The disk must be In_use (its instance Stopped) or Available: IncorrectDiskStatus / IncorrectInstanceStatus (403)."],
    },
    (ctx) => {
      const reg = diskRegion(ctx);
      return resetDisk(ctx, reg, find(reg, "disk", ctx.params.need("DiskId")), ctx.params.need("SnapshotId"));
    },
  ),

  ReInitDisk: action(
    {
      kind: "disk",
      summary: "Re-initializes an attached disk of a Stopped instance to its initial state (ReIniting → In_use): a system disk to its image, a data disk to empty.",
      params: {
        ...REGION_ID_OPTIONAL,
        DiskId: P.string({ required: true }),
        Password: P.string({ doc: "system disks: the instance's new password (the OS's rule)" }),
        KeyPairName: P.string({ doc: "system disks of Linux instances: the key pair to log on with" }),
        AutoStartInstance: P.boolean({ default: false, doc: "start the instance once the disk is re-initialized" }),
        SecurityEnhancementStrategy: P.string({ values: SECURITY_ENHANCEMENT, default: "Deactive" }),
      },
      notes: [
        "The disk must be In_use and its instance Stopped: IncorrectDiskStatus / IncorrectInstanceStatus (403).",
        "Password and KeyPairName apply to a system disk and are ignored for a data disk.",
      ],
    },
    (ctx) => {
      const reg = diskRegion(ctx);
      const p = ctx.params;
      const disk = find(reg, "disk", p.need("DiskId"));
      const inst = disk.instanceId ? reg.instances[disk.instanceId] : undefined;
      const system = disk.type === "system" && inst !== undefined;
      const password = system ? p.str("Password") : undefined;
      const keyPairName = system ? p.str("KeyPairName") : undefined;
      if (password !== undefined) checkPassword(password, instanceIsWindows(inst!));
      if (keyPairName !== undefined) {
        if (!reg.keyPairs[keyPairName]) throw new ApiError("InvalidKeyPairName.NotFound", `The specified KeyPairName "${keyPairName}" does not exist in our records.`, 404);
        if (instanceIsWindows(inst!)) throw new ApiError("DependencyViolation.WindowsInstance", "The instance is windows, cannot use ssh key pair to login.", 403);
      }
      reInitDisk(ctx, reg, disk, { password, keyPairName, autoStart: p.bool("AutoStartInstance")! });
      return {};
    },
  ),

  ReplaceSystemDisk: action(
    {
      kind: "disk",
      summary: "Gives a Stopped instance a new system disk from an image (another image, or the same one to reinstall).",
      params: {
        ...REGION_ID_OPTIONAL,
        InstanceId: P.string({ required: true }),
        ImageId: P.string({ doc: "default: the instance's image" }),
        Password: P.string(),
        PasswordInherit: P.boolean({ default: false }),
        KeyPairName: P.string(),
        SystemDisk: P.object({ Size: P.integer() }),
        ClientToken: P.string(),
      },
    },
    (ctx) => {
      const reg = instanceRegion(ctx);
      const p = ctx.params;
      const inst = find(reg, "instance", p.need("InstanceId"));
      const imageId = p.str("ImageId") ?? inst.imageId;
      const image = findImage(imageId);
      if (!image) throw new ApiError("InvalidImageId.NotFound", `The specified ImageId "${imageId}" does not exist.`, 404);
      const password = p.str("Password");
      if (password !== undefined && p.bool("PasswordInherit")) throw new ApiError("InvalidPasswordParam.Mismatch", "The input password should be null when PasswordInherit is true.", 400);
      if (password !== undefined) checkPassword(password, image.osType === "windows");
      const keyPairName = p.str("KeyPairName");
      if (keyPairName !== undefined && !reg.keyPairs[keyPairName])
        throw new ApiError("InvalidKeyPairName.NotFound", `The specified KeyPairName "${keyPairName}" does not exist in our records.`, 404);
      const disk = replaceSystemDisk(ctx, reg, inst, image, p.int("SystemDisk.Size"));
      if (password !== undefined) inst.hasPassword = true;
      if (keyPairName !== undefined) inst.keyPairName = keyPairName;
      return { DiskId: disk.id };
    },
  ),
};
