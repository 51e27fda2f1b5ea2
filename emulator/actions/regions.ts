/** Catalogue actions: regions, zones, instance statuses, reserved instances, images, instance types. */
import {
  DISK_CATEGORIES,
  findRegion,
  IMAGES,
  INSTANCE_TYPES,
  REGIONS,
  RESERVED_INSTANCES,
  zoneIds,
  type Language,
  type ReservedInstanceInfo,
} from "../catalog";
import { ApiError } from "../errors";
import { statusAt } from "../lifecycle";
import { paginate, paginateByToken } from "../pagination";
import { matchesTags, type ParamReader } from "../params";
import type { ActionTable } from "./types";
import { byCreation } from "../state";
import { recordsByIds } from "./common";

const LANGUAGES: readonly Language[] = ["zh-CN", "en-US", "ja"];

function readLanguage(p: ParamReader): Language {
  return p.enumOf("AcceptLanguage", LANGUAGES, {
    default: "zh-CN",
    code: "InvalidAcceptLanguage.NotFound",
    httpStatus: 404,
  }) as Language;
}

const zoneLocalName = (regionName: string, zoneSuffix: string, lang: Language): string =>
  lang === "en-US" ? `${regionName} Zone ${zoneSuffix.toUpperCase()}` : lang === "ja" ? `${regionName} ゾーン ${zoneSuffix.toUpperCase()}` : `${regionName} 可用区 ${zoneSuffix.toUpperCase()}`;

function riMatches(ri: ReservedInstanceInfo, p: ParamReader): boolean {
  const ids = p.list("ReservedInstanceId", { max: 100 });
  if (ids.length && !ids.includes(ri.reservedInstanceId)) return false;
  const statuses = p.list("Status", { max: 100 });
  if (statuses.length && !statuses.includes(ri.status)) return false;
  const name = p.str("ReservedInstanceName");
  if (name !== undefined && ri.reservedInstanceName !== name) return false;
  const zone = p.str("ZoneId");
  if (zone !== undefined && ri.zoneId !== zone) return false;
  const lock = p.str("LockReason");
  if (lock !== undefined && ri.lockReason !== lock) return false;
  const type = p.str("InstanceType");
  if (type !== undefined && ri.instanceType !== type) return false;
  const family = p.str("InstanceTypeFamily");
  if (family !== undefined && !ri.instanceType.startsWith(family + ".")) return false;
  const scope = p.str("Scope");
  if (scope !== undefined && ri.scope.toLowerCase() !== scope.toLowerCase()) return false;
  const offering = p.str("OfferingType");
  if (offering !== undefined && ri.offeringType !== offering) return false;
  const tags = p.tags("Tag");
  if (tags.length && !matchesTags(ri.tags, tags)) return false;
  return true;
}

