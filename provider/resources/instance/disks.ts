/** The disks of instances, read in as few DescribeDisks calls as the API allows (DescribeDisks
 *  filters by one InstanceId only, but by up to 100 DiskIds):
 *  - a refresh or the read after an update knows the disk ids from state: they join the batched
 *    DescribeDisks DiskIds reads of every other instance and disk (describeBatched);
 *  - a create does not know them yet: the disks of instances created together are listed in one
 *    DescribeDisks filtered by creation time (Filter CreationStartTime, 500 per page) and picked
 *    by InstanceId;
 *  - an import knows nothing: one DescribeDisks InstanceId per instance, the floor.
 *  Any doubt (a system disk missing, replaced out of band, a listing too long) falls back to
 *  the per-instance call, which is what every read did before. */
import type { EcsClient } from "../../client";
import { describeAllBatched, describeBatched, poller, registerReadKind } from "../../wait";
import { diskSpec } from "../disk/spec";
import { describeInstance, describeInstanceDisks } from "./ecs";

type Raw = Record<string, unknown>;

const NEW_INSTANCE_DISKS = "NewInstanceDisks";
/** DescribeDisks' largest MaxResults page, and how many pages a listing may take before the
 *  instances it has not found are asked for one by one. */
const LISTING_PAGE = 500;
const LISTING_PAGES = 4;
/** A create whose instance is older than this (a ClientToken replay of an earlier run) is not
 *  worth a listing by creation time. */
const RECENT_MS = 10 * 60_000;

const isSystemDiskOf = (d: Raw | undefined, instanceId: string): boolean => d?.Type === "system" && d.InstanceId === instanceId;

/** The disks attached to an instance, by the ids its state names (systemDiskId, dataDiskIds);
 *  undefined when they do not settle it (no state, or its system disk is no longer the instance's). */
async function stateDisks(region: string, id: string, known: { systemDiskId?: string; dataDiskIds?: readonly string[] }): Promise<Raw[] | undefined> {
  if (!known.systemDiskId) return undefined;
  const found = await describeAllBatched(diskSpec.kind, region, [known.systemDiskId, ...(known.dataDiskIds ?? [])]);
  if (!isSystemDiskOf(found.get(known.systemDiskId), id)) return undefined;
  // A data disk detached out of band is no longer the instance's, as with the InstanceId filter.
  return [...found.values()].filter((d) => d.InstanceId === id);
}

/** An instance's DescribeInstances record and its disks, or undefined when ECS does not list the
 *  instance. Both are read in batches with the other reads in flight, at the same time. */
export async function describeInstanceAndDisks(client: EcsClient, region: string, id: string, known: { systemDiskId?: string; dataDiskIds?: readonly string[] }): Promise<{ instance: Raw; disks: Raw[] } | undefined> {
  const [instance, disks] = await Promise.all([describeInstance(client, region, id), stateDisks(region, id, known)]);
  if (!instance) return undefined;
  return { instance, disks: disks ?? (await describeInstanceDisks(client, region, id)) };
}

/** `yyyy-MM-ddTHH:mmZ` (the filter's format) a minute before `ms`: disks are created with their
 *  instance, and ECS reports creation times to the minute. */
const creationFilter = (ms: number): string => new Date(Math.floor(ms / 60_000) * 60_000 - 60_000).toISOString().slice(0, 16) + "Z";

/** The disks of an instance just created, from its DescribeInstances record (CreationTime), listed
 *  together with those of every instance created in the same minute. `withDataDisks`: the
 *  instance may have data disks of its own (DataDisk.N, a launch template); without, only system
 *  disks are listed. */
export async function readNewInstanceDisks(client: EcsClient, region: string, id: string, record: Raw | undefined, withDataDisks: boolean): Promise<Raw[]> {
  const created = Date.parse(String(record?.CreationTime ?? ""));
  if (Number.isFinite(created) && Math.abs(poller().now() - created) < RECENT_MS) {
    const disks = await describeBatched<Raw[]>(NEW_INSTANCE_DISKS, region, id, `${creationFilter(created)}|${withDataDisks ? "all" : "system"}`);
    if (disks?.some((d) => isSystemDiskOf(d, id))) return disks;
  }
  return describeInstanceDisks(client, region, id);
}

registerReadKind({
  kind: NEW_INSTANCE_DISKS,
  batchSize: 100,
  // Creates reach Running in the poller's ticks, each waking its instances at once: a short
  // window catches a tick's instances without holding a create back.
  quietMs: 50,
  maxWaitMs: 250,
  async describe(client, region, instanceIds, scope) {
    const [since, type] = (scope ?? "").split("|");
    const wanted = new Set(instanceIds);
    const byInstance = new Map<string, Raw[]>();
    let token: string | undefined;
    for (let page = 0; page < LISTING_PAGES; page++) {
      const res = await client.call<{ Disks?: { Disk?: Raw[] }; NextToken?: string }>("DescribeDisks", {
        RegionId: region,
        Filter: [{ Key: "CreationStartTime", Value: since }],
        DiskType: type === "system" ? "system" : undefined,
        MaxResults: LISTING_PAGE,
        NextToken: token,
      });
      for (const d of res.Disks?.Disk ?? []) {
        const owner = String(d.InstanceId ?? "");
        if (wanted.has(owner)) byInstance.set(owner, [...(byInstance.get(owner) ?? []), d]);
      }
      token = res.NextToken || undefined;
      if (!token) return byInstance; // instances left out fall back to their own DescribeDisks
    }
    return new Map(); // too long a listing to trust for any of them: each asks on its own
  },
});
