/** RunInstances' effect on the state: checks that what the request names fits together (VSwitch and
 *  zone, groups and VPC, key pair and OS, image and system disk size), then creates the instances with
 *  their system and data disks, private addresses and, with outbound bandwidth, public ones. */
import { diskSizeRange, MAX_SECURITY_GROUPS_PER_INSTANCE } from "../../provider/spec/limits";
import { findRegion, zoneIds, type ImageInfo, type InstanceTypeInfo } from "../catalog";
import { ApiError, missingParameter } from "../errors";
import { notFound } from "../kinds";
import { newIdOf, type DiskRecord, type InstanceRecord, type RegionState, type SecurityGroupRecord, type Tag } from "../state";
import { scheduleAutoRelease } from "../sweep";
import type { ModelContext } from "./context";
import { isWindows } from "./instances";
import { find } from "./lookup";
import { allocatePrivateIp, PublicIpPool } from "./network";

export interface DiskSpec {
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

/** The system disk's size, checked against the image and the category; absent: the larger of 40 GiB and the image. */
export function systemDiskSize(image: ImageInfo, category: string, size: number | undefined): number {
  const range = diskSizeRange(category, "system")!;
  const chosen = size ?? Math.max(40, image.size);
  if (chosen < image.size)
    throw new ApiError("InvalidSystemDiskSize.LessThanImageSize", `The specified parameter "SystemDisk.Size" is less than the image size (${image.size} GiB).`, 404);
  if (chosen < range.min)
    throw new ApiError("InvalidSystemDiskSize.LessThanMinSize", `The specified parameter "SystemDisk.Size" is less than the min size (${range.min} GiB).`, 404);
  if (chosen > range.max)
    throw new ApiError("InvalidSystemDiskSize.MoreThanMaxSize", `The specified parameter "SystemDisk.Size" is more than the max size (${range.max} GiB).`, 404);
  return chosen;
}

export interface LaunchSpec {
  image: ImageInfo;
  type: InstanceTypeInfo;
  amount: number;
  zoneId?: string;
  vSwitchId?: string;
  securityGroupIds: string[];
  keyPairName?: string;
  deploymentSetId?: string;
  template?: { id: string; version: number };
  name?: string;
  description: string;
  hostName?: string;
  uniqueSuffix: boolean;
  hasPassword: boolean;
  userData?: string;
  instanceChargeType: "PostPaid" | "PrePaid";
  internetChargeType: string;
  bandwidthOut: number;
  bandwidthIn: number;
  deletionProtection: boolean;
  creditSpecification?: string;
  /** ISO 8601 UTC, whole minutes (limits AUTO_RELEASE_TIME). */
  autoReleaseTime?: string;
  ramRoleName?: string;
  tags: Tag[];
  systemDisk: DiskSpec;
  dataDisks: DiskSpec[];
  /** Check everything, create nothing: DryRunOperation when the request would succeed. */
  dryRun: boolean;
}

/** The VSwitch an instance goes to: the named one, else the zone's (or the region's first zone's) default. */
function chooseVSwitch(reg: RegionState, spec: LaunchSpec) {
  const region = findRegion(reg.regionId)!;
  if (spec.zoneId !== undefined && !zoneIds(region).includes(spec.zoneId)) throw new ApiError("InvalidZoneId.NotFound", `The specified ZoneId "${spec.zoneId}" does not exist.`, 404);
  const vsw = spec.vSwitchId
    ? find(reg, "vswitch", spec.vSwitchId)
    : Object.values(reg.vswitches).find((s) => s.isDefault && s.zoneId === (spec.zoneId ?? zoneIds(region)[0]));
  if (!vsw) throw missingParameter("VSwitchId");
  if (spec.zoneId && vsw.zoneId !== spec.zoneId) throw new ApiError("InvalidParameter.Mismatch", "Specified virtual switch is not in the specified zone.", 400);
  return vsw;
}

function chooseGroups(reg: RegionState, ids: readonly string[]): SecurityGroupRecord[] {
  if (!ids.length) throw missingParameter("SecurityGroupId");
  if (ids.length > MAX_SECURITY_GROUPS_PER_INSTANCE) throw new ApiError("InstanceSecurityGroupLimitExceeded", `An instance can join at most ${MAX_SECURITY_GROUPS_PER_INSTANCE} security groups.`, 400);
  return [...new Set(ids)].map((id) => find(reg, "securitygroup", id));
}

/** Checks the request against the region's state; the ids of the new instances. */
export function launchInstances(m: ModelContext, reg: RegionState, spec: LaunchSpec): string[] {
  const vsw = chooseVSwitch(reg, spec);
  const groups = chooseGroups(reg, spec.securityGroupIds);
  for (const sg of groups)
    if (sg.vpcId && sg.vpcId !== vsw.vpcId)
      throw new ApiError("InvalidParameter.Mismatch", `Specified security group and virtual switch are not in the same VPC (${sg.id} is in ${sg.vpcId}, ${vsw.id} in ${vsw.vpcId}).`, 400);
  if (spec.keyPairName !== undefined) {
    if (!reg.keyPairs[spec.keyPairName]) throw new ApiError("InvalidKeyPairName.NotFound", `The specified KeyPairName "${spec.keyPairName}" does not exist in our records.`, 404);
    if (isWindows(spec.image)) throw new ApiError("DependencyViolation.WindowsInstance", "The instance creating is windows, cannot use ssh key pair to login.", 403);
  }
  if (spec.deploymentSetId !== undefined && !reg.deploymentSets[spec.deploymentSetId]) throw notFound("deploymentset", spec.deploymentSetId);
  if (spec.dryRun) throw new ApiError("DryRunOperation", "Request validation has been passed with DryRun flag set.", 400);
  return createInstances(m, reg, spec, vsw, groups);
}

function createInstances(m: ModelContext, reg: RegionState, spec: LaunchSpec, vsw: ReturnType<typeof chooseVSwitch>, groups: SecurityGroupRecord[]): string[] {
  // Every instance with outbound bandwidth gets a public address (unlike CreateInstance, per the reference).
  const publicIps = spec.bandwidthOut > 0 ? new PublicIpPool(reg) : undefined;
  publicIps?.reserve(spec.amount);
  const t = m.timing;
  const ids: string[] = [];
  for (let i = 0; i < spec.amount; i++) {
    const id = newIdOf("instance");
    const suffix = spec.uniqueSuffix && spec.amount > 1 ? String(i + 1).padStart(3, "0") : "";
    const systemDiskId = newIdOf("disk");
    reg.instances[id] = m.created<InstanceRecord>({
      kind: "instance",
      id,
      regionId: reg.regionId,
      createdAt: 0,
      tags: spec.tags.map((x) => ({ ...x })),
      name: (spec.name ?? id) + suffix,
      description: spec.description,
      hostName: spec.hostName ? spec.hostName + suffix : `iZ${id.slice(2, 22)}Z`,
      zoneId: vsw.zoneId,
      instanceType: spec.type.instanceTypeId,
      imageId: spec.image.imageId,
      vpcId: vsw.vpcId,
      vSwitchId: vsw.id,
      privateIpAddress: allocatePrivateIp(vsw),
      ...(publicIps && { publicIpAddress: publicIps.allocate() }),
      securityGroupIds: groups.map((g) => g.id),
      keyPairName: spec.keyPairName,
      deploymentSetId: spec.deploymentSetId,
      launchTemplateId: spec.template?.id,
      launchTemplateVersion: spec.template?.version,
      hasPassword: spec.hasPassword,
      userData: spec.userData,
      instanceChargeType: spec.instanceChargeType,
      internetChargeType: spec.internetChargeType,
      internetMaxBandwidthOut: spec.bandwidthOut,
      internetMaxBandwidthIn: spec.bandwidthIn,
      deletionProtection: spec.deletionProtection,
      creditSpecification: spec.creditSpecification,
      ramRoleName: spec.ramRoleName,
      systemDiskId,
      plan: t.plan("Pending", ["Starting", "instancePending"], ["Running", "instanceStarting"]),
    });
    const attachPlan = t.plan("Creating", ["In_use", "instancePending"]);
    const makeDisk = (diskId: string, d: DiskSpec, kind: "system" | "data", device: string): DiskRecord =>
      m.created<DiskRecord>({
        kind: "disk",
        id: diskId,
        regionId: reg.regionId,
        createdAt: 0,
        // Today's RunInstances Tag.N: "the tag of the instance, disk, and primary ENI".
        tags: spec.tags.map((x) => ({ ...x })),
        name: d.name,
        description: d.description,
        zoneId: vsw.zoneId,
        category: d.category,
        size: d.size,
        performanceLevel: d.performanceLevel,
        type: kind,
        encrypted: d.encrypted,
        snapshotId: d.snapshotId,
        imageId: kind === "system" ? spec.image.imageId : "",
        instanceId: id,
        device,
        deleteWithInstance: d.deleteWithInstance,
        deleteAutoSnapshot: true,
        enableAutoSnapshot: false,
        portable: kind === "data",
        // A subscription instance's disks are subscription disks too.
        ...(spec.instanceChargeType === "PrePaid" && { chargeType: "PrePaid" as const }),
        plan: attachPlan.map((s) => ({ ...s })),
        attachedAt: m.now(),
      });
    reg.disks[systemDiskId] = makeDisk(systemDiskId, spec.systemDisk, "system", "/dev/xvda");
    if (spec.autoReleaseTime) scheduleAutoRelease(reg, reg.instances[id], spec.autoReleaseTime);
    spec.dataDisks.forEach((d, n) => {
      const diskId = newIdOf("disk");
      reg.disks[diskId] = makeDisk(diskId, d, "data", d.device ?? `/dev/xvd${String.fromCharCode("b".charCodeAt(0) + n)}`);
    });
    ids.push(id);
  }
  return ids;
}