export const regionActions: ActionTable = {
  DescribeRegions(ctx) {
    const p = ctx.params;
    const chargeType = p.enumOf("InstanceChargeType", ["PrePaid", "PostPaid"] as const, { default: "PostPaid" });
    const resourceType = p.enumOf("ResourceType", ["instance", "disk", "reservedinstance", "scu"] as const, {
      default: "instance",
      code: "InvalidResourceType.NotFound",
      httpStatus: 404,
    });
    const lang = readLanguage(p);
    const regions = REGIONS.filter((r) => (chargeType === "PrePaid" ? r.prePaid : true)).filter((r) =>
      resourceType === "reservedinstance" || resourceType === "scu" ? r.reservedInstances : true,
    );
    return {
      Regions: {
        Region: regions.map((r) => ({
          RegionId: r.regionId,
          RegionEndpoint: `ecs.${r.regionId}.aliyuncs.com`,
          LocalName: r.names[lang],
          Status: "available",
        })),
      },
    };
  },

  DescribeZones(ctx) {
    ctx.region();
    const p = ctx.params;
    const region = findRegion(p.need("RegionId"))!;
    p.enumOf("InstanceChargeType", ["PrePaid", "PostPaid"] as const);
    p.enumOf("SpotStrategy", ["NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo"] as const);
    const lang = readLanguage(p);
    const verbose = p.bool("Verbose", { default: true });
    return {
      Zones: {
        Zone: zoneIds(region).map((zoneId, i) => ({
          ZoneId: zoneId,
          LocalName: zoneLocalName(region.names[lang], region.zones[i], lang),
          ZoneType: "AvailabilityZone",
          AvailableResourceCreation: { ResourceTypes: ["Instance", "Disk", "VSwitch", "IoOptimized", "DedicatedHost"] },
          AvailableDiskCategories: { DiskCategories: Object.keys(DISK_CATEGORIES) },
          AvailableVolumeCategories: { VolumeCategories: ["cloud_efficiency", "cloud_ssd", "cloud_essd"] },
          ...(verbose ? { AvailableInstanceTypes: { InstanceTypes: INSTANCE_TYPES.map((t) => t.instanceTypeId) } } : {}),
          AvailableResources: {
            ResourcesInfo: [
              {
                IoOptimized: true,
                SystemDiskCategories: { supportedSystemDiskCategory: Object.keys(DISK_CATEGORIES) },
                DataDiskCategories: { supportedDataDiskCategory: Object.keys(DISK_CATEGORIES) },
                InstanceTypes: { supportedInstanceType: INSTANCE_TYPES.map((t) => t.instanceTypeId) },
                InstanceTypeFamilies: { supportedInstanceTypeFamily: [...new Set(INSTANCE_TYPES.map((t) => t.family))] },
                NetworkTypes: { supportedNetworkCategory: ["vpc"] },
                InstanceGenerations: { supportedInstanceGeneration: ["ecs-4", "ecs-5"] },
              },
            ],
          },
        })),
      },
    };
  },

  DescribeInstanceStatus(ctx) {
    const reg = ctx.region();
    const p = ctx.params;
    const zone = p.str("ZoneId");
    const ids = p.list("InstanceId", { max: 100 });
    const now = ctx.now();
    const rows = recordsByIds(reg.instances, ids.length ? ids : undefined)
      .filter((i) => ctx.visible(i))
      .filter((i) => (zone ? i.zoneId === zone : true))
      .sort(byCreation)
    const page = paginate(rows, p, { maxSize: 50, defaultSize: 10 });
    return {
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      InstanceStatuses: { InstanceStatus: page.items.map((i) => ({ InstanceId: i.id, Status: statusAt(i.plan, now) })) },
    };
  },

  DescribeReservedInstances(ctx) {
    const p = ctx.params;
    const regionId = p.str("RegionId");
    if (!regionId) throw new ApiError("MissingParamter.RegionId", "The regionId should not be null.", 400);
    const region = findRegion(regionId);
    if (!region) throw new ApiError("InvalidRegionId.NotFound", "The specified RegionId does not exist in our records.", 404);
    const zone = p.str("ZoneId");
    if (zone !== undefined && !zoneIds(region).includes(zone)) throw new ApiError("InvalidZone.NotFound", "The specified parameter ZoneId is not valid.", 400);
    const allocation = p.str("AllocationType", { default: "Normal" });
    if (allocation !== "Normal" && allocation !== "Shared")
      throw new ApiError("InvalidAllocationType.ValueNotSupported", "The specified AllocationType is not supported.", 400);
    p.enumOf("Scope", ["Region", "Zone"] as const);
    p.enumOf("OfferingType", ["No Upfront", "Partial Upfront", "All Upfront"] as const);
    p.enumOf("LockReason", ["financial", "security"] as const);
    const rows = RESERVED_INSTANCES.filter((ri) => ri.regionId === regionId)
      .filter((ri) => (allocation === "Shared" ? ri.allocationType === "Shared" : true))
      .filter((ri) => riMatches(ri, p));
    const page = paginate(rows, p, { maxSize: 100, defaultSize: 10 });
    return {
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      TotalCount: page.TotalCount,
      ReservedInstances: {
        ReservedInstance: page.items.map((ri) => ({
          ReservedInstanceId: ri.reservedInstanceId,
          ReservedInstanceName: ri.reservedInstanceName,
          RegionId: ri.regionId,
          ZoneId: ri.zoneId,
          Scope: ri.scope,
          InstanceType: ri.instanceType,
          InstanceAmount: ri.instanceAmount,
          OfferingType: ri.offeringType,
          Status: ri.status,
          Platform: ri.platform,
          AllocationStatus: ri.allocationType === "Shared" ? "allocated" : "",
          CreationTime: ri.creationTime,
          StartTime: ri.startTime,
          ExpiredTime: ri.expiredTime,
          Description: ri.description,
          ResourceGroupId: "",
          OperationLocks: { OperationLock: ri.lockReason ? [{ LockReason: ri.lockReason }] : [] },
          Tags: { Tag: ri.tags.map((t) => ({ TagKey: t.Key, TagValue: t.Value })) },
        })),
      },
    };
  },

  DescribeImages(ctx) {
    const reg = ctx.region();
    const p = ctx.params;
    const ids = p.str("ImageId")?.split(",").map((s) => s.trim()).filter(Boolean);
    const name = p.str("ImageName");
    const statuses = p.str("Status", { default: "Available" })!.split(",");
    const owner = p.enumOf("ImageOwnerAlias", ["system", "self", "others", "marketplace"] as const);
    const osType = p.enumOf("OSType", ["linux", "windows"] as const);
    const arch = p.str("Architecture");
    const rows = IMAGES.filter((i) => (ids ? ids.includes(i.imageId) : true))
      .filter((i) => (name ? i.imageName === name : true))
      .filter(() => statuses.includes("Available"))
      .filter(() => (owner ? owner === "system" : true))
      .filter((i) => (osType ? i.osType === osType : true))
      .filter((i) => (arch ? i.architecture === arch : true));
    const page = paginate(rows, p, { maxSize: 100, defaultSize: 10 });
    return {
      RegionId: reg.regionId,
      TotalCount: page.TotalCount,
      PageNumber: page.PageNumber,
      PageSize: page.PageSize,
      Images: {
        Image: page.items.map((i) => ({
          ImageId: i.imageId,
          ImageName: i.imageName,
          ImageFamily: "",
          ImageVersion: "1.0",
          Description: "",
          Architecture: i.architecture,
          CreationTime: i.creationTime,
          DiskDeviceMappings: { DiskDeviceMapping: [{ Device: "/dev/xvda", Size: String(i.size), Type: "system", SnapshotId: "" }] },
          ImageOwnerAlias: "system",
          IsCopied: false,
          IsSubscribed: false,
          IsSupportIoOptimized: true,
          IsSupportCloudinit: true,
          OSName: i.osName,
          OSNameEn: i.osNameEn,
          OSType: i.osType,
          Platform: i.platform,
          Progress: "100%",
          Size: i.size,
          Status: "Available",
          Usage: "instance",
          Tags: { Tag: [] },
        })),
      },
    };
  },

  DescribeInstanceTypes(ctx) {
    const p = ctx.params;
    const types = p.list("InstanceTypes", { max: 10 });
    const family = p.str("InstanceTypeFamily");
    const rows = INSTANCE_TYPES.filter((t) => (types.length ? types.includes(t.instanceTypeId) : true)).filter((t) =>
      family ? t.family === family : true,
    );
    const page = paginateByToken(rows, p, { maxMax: 1600, defaultMax: 1600 });
    return {
      NextToken: page.NextToken,
      InstanceTypes: {
        InstanceType: page.items.map((t) => ({
          InstanceTypeId: t.instanceTypeId,
          InstanceTypeFamily: t.family,
          CpuCoreCount: t.cpuCoreCount,
          MemorySize: t.memorySize,
          DiskQuantity: t.diskQuantity,
          EniQuantity: t.eniQuantity,
          CpuArchitecture: "X86",
          InstanceCategory: "General-purpose",
          InstanceFamilyLevel: t.family === "ecs.t6" ? "CreditEntryLevel" : "EnterpriseLevel",
          LocalStorageCategory: "",
        })),
      },
    };
  },
};
