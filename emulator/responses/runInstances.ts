/** RunInstances: the request (a launch template's values first, explicit parameters win) read into a
 *  LaunchSpec; models/launch.ts checks it against the state and creates the instances. */
import { BANDWIDTH_IN, BANDWIDTH_OUT, CREDIT_SPECIFICATIONS, DEFAULT_DISK_CATEGORY, diskCategories, INTERNET_CHARGE_TYPES, MAX_DATA_DISKS, MAX_INSTANCES_PER_RUN, TAGS } from "../../provider/spec/limits";
import { findImage, findInstanceType, type ImageInfo } from "../catalog";
import { ApiError, missingParameter } from "../errors";
import { checkDiskSize, performanceLevelFor } from "../models/disks";
import { launchAutoReleaseTime } from "../models/instanceBilling";
import { checkHostName, checkPassword, checkUserData, isWindows } from "../models/instances";
import { launchInstances, systemDiskSize, type DiskSpec } from "../models/launch";
import { resolveRamRole } from "../models/ramRoles";
import { mergeTags } from "../models/tags";
import type { LaunchTemplateRecord, RegionState, Tag } from "../state";
import { ParamReader } from "./params";
import { descriptionParam, nameParam } from "./rules";
import { action, P, REGION_ID, TAG_PARAMS, validateParams, type Params } from "./spec";

/** List-valued parameters: when the request gives any item, the template's items are dropped, not merged. */
const LIST_PREFIXES = ["DataDisk.", "SecurityGroupIds.", "NetworkInterface.", "Tag."];

const DISK_NAME = nameParam("InvalidDiskName.Malformed");
const DISK_DESCRIPTION = descriptionParam("InvalidDiskDescription.Malformed");

const PARAMS: Params = {
  ...REGION_ID,
  ImageId: P.string({ required: true }),
  InstanceType: P.string({ required: true }),
  Amount: P.integer({ min: 1, max: MAX_INSTANCES_PER_RUN, default: 1 }),
  MinAmount: P.integer({ min: 1, doc: "at most Amount; the emulator always has capacity" }),
  InstanceChargeType: P.string({ values: ["PostPaid", "PrePaid"], default: "PostPaid", invalid: { code: "InvalidInstanceChargeType.NotFound", status: 404 } }),
  InternetChargeType: P.string({ values: INTERNET_CHARGE_TYPES, default: "PayByTraffic", invalid: { code: "InvalidInternetChargeType.ValueNotSupported" } }),
  InternetMaxBandwidthOut: P.integer({ min: BANDWIDTH_OUT.min, max: BANDWIDTH_OUT.max, default: 0, doc: "Mbit/s; above 0 the instance gets a public IP" }),
  InternetMaxBandwidthIn: P.integer({ min: BANDWIDTH_IN.min, max: BANDWIDTH_IN.max, default: BANDWIDTH_IN.max }),
  InstanceName: nameParam("InvalidInstanceName.Malformed"),
  Description: descriptionParam("InvalidDescription.Malformed"),
  HostName: P.string({ doc: "Linux 2-64 characters, Windows 2-15 (InvalidHostName.Malformed)" }),
  Password: P.string({ doc: "8-30 characters, three character classes (InvalidPassword.Malformed); never stored" }),
  PasswordInherit: P.boolean({ default: false }),
  UserData: P.string({ doc: "Base64, at most 32 KiB decoded" }),
  ZoneId: P.string(),
  VSwitchId: P.string({ doc: "default: the zone's default VSwitch" }),
  SecurityGroupId: P.string({ doc: "this or SecurityGroupIds.N (at most 5)" }),
  SecurityGroupIds: P.list(),
  KeyPairName: P.string(),
  DeploymentSetId: P.string(),
  SystemDisk: P.object({
    Category: P.string({ values: diskCategories("system"), default: DEFAULT_DISK_CATEGORY.system, invalid: { code: "InvalidSystemDiskCategory.ValueNotSupported" } }),
    Size: P.integer({ doc: "GiB; default max(40, image size)" }),
    DiskName: DISK_NAME,
    Description: DISK_DESCRIPTION,
    PerformanceLevel: P.string({ doc: "cloud_essd only: PL0-PL3, default PL1" }),
    Encrypted: P.boolean({ default: false }),
  }),
  DataDisk: P.objects(
    {
      Category: P.string({ values: diskCategories("data"), default: DEFAULT_DISK_CATEGORY.data, invalid: { code: "InvalidDataDiskCategory.ValueNotSupported" } }),
      SnapshotId: P.string({ doc: "the emulator has no snapshots: InvalidDataDiskSnapshotId.NotFound" }),
      Size: P.integer({ required: true, invalid: { code: "InvalidDataDiskSize.ValueNotSupported" } }),
      DiskName: DISK_NAME,
      Description: DISK_DESCRIPTION,
      PerformanceLevel: P.string(),
      DeleteWithInstance: P.boolean({ default: true }),
      Encrypted: P.boolean({ default: false }),
      Device: P.string(),
    },
    { maxItems: MAX_DATA_DISKS, tooMany: { code: "InstanceDiskNumber.LimitExceed" } },
  ),
  ...TAG_PARAMS("Tag", "at most 20, merged by key with the template's"),
  LaunchTemplateId: P.string(),
  LaunchTemplateName: P.string(),
  LaunchTemplateVersion: P.integer({ min: 1, doc: "default: the template's default version" }),
  DeletionProtection: P.boolean({ default: false }),
  UniqueSuffix: P.boolean({ default: false, doc: "names and host names get 001, 002 … when Amount > 1" }),
  CreditSpecification: P.string({ values: CREDIT_SPECIFICATIONS }),
  AutoReleaseTime: P.string({ doc: "pay-as-you-go: UTC yyyy-MM-ddTHH:mm:ssZ, 30 minutes to 3 years ahead (InvalidAutoReleaseTime.Malformed)" }),
  RamRoleName: P.string({ doc: "an instance RAM role (see AttachInstanceRamRole)" }),
  DryRun: P.boolean({ default: false }),
  ClientToken: P.string(),
};

