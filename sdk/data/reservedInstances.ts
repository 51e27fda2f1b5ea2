/** getReservedInstances (DescribeReservedInstances, seed 002): every filter of the reference, every page. */
import { collectAll, pagesByNumber, type Page } from "../../provider/client";
import { dataClient, regionFor } from "./client";
import { dataFunction } from "./invoke";
import type { GetReservedInstancesArgs, GetReservedInstancesResult, ReservedInstance } from "../../provider/types";

/** The reference allows up to 100 per page. */
export const RESERVED_INSTANCES_PAGE_SIZE = 100;

interface ReservedInstanceItem {
  ReservedInstanceId: string;
  ReservedInstanceName?: string;
  RegionId?: string;
  ZoneId?: string;
  InstanceType?: string;
  InstanceAmount?: number | string;
  Scope?: string;
  OfferingType?: string;
  Platform?: string;
  Status?: string;
  AllocationStatus?: string;
  Description?: string;
  CreationTime?: string;
  StartTime?: string;
  ExpiredTime?: string;
  ResourceGroupId?: string;
  OperationLocks?: { OperationLock?: { LockReason?: string }[] };
  Tags?: { Tag?: { TagKey?: string; TagValue?: string }[] };
}

const toReservedInstance = (r: ReservedInstanceItem): ReservedInstance => ({
  reservedInstanceId: r.ReservedInstanceId,
  reservedInstanceName: r.ReservedInstanceName ?? "",
  regionId: r.RegionId ?? "",
  zoneId: r.ZoneId ?? "",
  instanceType: r.InstanceType ?? "",
  instanceAmount: Number(r.InstanceAmount ?? 0),
  scope: r.Scope ?? "",
  offeringType: r.OfferingType ?? "",
  platform: r.Platform ?? "",
  status: r.Status ?? "",
  allocationStatus: r.AllocationStatus ?? "",
  description: r.Description ?? "",
  creationTime: r.CreationTime ?? "",
  startTime: r.StartTime ?? "",
  expiredTime: r.ExpiredTime ?? "",
  resourceGroupId: r.ResourceGroupId ?? "",
  operationLocks: (r.OperationLocks?.OperationLock ?? []).map((l) => l.LockReason ?? "").filter(Boolean),
  tags: Object.fromEntries((r.Tags?.Tag ?? []).map((t) => [t.TagKey ?? "", t.TagValue ?? ""])),
});

/** Reserved instances of the region matching every given filter. */
export const [getReservedInstances, getReservedInstancesOutput] = dataFunction("getReservedInstances", (args: GetReservedInstancesArgs): Promise<GetReservedInstancesResult> => {
  return collectReservedInstances(args, RESERVED_INSTANCES_PAGE_SIZE);
});

/** The walk behind getReservedInstances, with the page size as a parameter (tests page by 1). */
export async function collectReservedInstances(args: GetReservedInstancesArgs, pageSize: number): Promise<GetReservedInstancesResult> {
  const client = dataClient();
  const region = await regionFor(client, args.region);
  let totalCount = 0;
  const items = (page: Page): ReservedInstanceItem[] => {
    // The reference's table says TotalCount, its examples say Total: read both.
    totalCount = Number(page.TotalCount ?? page.Total ?? 0);
    return (page.ReservedInstances as { ReservedInstance?: ReservedInstanceItem[] } | undefined)?.ReservedInstance ?? [];
  };
  const all = await collectAll(
    pagesByNumber(
      client,
      "DescribeReservedInstances",
      {
        RegionId: region,
        ZoneId: args.zoneId,
        ReservedInstanceId: args.reservedInstanceIds,
        ReservedInstanceName: args.reservedInstanceName,
        Status: args.statuses,
        LockReason: args.lockReason,
        InstanceType: args.instanceType,
        InstanceTypeFamily: args.instanceTypeFamily,
        Scope: args.scope,
        OfferingType: args.offeringType,
        AllocationType: args.allocationType,
        Tag: args.tags ? Object.entries(args.tags).map(([Key, Value]) => ({ Key, Value })) : undefined,
      },
      { items, pageSize },
    ),
  );
  const reservedInstances = all.map(toReservedInstance);
  return { region, reservedInstances, totalCount: Math.max(totalCount, reservedInstances.length) };
}
