/** RunInstances: validation of every input (launch template values first, explicit parameters win),
 *  then Amount instances with their system and data disks. */
import { DISK_CATEGORIES, findImage, findInstanceType, findRegion, zoneIds, type ImageInfo } from "../catalog";
import { ApiError, invalidParameter, missingParameter } from "../errors";
import { mergeTags, ParamReader, readDescription, readName } from "../params";
import { newId, type DiskRecord, type InstanceRecord, type LaunchTemplateRecord, type RegionState, type SecurityGroupRecord, type Tag } from "../state";
import { allocatePrivateIp, checkDiskSize, checkHostName, checkPassword, getSecurityGroup, getVSwitch, isWindows, readUserData } from "./common";
import { deploymentSetNotFound } from "./deploymentSets";
import { PublicIpPool } from "./publicIps";
import type { ActionContext } from "./types";

/** List-valued parameters: when the request gives any item, the template's items are dropped, not merged. */
const LIST_PREFIXES = ["DataDisk.", "SecurityGroupIds.", "NetworkInterface.", "Tag."];

export function findLaunchTemplate(reg: RegionState, p: ParamReader): LaunchTemplateRecord | undefined {
  const id = p.str("LaunchTemplateId");
  const name = p.str("LaunchTemplateName");
  if (!id && !name) return undefined;
  const lt = id ? reg.launchTemplates[id] : Object.values(reg.launchTemplates).find((t) => t.name === name);
  if (!lt) throw new ApiError("InvalidLaunchTemplate.NotExist", `The specified launch template ${id ?? name} does not exist.`, 404);
  return lt;
}

/** Template data + explicit parameters (explicit wins; lists replace; tags merge by key). */
function effectiveParams(reg: RegionState, p: ParamReader): { params: ParamReader; template?: { id: string; version: number; tags: Tag[] } } {
  const lt = findLaunchTemplate(reg, p);
  if (!lt) return { params: p };
  const versionNumber = p.int("LaunchTemplateVersion", { min: 1 }) ?? lt.defaultVersionNumber;
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
  return { params: new ParamReader(merged), template: { id: lt.id, version: versionNumber, tags: templateTags } };
}

interface DiskSpec {
  category: string;
  size: number;
  name: string;
  description: string;
  performanceLevel?: string;
  deleteWithInstance: boolean;
  encrypted: boolean;
  snapshotId: string;
  device?: string;
}

function readSystemDisk(p: ParamReader, image: ImageInfo): DiskSpec {
  const category = p.str("SystemDisk.Category", { default: "cloud_essd" })!;
  if (!DISK_CATEGORIES[category])
    throw new ApiError("InvalidSystemDiskCategory.ValueNotSupported", `The specified parameter "SystemDisk.Category" is not valid: ${category}.`, 400);
  const range = DISK_CATEGORIES[category];
  const size = p.int("SystemDisk.Size") ?? Math.max(40, image.size);
  if (size < image.size)
    throw new ApiError("InvalidSystemDiskSize.LessThanImageSize", `The specified parameter "SystemDisk.Size" is less than the image size (${image.size} GiB).`, 404);
  if (size < range.systemMin)
    throw new ApiError("InvalidSystemDiskSize.LessThanMinSize", `The specified parameter "SystemDisk.Size" is less than the min size (${range.systemMin} GiB).`, 404);
  if (size > range.systemMax)
    throw new ApiError("InvalidSystemDiskSize.MoreThanMaxSize", `The specified parameter "SystemDisk.Size" is more than the max size (${range.systemMax} GiB).`, 404);
  return {
    category,
    size,
    name: readName(p, "SystemDisk.DiskName", "InvalidDiskName.Malformed") ?? "",
    description: readDescription(p, "SystemDisk.Description", "InvalidDiskDescription.Malformed") ?? "",
    performanceLevel: readPerformanceLevel(p, "SystemDisk.PerformanceLevel", category),
    deleteWithInstance: p.bool("SystemDisk.DeleteWithInstance", { default: true })!,
    encrypted: p.bool("SystemDisk.Encrypted", { default: false })!,
    snapshotId: "",
  };
}

