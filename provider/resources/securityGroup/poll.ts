/** Security groups for the shared poller: a group has no status of its own, so "Available"
 *  means "listed by DescribeSecurityGroups". The create waits on it, which tells a group that
 *  is briefly invisible after its create from one a replayed ClientToken points at after it was
 *  deleted (see common/identity.ts). */
import { jsonArray } from "../../client";
import { registerPollKind } from "../../wait";

export const SECURITY_GROUP_KIND = "SecurityGroup";
export const AVAILABLE = "Available";

interface DescribeSecurityGroupsAnswer {
  SecurityGroups?: { SecurityGroup?: { SecurityGroupId: string }[] };
}

registerPollKind({
  kind: SECURITY_GROUP_KIND,
  batchSize: 50, // DescribeSecurityGroups pages at most 50
  async describe(client, region, ids) {
    const res = await client.call<DescribeSecurityGroupsAnswer>("DescribeSecurityGroups", { RegionId: region, SecurityGroupIds: jsonArray(ids), PageSize: 50 });
    return new Map((res.SecurityGroups?.SecurityGroup ?? []).map((g) => [g.SecurityGroupId, AVAILABLE]));
  },
});
