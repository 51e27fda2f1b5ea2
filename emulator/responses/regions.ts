/** Catalogue actions: regions, zones, instance statuses, reserved instances, images, instance types. */
import { diskCategories } from "../../provider/spec/limits";
import {
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
import { recordsByIds } from "../models/lookup";
import { byCreation } from "../state";
import { pageInfo, paginate, paginateByToken } from "./pagination";
import { matchesTags, type ParamReader } from "./params";
import { action, P, pageParams, REGION_ID, TAG_PARAMS, tokenParams, type Action } from "./spec";

const LANGUAGES: readonly Language[] = ["zh-CN", "en-US", "ja"];

const ACCEPT_LANGUAGE = P.string({ values: LANGUAGES, default: "zh-CN", invalid: { code: "InvalidAcceptLanguage.NotFound", status: 404 } });

const zoneLocalName = (regionName: string, zoneSuffix: string, lang: Language): string =>
  lang === "en-US" ? `${regionName} Zone ${zoneSuffix.toUpperCase()}` : lang === "ja" ? `${regionName} ゾーン ${zoneSuffix.toUpperCase()}` : `${regionName} 可用区 ${zoneSuffix.toUpperCase()}`;

function riMatches(ri: ReservedInstanceInfo, p: ParamReader): boolean {
  const ids = p.list("ReservedInstanceId");
  if (ids.length && !ids.includes(ri.reservedInstanceId)) return false;
  const statuses = p.list("Status");
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

export const regionActions: Record<string, Action> = {
  DescribeRegions: action(
    {
      kind: "catalog",
      summary: "The catalogue's regions, with their names in the requested language.",
      params: {
        InstanceChargeType: P.string({ values: ["PrePaid", "PostPaid"], default: "PostPaid" }),
        ResourceType: P.string({ values: ["instance", "disk", "reservedinstance", "scu"], default: "instance", invalid: { code: "InvalidResourceType.NotFound", status: 404 } }),
        AcceptLanguage: ACCEPT_LANGUAGE,
      },
    },
    (ctx) => {
    const p = ctx.params;
    const chargeType = p.str("InstanceChargeType");
    const resourceType = p.str("ResourceType");
    const lang = p.str("AcceptLanguage") as Language;
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
  }),

  DescribeZones: action(
    {
      kind: "catalog",
      summary: "A region's zones with what can be created there (disk categories, instance types).",
      params: {
        ...REGION_ID,
        InstanceChargeType: P.string({ values: ["PrePaid", "PostPaid"] }),
        SpotStrategy: P.string({ values: ["NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo"] }),
        AcceptLanguage: ACCEPT_LANGUAGE,
        Verbose: P.boolean({ default: true }),
      },
    },
    (ctx) => {
    ctx.region();
    const p = ctx.params;
    const region = findRegion(p.need("RegionId"))!;
    const lang = p.str("AcceptLanguage") as Language;
    const verbose = p.bool("Verbose");
    return {
      Zones: {
        Zone: zoneIds(region).map((zoneId, i) => ({
          ZoneId: zoneId,
          LocalName: zoneLocalName(region.names[lang], region.zones[i], lang),
          ZoneType: "AvailabilityZone",
          AvailableResourceCreation: { ResourceTypes: ["Instance", "Disk", "VSwitch", "IoOptimized", "DedicatedHost"] },
          AvailableDiskCategories: { DiskCategories: diskCategories("createDisk") },
          AvailableVolumeCategories: { VolumeCategories: ["cloud_efficiency", "cloud_ssd", "cloud_essd"] },
          ...(verbose ? { AvailableInstanceTypes: { InstanceTypes: INSTANCE_TYPES.map((t) => t.instanceTypeId) } } : {}),
          AvailableResources: {
            ResourcesInfo: [
              {
                IoOptimized: true,
                SystemDiskCategories: { supportedSystemDiskCategory: diskCategories("system") },
                DataDiskCategories: { supportedDataDiskCategory: diskCategories("data") },
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
  }),

  DescribeInstanceStatus: action(
    {
      kind: "instance",
      summary: "The status of instances (all of the region's, or those named).",
      params: { ...REGION_ID, ZoneId: P.string(), InstanceId: P.list({ maxItems: 100 }), ...pageParams(50) },
    },
    (ctx) => {
    const reg = ctx.region();
    const p = ctx.params;
    const zone = p.str("ZoneId");
    const ids = p.list("InstanceId");
    const now = ctx.now();
    const rows = recordsByIds(reg.instances, ids.length ? ids : undefined)
      .filter((i) => ctx.visible(i))
      .filter((i) => (zone ? i.zoneId === zone : true))
      .sort(byCreation)
    const page = paginate(rows, p);
    return {
      ...pageInfo(page),
      InstanceStatuses: { InstanceStatus: page.items.map((i) => ({ InstanceId: i.id, Status: statusAt(i.plan, now) })) },
    };
  }),

  DescribeReservedInstances: action(
    {
      kind: "catalog",
      summary: "The catalogue's reserved instances of a region (four per region), filtered.",
      params: {
        RegionId: P.string({ required: true, missing: { code: "MissingParamter.RegionId" } }),
        ZoneId: P.string(),
        AllocationType: P.string({ values: ["Normal", "Shared"], default: "Normal", invalid: { code: "InvalidAllocationType.ValueNotSupported" } }),
        ReservedInstanceId: P.list({ maxItems: 100 }),
        Status: P.list({ maxItems: 100 }),
        ReservedInstanceName: P.string(),
        LockReason: P.string({ values: ["financial", "security"] }),
        InstanceType: P.string(),
        InstanceTypeFamily: P.string(),
        Scope: P.string({ values: ["Region", "Zone"] }),
        OfferingType: P.string({ values: ["No Upfront", "Partial Upfront", "All Upfront"] }),
        ...TAG_PARAMS("Tag", "tag filter"),
        ...pageParams(100),
      },
    },
    (ctx) => {
    const p = ctx.params;
    const regionId = p.need("RegionId");
    const region = findRegion(regionId);
    if (!region) throw new ApiError("InvalidRegionId.NotFound", "The specified RegionId does not exist in our records.", 404);
    const zone = p.str("ZoneId");
    if (zone !== undefined && !zoneIds(region).includes(zone)) throw new ApiError("InvalidZone.NotFound", "The specified parameter ZoneId is not valid.", 400);
    const allocation = p.str("AllocationType");
    const rows = RESERVED_INSTANCES.filter((ri) => ri.regionId === regionId)
      .filter((ri) => (allocation === "Shared" ? ri.allocationType === "Shared" : true))
      .filter((ri) => riMatches(ri, p));
    const page = paginate(rows, p);
    return {
      ...pageInfo(page),
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
  }),

  DescribeImages: action(
    {
      kind: "catalog",
      summary: "The catalogue's public images (ImageOwnerAlias system).",
      params: {
        ...REGION_ID,
        ImageId: P.string({ doc: "one id or several, comma-separated" }),
        ImageName: P.string(),
        Status: P.string({ default: "Available", doc: "comma-separated statuses" }),
        ImageOwnerAlias: P.string({ values: ["system", "self", "others", "marketplace"], invalid: { code: "InvalidImageOwnerAlias.ValueNotSupported" } }),
        OSType: P.string({ values: ["linux", "windows"] }),
        Architecture: P.string(),
        Usage: P.string({ values: ["instance", "none"], invalid: { code: "InvalidUsage", status: 404 }, doc: "instance: images in use by instances; none: unused ones" }),
        ...TAG_PARAMS("Tag", "tag filter (catalogue images have no tags)"),
        ...pageParams(100),
      },
    },
    (ctx) => {
    const reg = ctx.region();
    const p = ctx.params;
    const ids = p.str("ImageId")?.split(",").map((s) => s.trim()).filter(Boolean);
    const name = p.str("ImageName");
    const statuses = p.str("Status")!.split(",");
    const owner = p.str("ImageOwnerAlias");
    const osType = p.str("OSType");
    const arch = p.str("Architecture");
    const tags = p.tags("Tag");
    const usage = p.str("Usage");
    const inUse = new Set(Object.values(reg.instances).map((i) => i.imageId));
    const rows = IMAGES.filter((i) => (ids ? ids.includes(i.imageId) : true))
      .filter((i) => (name ? i.imageName === name : true))
      .filter(() => statuses.includes("Available"))
      .filter(() => (owner ? owner === "system" : true))
      .filter((i) => (osType ? i.osType === osType : true))
      .filter((i) => (arch ? i.architecture === arch : true))
      .filter(() => tags.length === 0)
      .filter((i) => usage === undefined || (usage === "instance") === inUse.has(i.imageId));
    const page = paginate(rows, p);
    return {
      RegionId: reg.regionId,
      ...pageInfo(page),
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
  }),

  DescribeInstanceTypes: action(
    {
      kind: "catalog",
      summary: "The catalogue's instance types.",
      params: { InstanceTypes: P.list({ maxItems: 10 }), InstanceTypeFamily: P.string(), ...tokenParams(1600, 1600) },
    },
    (ctx) => {
    const p = ctx.params;
    const types = p.list("InstanceTypes");
    const family = p.str("InstanceTypeFamily");
    const rows = INSTANCE_TYPES.filter((t) => (types.length ? types.includes(t.instanceTypeId) : true)).filter((t) =>
      family ? t.family === family : true,
    );
    const page = paginateByToken(rows, p);
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
  }),
};