export function findLaunchTemplate(reg: RegionState, p: ParamReader): LaunchTemplateRecord | undefined {
  const id = p.str("LaunchTemplateId");
  const name = p.str("LaunchTemplateName");
  if (!id && !name) return undefined;
  const lt = id ? reg.launchTemplates[id] : Object.values(reg.launchTemplates).find((t) => t.name === name);
  if (!lt) throw new ApiError("InvalidLaunchTemplate.NotExist", `The specified launch template ${id ?? name} does not exist.`, 404);
  return lt;
}

/** Template data + explicit parameters (explicit wins; lists replace; tags merge by key). */
function effectiveParams(reg: RegionState, p: ParamReader): { raw: Record<string, string>; template?: { id: string; version: number; tags: Tag[] } } {
  const lt = findLaunchTemplate(reg, p);
  if (!lt) return { raw: { ...p.raw } };
  const versionNumber = p.int("LaunchTemplateVersion") ?? lt.defaultVersionNumber;
  const version = lt.versions.find((v) => v.versionNumber === versionNumber);
  if (!version) throw new ApiError("InvalidLaunchTemplateVersion.NotExist", `The specified launch template version ${versionNumber} does not exist.`, 404);
  const merged: Record<string, string> = {};
  const overridden = LIST_PREFIXES.filter((prefix) => Object.keys(p.raw).some((k) => k.startsWith(prefix)));
  for (const [k, v] of Object.entries(version.data)) if (!overridden.some((prefix) => k.startsWith(prefix))) merged[k] = v;
  // SecurityGroupId and SecurityGroupIds are one choice: an explicit one replaces the template's either way.
  if (p.has("SecurityGroupId") || p.list("SecurityGroupIds").length) {
    delete merged.SecurityGroupId;
    for (const k of Object.keys(merged)) if (k.startsWith("SecurityGroupIds.")) delete merged[k];
  }
  Object.assign(merged, p.raw);
  const templateTags = new ParamReader(version.data).tags("Tag");
  return { raw: merged, template: { id: lt.id, version: versionNumber, tags: templateTags } };
}

function readSystemDisk(p: ParamReader, image: ImageInfo): DiskSpec {
  const category = p.str("SystemDisk.Category")!;
  return {
    category,
    size: systemDiskSize(image, category, p.int("SystemDisk.Size")),
    name: p.str("SystemDisk.DiskName") ?? "",
    description: p.str("SystemDisk.Description") ?? "",
    performanceLevel: performanceLevelFor(category, p.str("SystemDisk.PerformanceLevel"), "SystemDisk.PerformanceLevel"),
    deleteWithInstance: true, // a system disk goes with its instance
    encrypted: p.bool("SystemDisk.Encrypted") ?? false,
    snapshotId: "",
  };
}

function readDataDisks(p: ParamReader): DiskSpec[] {
  return p.objects("DataDisk").map((o, i) => {
    const n = i + 1;
    const category = o.Category || DEFAULT_DISK_CATEGORY.data;
    const snapshotId = o.SnapshotId ?? "";
    if (snapshotId) throw new ApiError("InvalidDataDiskSnapshotId.NotFound", `The specified parameter "DataDisk.${n}.SnapshotId" is not valid.`, 404);
    const size = Number(o.Size);
    checkDiskSize(category, size, "data", "InvalidDataDiskSize.ValueNotSupported", `DataDisk.${n}.Size`);
    const bool = (v: string | undefined, dflt: boolean): boolean => (v === undefined || v === "" ? dflt : v.toLowerCase() === "true");
    return {
      category,
      size,
      name: o.DiskName ?? "",
      description: o.Description ?? "",
      performanceLevel: performanceLevelFor(category, o.PerformanceLevel || undefined, `DataDisk.${n}.PerformanceLevel`),
      deleteWithInstance: bool(o.DeleteWithInstance, true),
      encrypted: bool(o.Encrypted, false),
      snapshotId,
      device: o.Device,
    };
  });
}

