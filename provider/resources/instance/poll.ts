/** Instance statuses for the shared poller: one DescribeInstances for up to 100 ids. */
import { jsonArray } from "../../client";
import { registerPollKind } from "../../wait";

export const INSTANCE_KIND = "Instance";

interface DescribeInstancesAnswer {
  Instances?: { Instance?: (Record<string, unknown> & { InstanceId: string; Status: string })[] };
}

registerPollKind({
  kind: INSTANCE_KIND,
  batchSize: 100,
  async describe(client, region, ids) {
    const res = await client.call<DescribeInstancesAnswer>("DescribeInstances", { RegionId: region, InstanceIds: jsonArray(ids), PageSize: 100 });
    // The whole record rides along, so a create builds its outputs without another Describe.
    return new Map((res.Instances?.Instance ?? []).map((i) => [i.InstanceId, { status: i.Status, data: i }]));
  },
});
