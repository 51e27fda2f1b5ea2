/** getInstanceStatuses (DescribeInstanceStatus, seed 004), getImages and getInstanceTypes: every
 *  page is walked, so the result is complete however many there are. */
import { collectAll, pagesByNumber, pagesByToken, type Page } from "../../provider/client";
import { dataClient, regionFor } from "./client";
import { dataFunction } from "./invoke";
import type { GetImagesArgs, GetImagesResult, GetInstanceStatusesArgs, GetInstanceStatusesResult, GetInstanceTypesArgs, GetInstanceTypesResult, Image, InstanceStatus, InstanceType } from "../../provider/types";

/** DescribeInstanceStatus allows at most 50 per page (seed 004). */
export const INSTANCE_STATUS_PAGE_SIZE = 50;

/** The status of every instance of the region (or zone). */
export const [getInstanceStatuses, getInstanceStatusesOutput] = dataFunction("getInstanceStatuses", async (args: GetInstanceStatusesArgs): Promise<GetInstanceStatusesResult> => {
  const client = dataClient();
  const region = await regionFor(client, args.region);
  let totalCount = 0;
  const items = (page: Page): InstanceStatus[] => {
    totalCount = Number(page.TotalCount ?? 0);
    const list = ((page.InstanceStatuses as { InstanceStatus?: { InstanceId: string; Status: string }[] } | undefined)?.InstanceStatus ?? []);
    return list.map((s) => ({ instanceId: s.InstanceId, status: s.Status }));
  };
  const instanceStatuses = await collectAll(pagesByNumber(client, "DescribeInstanceStatus", { RegionId: region, ZoneId: args.zoneId }, { items, pageSize: INSTANCE_STATUS_PAGE_SIZE }));
  return { region, instanceStatuses, totalCount: Math.max(totalCount, instanceStatuses.length) };
});

interface ImageItem {
  ImageId: string;
  ImageName?: string;
  OSName?: string;
  OSType?: string;
  Platform?: string;
  Architecture?: string;
  Size?: number | string;
  Status?: string;
  ImageOwnerAlias?: string;
  CreationTime?: string;
}

/** Images of the region, filtered by the API (id, name, owner, status) and here (osType, nameRegex). */
export const [getImages, getImagesOutput] = dataFunction("getImages", async (args: GetImagesArgs): Promise<GetImagesResult> => {
  const client = dataClient();
  const region = await regionFor(client, args.region);
  const nameRegex = args.nameRegex === undefined ? undefined : new RegExp(args.nameRegex);
  const all = await collectAll(
    pagesByNumber<ImageItem>(
      client,
      "DescribeImages",
      { RegionId: region, ImageId: args.imageId, ImageName: args.imageName, ImageOwnerAlias: args.imageOwnerAlias, Status: args.status },
      { items: (page) => (page.Images as { Image?: ImageItem[] } | undefined)?.Image ?? [], pageSize: 100 },
    ),
  );
  const images: Image[] = all
    .map((i) => ({
      imageId: i.ImageId,
      imageName: i.ImageName ?? "",
      osName: i.OSName ?? "",
      osType: i.OSType ?? "",
      platform: i.Platform ?? "",
      architecture: i.Architecture ?? "",
      size: Number(i.Size ?? 0),
      status: i.Status ?? "",
      imageOwnerAlias: i.ImageOwnerAlias ?? "",
      creationTime: i.CreationTime ?? "",
    }))
    .filter((i) => (args.osType ? i.osType === args.osType : true))
    .filter((i) => (nameRegex ? nameRegex.test(i.imageName) : true));
  return { region, images, ids: images.map((i) => i.imageId) };
});

interface InstanceTypeItem {
  InstanceTypeId: string;
  InstanceTypeFamily?: string;
  CpuCoreCount?: number | string;
  MemorySize?: number | string;
}

/** Instance types, optionally of one family, with vCPU and memory filters applied here. */
export const [getInstanceTypes, getInstanceTypesOutput] = dataFunction("getInstanceTypes", async (args: GetInstanceTypesArgs): Promise<GetInstanceTypesResult> => {
  const client = dataClient();
  const region = await regionFor(client, args.region);
  const all = await collectAll(
    pagesByToken<InstanceTypeItem>(
      client,
      "DescribeInstanceTypes",
      { RegionId: region, InstanceTypeFamily: args.instanceTypeFamily },
      { items: (page) => (page.InstanceTypes as { InstanceType?: InstanceTypeItem[] } | undefined)?.InstanceType ?? [], maxResults: 1600 },
    ),
  );
  const instanceTypes: InstanceType[] = all
    .map((t) => ({ instanceTypeId: t.InstanceTypeId, instanceTypeFamily: t.InstanceTypeFamily ?? "", cpuCoreCount: Number(t.CpuCoreCount ?? 0), memorySize: Number(t.MemorySize ?? 0) }))
    .filter((t) => (args.cpuCoreCount === undefined ? true : t.cpuCoreCount === args.cpuCoreCount))
    .filter((t) => (args.memorySize === undefined ? true : t.memorySize === args.memorySize));
  return { region, instanceTypes, ids: instanceTypes.map((t) => t.instanceTypeId) };
});
