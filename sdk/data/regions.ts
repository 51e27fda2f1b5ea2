/** getRegions (DescribeRegions, seed 000) and getZones (DescribeZones). */
import { dataClient, regionFor } from "./client";
import { dataFunction } from "./invoke";
import type { GetRegionsArgs, GetRegionsResult, GetZonesArgs, GetZonesResult } from "../../provider/types";

interface RegionItem {
  RegionId: string;
  LocalName?: string;
  RegionEndpoint?: string;
  Status?: string;
}
interface ZoneItem {
  ZoneId: string;
  LocalName?: string;
  AvailableResourceCreation?: { ResourceTypes?: string[] };
  AvailableDiskCategories?: { DiskCategories?: string[] };
  AvailableInstanceTypes?: { InstanceTypes?: string[] };
}

/** Regions the account can use, in the language asked (InstanceChargeType, ResourceType, AcceptLanguage as seed 000). */
export const [getRegions, getRegionsOutput] = dataFunction("getRegions", async (args: GetRegionsArgs): Promise<GetRegionsResult> => {
  const client = dataClient();
  // DescribeRegions is global; any endpoint answers it. Without a configured region, the central one is asked.
  const region = await client.defaultRegion().catch(() => "cn-hangzhou");
  const res = await client.call<{ Regions?: { Region?: RegionItem[] } }>(
    "DescribeRegions",
    { InstanceChargeType: args.instanceChargeType, ResourceType: args.resourceType, AcceptLanguage: args.acceptLanguage },
    { region },
  );
  const regions = (res.Regions?.Region ?? []).map((r) => ({
    regionId: r.RegionId,
    localName: r.LocalName ?? "",
    regionEndpoint: r.RegionEndpoint ?? "",
    ...(r.Status ? { status: r.Status } : {}),
  }));
  return { regions, ids: regions.map((r) => r.regionId) };
});

/** Zones of a region, with what can be created in each. */
export const [getZones, getZonesOutput] = dataFunction("getZones", async (args: GetZonesArgs): Promise<GetZonesResult> => {
  const client = dataClient();
  const region = await regionFor(client, args.region);
  const res = await client.call<{ Zones?: { Zone?: ZoneItem[] } }>("DescribeZones", {
    RegionId: region,
    InstanceChargeType: args.instanceChargeType,
    SpotStrategy: args.spotStrategy,
    AcceptLanguage: args.acceptLanguage,
  });
  const zones = (res.Zones?.Zone ?? []).map((z) => ({
    zoneId: z.ZoneId,
    localName: z.LocalName ?? "",
    availableResourceCreation: z.AvailableResourceCreation?.ResourceTypes ?? [],
    availableDiskCategories: z.AvailableDiskCategories?.DiskCategories ?? [],
    availableInstanceTypes: z.AvailableInstanceTypes?.InstanceTypes ?? [],
  }));
  return { region, zones, ids: zones.map((z) => z.zoneId) };
});