export function readPerformanceLevel(p: ParamReader, name: string, category: string): string | undefined {
  const v = p.str(name);
  if (v === undefined) return category === "cloud_essd" ? "PL1" : undefined;
  if (category !== "cloud_essd" || !["PL0", "PL1", "PL2", "PL3"].includes(v)) throw invalidParameter(name, "PerformanceLevel applies to cloud_essd only: PL0, PL1, PL2 or PL3.");
  return v;
}

function readDataDisks(p: ParamReader): DiskSpec[] {
  const items = p.objects("DataDisk");
  if (items.length > 16) throw new ApiError("InstanceDiskNumber.LimitExceed", "The total number of specified disk in an instance exceeds: at most 16 data disks.", 400);
  return items.map((o, i) => {
    const n = i + 1;
    const sub = new ParamReader(o);
    const category = sub.str("Category", { default: "cloud_efficiency" })!;
    if (!DISK_CATEGORIES[category])
      throw new ApiError("InvalidDataDiskCategory.ValueNotSupported", `The specified parameter "DataDisk.${n}.Category" is not valid: ${category}.`, 400);
    const snapshotId = sub.str("SnapshotId") ?? "";
    if (snapshotId) throw new ApiError("InvalidDataDiskSnapshotId.NotFound", `The specified parameter "DataDisk.${n}.SnapshotId" is not valid.`, 404);
    const sizeText = o.Size;
    if (sizeText === undefined || sizeText === "") throw missingParameter(`DataDisk.${n}.Size`);
    if (!/^\d+$/.test(sizeText))
      throw new ApiError("InvalidDataDiskSize.ValueNotSupported", `The specified parameter "DataDisk.${n}.Size" is not valid: it must be an integer.`, 400);
    const size = Number(sizeText);
    checkDiskSize(category, size, "data", "InvalidDataDiskSize.ValueNotSupported", `DataDisk.${n}.Size`);
    const name = sub.str("DiskName");
    if (name !== undefined) readName(new ParamReader({ [`DataDisk.${n}.DiskName`]: name }), `DataDisk.${n}.DiskName`, "InvalidDiskName.Malformed");
    // Re-read the sub-fields under their full wire names, so errors name DataDisk.N.Field.
    const full = new ParamReader(Object.fromEntries(Object.entries(o).map(([k, v]) => [`DataDisk.${n}.${k}`, v])));
    const description = readDescription(full, `DataDisk.${n}.Description`, "InvalidDiskDescription.Malformed");
    const performanceLevel = readPerformanceLevel(full, `DataDisk.${n}.PerformanceLevel`, category);
    const readBool = (field: string, dflt: boolean): boolean => full.bool(`DataDisk.${n}.${field}`, { default: dflt }) as boolean;
    return {
      category,
      size,
      name: name ?? "",
      description: description ?? "",
      performanceLevel,
      deleteWithInstance: readBool("DeleteWithInstance", true),
      encrypted: readBool("Encrypted", false),
      snapshotId,
      device: o.Device,
    };
  });
}

function readSecurityGroups(reg: RegionState, p: ParamReader): SecurityGroupRecord[] {
  const single = p.str("SecurityGroupId");
  const many = p.list("SecurityGroupIds");
  if (single && many.length) throw new ApiError("InvalidParameter.Conflict", `The parameters "SecurityGroupId" and "SecurityGroupIds.N" cannot be specified at the same time.`, 400);
  const ids = single ? [single] : many;
  if (!ids.length) throw missingParameter("SecurityGroupId");
  if (ids.length > 5) throw new ApiError("InstanceSecurityGroupLimitExceeded", "An instance can join at most 5 security groups.", 400);
  return [...new Set(ids)].map((id) => getSecurityGroup(reg, id));
}

const INTERNET_CHARGE_TYPES = ["PayByTraffic", "PayByBandwidth"] as const;

