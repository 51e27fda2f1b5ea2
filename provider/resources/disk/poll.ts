/** Disk statuses for the shared poller: one DescribeDisks for up to 100 ids. */
import { jsonArray } from "../../client";
import { registerPollKind } from "../../wait";

export const DISK_KIND = "Disk";

registerPollKind({
  kind: DISK_KIND,
  batchSize: 100,
  async describe(client, region, ids) {
    const res = await client.call<{ Disks?: { Disk?: (Record<string, unknown> & { DiskId: string; Status: string })[] } }>("DescribeDisks", { RegionId: region, DiskIds: jsonArray(ids), PageSize: 100 });
    return new Map((res.Disks?.Disk ?? []).map((d) => [d.DiskId, { status: d.Status, data: d }]));
  },
});
