/** DescribeAvailableResource: what each zone of a region sells, from the catalogue. Every catalogue
 *  zone sells every catalogue instance type, I/O optimized, in a VPC, with every disk category (the
 *  size ranges are the shared limits'); classic networks, non-optimized instances, spot instances and
 *  dedicated hosts are not sold, so asking for them finds no zone. */
import { diskCategories, diskSizeRange, IO_OPTIMIZED, NETWORK_TYPES, SPOT_STRATEGIES, type DiskRole } from "../../provider/spec/limits";
import { findRegion, INSTANCE_TYPES, zoneIds } from "../catalog";
import { ApiError } from "../errors";
import type { ParamReader } from "./params";
import { action, P, REGION_ID, type Action } from "./spec";

/** The DestinationResource values in the order of their dependencies (each needs what the ones before it narrow). */
export const DESTINATION_RESOURCES = ["Zone", "IoOptimized", "InstanceType", "Network", "ddh", "SystemDisk", "DataDisk"] as const;
type Destination = (typeof DESTINATION_RESOURCES)[number];

interface Supported {
  Value: string;
  Status: "Available";
  StatusCategory: "WithStock";
  Min?: number;
  Max?: number;
  Unit?: string;
}

const available = (value: string, range?: { min: number; max: number }): Supported => ({
  Value: value,
  Status: "Available",
  StatusCategory: "WithStock",
  ...(range && { Min: range.min, Max: range.max, Unit: "GiB" }),
});

/** False when the request asks for something the catalogue never sells (then no zone qualifies). */
function sellable(p: ParamReader): boolean {
  if (p.str("IoOptimized") === "none") return false;
  if (p.str("NetworkCategory")?.toLowerCase() === "classic") return false;
  if ((p.str("SpotStrategy") ?? "NoSpot") !== "NoSpot") return false;
  if (p.str("DedicatedHostId") !== undefined || p.str("DestinationResource") === "ddh" || p.str("ResourceType") === "ddh") return false;
  const type = p.str("InstanceType");
  if (type !== undefined && !INSTANCE_TYPES.some((t) => t.instanceTypeId === type)) return false;
  for (const [name, role] of [["SystemDiskCategory", "system"], ["DataDiskCategory", "data"]] as const) {
    const category = p.str(name);
    if (category !== undefined && !diskCategories(role).includes(category)) return false;
  }
  return true;
}

/** What one zone offers of the destination resource. */
function offered(destination: Destination, zoneId: string, p: ParamReader): Supported[] {
  const disks = (role: DiskRole, name: string) =>
    diskCategories(role)
      .filter((c) => p.str(name) === undefined || p.str(name) === c)
      .map((c) => available(c, diskSizeRange(c, role)));
  switch (destination) {
    case "Zone":
      return [available(zoneId)];
    case "IoOptimized":
      return [available("optimized")];
    case "Network":
      return [available("vpc")];
    case "InstanceType": {
      const cores = p.int("Cores");
      const memory = p.num("Memory");
      return INSTANCE_TYPES.filter((t) => p.str("InstanceType") === undefined || t.instanceTypeId === p.str("InstanceType"))
        .filter((t) => cores === undefined || t.cpuCoreCount === cores)
        .filter((t) => memory === undefined || t.memorySize === memory)
        .map((t) => available(t.instanceTypeId));
    }
    case "SystemDisk":
      return disks("system", "SystemDiskCategory");
    case "DataDisk":
      return disks(p.str("ResourceType") === "disk" ? "createDisk" : "data", "DataDiskCategory");
    case "ddh":
      return [];
  }
}

const TYPE_NAMES: Readonly<Record<Destination, string>> = {
  Zone: "Zone",
  IoOptimized: "IoOptimized",
  InstanceType: "InstanceType",
  Network: "Network",
  ddh: "DedicatedHost",
  SystemDisk: "SystemDisk",
  DataDisk: "DataDisk",
};

export const availableResourceActions: Record<string, Action> = {
  DescribeAvailableResource: action(
    {
      kind: "catalog",
      summary: "What each zone of a region sells (zones, instance types, disk categories with their size ranges …), for RunInstances and CreateDisk.",
      params: {
        ...REGION_ID,
        DestinationResource: P.string({ required: true, values: DESTINATION_RESOURCES, invalid: { code: "Invalid.Param" }, missing: { code: "Invalid.Param" } }),
        ZoneId: P.string({ doc: "default: every zone of the region" }),
        InstanceChargeType: P.string({ values: ["PrePaid", "PostPaid"], default: "PostPaid", invalid: { code: "Invalid.InstanceChargeType" } }),
        SpotStrategy: P.string({ values: SPOT_STRATEGIES, default: "NoSpot" }),
        SpotDuration: P.integer({ min: 0, max: 6 }),
        IoOptimized: P.string({ values: IO_OPTIMIZED, default: "optimized", invalid: { code: "Invalid.IoOptimized", status: 404 } }),
        NetworkCategory: P.string({ values: NETWORK_TYPES, ignoreCase: true, doc: "vpc or classic (the 2019 text wrote Vpc, Classic)", invalid: { code: "Invalid.NetworkCategory", status: 404 } }),
        InstanceType: P.string({ doc: "required for SystemDisk and DataDisk when ResourceType is instance" }),
        SystemDiskCategory: P.string(),
        DataDiskCategory: P.string(),
        Cores: P.integer({ min: 1 }),
        Memory: P.number({ min: 0, doc: "GiB, e.g. 8.0" }),
        ResourceType: P.string({ values: ["instance", "disk", "reservedinstance", "ddh"], default: "instance" }),
        Scope: P.string({ values: ["Region", "Zone"] }),
        DedicatedHostId: P.string({ doc: "dedicated hosts are not modelled: no zone qualifies" }),
      },
      notes: [
        "Every zone sells every catalogue type and disk category; asking for classic networks, IoOptimized=none, spot instances or dedicated hosts finds no zone (an empty AvailableZones).",
        "SystemDisk and DataDisk with ResourceType=instance need InstanceType (Invalid.Param, 400).",
        "Subscription (PrePaid) resources exist only in regions that sell subscriptions (DescribeRegions InstanceChargeType=PrePaid).",
      ],
    },
    (ctx) => {
      const p = ctx.params;
      const reg = ctx.region();
      const destination = p.str("DestinationResource") as Destination;
      if ((destination === "SystemDisk" || destination === "DataDisk") && p.str("ResourceType") === "instance" && p.str("InstanceType") === undefined)
        throw new ApiError("Invalid.Param", `The input parameter "InstanceType" is mandatory when DestinationResource is ${destination} for an instance.`, 400);
      const region = findRegion(reg.regionId)!;
      const zone = p.str("ZoneId");
      const open = sellable(p) && (p.str("InstanceChargeType") !== "PrePaid" || region.prePaid);
      const zones = open ? zoneIds(region).filter((z) => zone === undefined || z === zone) : [];
      return {
        AvailableZones: {
          AvailableZone: zones
            .map((zoneId) => ({ zoneId, supported: offered(destination, zoneId, p) }))
            .filter((z) => z.supported.length)
            .map(({ zoneId, supported }) => ({
              RegionId: reg.regionId,
              ZoneId: zoneId,
              Status: "Available",
              StatusCategory: "WithStock",
              AvailableResources: { AvailableResource: [{ Type: TYPE_NAMES[destination], SupportedResources: { SupportedResource: supported } }] },
            })),
        },
      };
    },
  ),
};