export function runInstances(ctx: ActionContext): Record<string, unknown> {
  const reg = ctx.region();
  const { params: p, template } = effectiveParams(reg, ctx.params);
  const region = findRegion(reg.regionId)!;

  const imageId = p.need("ImageId");
  const image = findImage(imageId);
  if (!image) throw new ApiError("InvalidImageId.NotFound", `The specified ImageId "${imageId}" does not exist.`, 404);
  const typeId = p.need("InstanceType");
  const type = findInstanceType(typeId);
  if (!type) throw new ApiError("InvalidInstanceType.ValueNotSupported", `The specified InstanceType "${typeId}" beyond the permitted range.`, 400);
  const amount = p.int("Amount", { min: 1, max: 100, default: 1 })!;
  const minAmount = p.int("MinAmount", { min: 1, max: amount });
  const chargeType = p.str("InstanceChargeType", { default: "PostPaid" })!;
  if (chargeType !== "PostPaid" && chargeType !== "PrePaid")
    throw new ApiError("InvalidInstanceChargeType.NotFound", `The InstanceChargeType "${chargeType}" does not exist in our records.`, 404);
  const internetChargeType = p.str("InternetChargeType", { default: "PayByTraffic" })!;
  if (!(INTERNET_CHARGE_TYPES as readonly string[]).includes(internetChargeType))
    throw new ApiError("InvalidInternetChargeType.ValueNotSupported", `The specified InternetChargeType "${internetChargeType}" is not valid.`, 400);
  const bandwidthOut = p.int("InternetMaxBandwidthOut", { min: 0, max: 100, default: 0 })!;
  const bandwidthIn = p.int("InternetMaxBandwidthIn", { min: 1, max: 200, default: 200 })!;

  const name = readName(p, "InstanceName", "InvalidInstanceName.Malformed");
  const description = readDescription(p, "Description", "InvalidDescription.Malformed");
  const hostName = p.str("HostName");
  if (hostName !== undefined) checkHostName(hostName, isWindows(image));
  const password = p.str("Password");
  const passwordInherit = p.bool("PasswordInherit", { default: false });
  if (password !== undefined && passwordInherit)
    throw new ApiError("InvalidPasswordParam.Mismatch", "The input password should be null when PasswordInherit is true.", 400);
  if (password !== undefined) checkPassword(password, isWindows(image));
  const userData = readUserData(p);

  const zoneParam = p.str("ZoneId");
  if (zoneParam !== undefined && !zoneIds(region).includes(zoneParam)) throw new ApiError("InvalidZoneId.NotFound", `The specified ZoneId "${zoneParam}" does not exist.`, 404);
  const vSwitchId = p.str("VSwitchId");
  const vsw = vSwitchId
    ? getVSwitch(reg, vSwitchId)
    : Object.values(reg.vswitches).find((s) => s.isDefault && s.zoneId === (zoneParam ?? zoneIds(region)[0]));
  if (!vsw) throw missingParameter("VSwitchId");
  if (zoneParam && vsw.zoneId !== zoneParam) throw new ApiError("InvalidParameter.Mismatch", "Specified virtual switch is not in the specified zone.", 400);
  const groups = readSecurityGroups(reg, p);
  for (const sg of groups)
    if (sg.vpcId && sg.vpcId !== vsw.vpcId)
      throw new ApiError("InvalidParameter.Mismatch", `Specified security group and virtual switch are not in the same VPC (${sg.id} is in ${sg.vpcId}, ${vsw.id} in ${vsw.vpcId}).`, 400);
  const keyPairName = p.str("KeyPairName");
  if (keyPairName !== undefined) {
    if (!reg.keyPairs[keyPairName]) throw new ApiError("InvalidKeyPairName.NotFound", `The specified KeyPairName "${keyPairName}" does not exist in our records.`, 404);
    if (isWindows(image)) throw new ApiError("DependencyViolation.WindowsInstance", "The instance creating is windows, cannot use ssh key pair to login.", 403);
  }
  const deploymentSetId = p.str("DeploymentSetId");
  if (deploymentSetId !== undefined && !reg.deploymentSets[deploymentSetId])
    throw deploymentSetNotFound(deploymentSetId);

  const systemDisk = readSystemDisk(p, image);
  const dataDisks = readDataDisks(p);
  const explicitTags = ctx.params.tags("Tag", { max: 20 });
  const tags = template ? mergeTags(template.tags, explicitTags) : explicitTags;
  if (tags.length > 20) throw new ApiError("InvalidTagCount", "The number of tags must not exceed 20.", 400);
  const deletionProtection = p.bool("DeletionProtection", { default: false })!;
  const uniqueSuffix = p.bool("UniqueSuffix", { default: false })!;
  if (p.bool("DryRun", { default: false })) throw new ApiError("DryRunOperation", "Request validation has been passed with DryRun flag set.", 400);
  void minAmount; // the emulator always has capacity, so MinAmount only needs validating

  // Every instance with outbound bandwidth gets a public address (unlike CreateInstance, per the reference).
  const publicIps = bandwidthOut > 0 ? new PublicIpPool(reg) : undefined;
  publicIps?.reserve(amount);
  const t = ctx.timing;
  const ids: string[] = [];
  for (let i = 0; i < amount; i++) {
    const id = newId("i");
    const suffix = uniqueSuffix && amount > 1 ? String(i + 1).padStart(3, "0") : "";
    const systemDiskId = newId("d");
    const inst: InstanceRecord = ctx.created({
      kind: "instance",
      id,
      regionId: reg.regionId,
      createdAt: 0,
      tags: tags.map((x) => ({ ...x })),
      name: (name ?? id) + suffix,
      description: description ?? "",
      hostName: hostName ? hostName + suffix : `iZ${id.slice(2, 22)}Z`,
      zoneId: vsw.zoneId,
      instanceType: type.instanceTypeId,
      imageId: image.imageId,
      vpcId: vsw.vpcId,
      vSwitchId: vsw.id,
      privateIpAddress: allocatePrivateIp(vsw),
      ...(publicIps && { publicIpAddress: publicIps.allocate() }),
      securityGroupIds: groups.map((g) => g.id),
      keyPairName,
      deploymentSetId,
      launchTemplateId: template?.id,
      launchTemplateVersion: template?.version,
      hasPassword: password !== undefined,
      userData,
      instanceChargeType: chargeType,
      internetChargeType,
      internetMaxBandwidthOut: bandwidthOut,
      internetMaxBandwidthIn: bandwidthIn,
      deletionProtection,
      creditSpecification: p.str("CreditSpecification"),
      systemDiskId,
      plan: t.plan("Pending", ["Starting", "instancePending"], ["Running", "instanceStarting"]),
    });
    reg.instances[id] = inst;
    const attachPlan = t.plan("Creating", ["In_use", "instancePending"]);
    const makeDisk = (diskId: string, spec: DiskSpec, kind: "system" | "data", device: string): DiskRecord =>
      ctx.created({
        kind: "disk",
        id: diskId,
        regionId: reg.regionId,
        createdAt: 0,
        // Today's RunInstances Tag.N: "the tag of the instance, disk, and primary ENI".
        tags: tags.map((x) => ({ ...x })),
        name: spec.name,
        description: spec.description,
        zoneId: vsw.zoneId,
        category: spec.category,
        size: spec.size,
        performanceLevel: spec.performanceLevel,
        type: kind,
        encrypted: spec.encrypted,
        snapshotId: spec.snapshotId,
        imageId: kind === "system" ? image.imageId : "",
        instanceId: id,
        device,
        deleteWithInstance: spec.deleteWithInstance,
        deleteAutoSnapshot: true,
        enableAutoSnapshot: false,
        portable: kind === "data",
        plan: attachPlan.map((s) => ({ ...s })),
        attachedAt: ctx.now(),
      });
    reg.disks[systemDiskId] = makeDisk(systemDiskId, systemDisk, "system", "/dev/xvda");
    dataDisks.forEach((spec, n) => {
      const diskId = newId("d");
      reg.disks[diskId] = makeDisk(diskId, spec, "data", spec.device ?? `/dev/xvd${String.fromCharCode("b".charCodeAt(0) + n)}`);
    });
    ids.push(id);
  }
  return { InstanceIdSets: { InstanceIdSet: ids } };
}
