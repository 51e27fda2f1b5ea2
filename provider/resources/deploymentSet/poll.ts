/** Deployment sets for the shared poller: they have no status, so "Available" means "listed by
 *  DescribeDeploymentSets". The create waits on it (see common/identity.ts for why). */
import { jsonArray } from "../../client";
import { registerPollKind } from "../../wait";

export const DEPLOYMENT_SET_KIND = "DeploymentSet";
export const AVAILABLE = "Available";

registerPollKind({
  kind: DEPLOYMENT_SET_KIND,
  batchSize: 100,
  async describe(client, region, ids) {
    const res = await client.call<{ DeploymentSets?: { DeploymentSet?: { DeploymentSetId: string }[] } }>("DescribeDeploymentSets", {
      RegionId: region,
      DeploymentSetIds: jsonArray(ids),
      PageSize: 100,
    });
    return new Map((res.DeploymentSets?.DeploymentSet ?? []).map((s) => [s.DeploymentSetId, AVAILABLE]));
  },
});