function securityGroupIds(p: ParamReader): string[] {
  const single = p.str("SecurityGroupId");
  const many = p.list("SecurityGroupIds");
  if (single && many.length) throw new ApiError("InvalidParameter.Conflict", `The parameters "SecurityGroupId" and "SecurityGroupIds.N" cannot be specified at the same time.`, 400);
  return single ? [single] : many;
}

export const runInstances = action(
  {
    kind: "instance",
    summary: "Creates 1-100 instances (Pending → Starting → Running), each with its system disk and data disks, optionally from a launch template.",
    params: PARAMS,
    validatesItself: true,
    notes: [
      "A launch template's values apply first and explicit parameters win; a list given explicitly (DataDisk, SecurityGroupIds, Tag …) replaces the template's, tags merge by key.",
      "Every instance with InternetMaxBandwidthOut > 0 gets a public IP from the region's pool (InsufficientPublicIp, 400, when it is used up).",
      "Disks created with an instance are released with it unless DeleteWithInstance=false.",
    ],
  },
  (ctx) => {
    const reg = ctx.region();
    // What was sent is checked first; a template's values, merged in, are checked with it.
    const explicit = validateParams(PARAMS, ctx.params.raw, true);
    const { raw, template } = effectiveParams(reg, new ParamReader(explicit, PARAMS));
    const p = new ParamReader(validateParams(PARAMS, raw), PARAMS);

    const imageId = p.need("ImageId");
    const image = findImage(imageId);
    if (!image) throw new ApiError("InvalidImageId.NotFound", `The specified ImageId "${imageId}" does not exist.`, 404);
    const typeId = p.need("InstanceType");
    const type = findInstanceType(typeId);
    if (!type) throw new ApiError("InvalidInstanceType.ValueNotSupported", `The specified InstanceType "${typeId}" beyond the permitted range.`, 400);
    const amount = p.int("Amount")!;
    const minAmount = p.int("MinAmount");
    if (minAmount !== undefined && minAmount > amount) throw new ApiError("InvalidParameter", `The specified parameter "MinAmount" is not valid: it must be at most Amount (${amount}).`, 400);

    const hostName = p.str("HostName");
    if (hostName !== undefined) checkHostName(hostName, isWindows(image));
    const password = p.str("Password");
    if (password !== undefined && p.bool("PasswordInherit"))
      throw new ApiError("InvalidPasswordParam.Mismatch", "The input password should be null when PasswordInherit is true.", 400);
    if (password !== undefined) checkPassword(password, isWindows(image));
    const userData = checkUserData(p.str("UserData"));
    const groupIds = securityGroupIds(p);
    if (!groupIds.length) throw missingParameter("SecurityGroupId");

    const systemDisk = readSystemDisk(p, image);
    const dataDisks = readDataDisks(p);
    const explicitTags = ctx.params.tags("Tag");
    const tags = template ? mergeTags(template.tags, explicitTags) : explicitTags;
    if (tags.length > TAGS.maxPerResource) throw new ApiError("InvalidTagCount", `The number of tags must not exceed ${TAGS.maxPerResource}.`, 400);

    const chargeType = p.str("InstanceChargeType") as "PostPaid" | "PrePaid";
    const autoReleaseTime = launchAutoReleaseTime(ctx, p.str("AutoReleaseTime"), chargeType);
    const roleName = p.str("RamRoleName");
    const ramRoleName = roleName === undefined ? undefined : resolveRamRole(roleName, ctx.ramRoles());

    const ids = launchInstances(ctx, reg, {
      image,
      type,
      amount,
      zoneId: p.str("ZoneId"),
      vSwitchId: p.str("VSwitchId"),
      securityGroupIds: groupIds,
      keyPairName: p.str("KeyPairName"),
      deploymentSetId: p.str("DeploymentSetId"),
      template: template && { id: template.id, version: template.version },
      name: p.str("InstanceName"),
      description: p.str("Description") ?? "",
      hostName,
      uniqueSuffix: p.bool("UniqueSuffix")!,
      hasPassword: password !== undefined,
      userData,
      instanceChargeType: chargeType,
      internetChargeType: p.str("InternetChargeType")!,
      bandwidthOut: p.int("InternetMaxBandwidthOut")!,
      bandwidthIn: p.int("InternetMaxBandwidthIn")!,
      deletionProtection: p.bool("DeletionProtection")!,
      creditSpecification: p.str("CreditSpecification"),
      autoReleaseTime,
      ramRoleName,
      tags,
      systemDisk,
      dataDisks,
      dryRun: p.bool("DryRun")!,
    });
    return { InstanceIdSets: { InstanceIdSet: ids } };
  },
);
