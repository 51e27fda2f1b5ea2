/** DeploymentSet: every property fact, once. Read from a DescribeDeploymentSets item. */
import { call, out, prop, regionProp, replaces, resource, t, timeoutsProp } from "../../spec/build";
import * as limits from "../../spec/limits";
import { ecsDescription, ecsName, oneOf } from "../../spec/rules";

const TIMEOUTS = { create: "5m", update: "5m", delete: "1m" } as const;

// 2019 reference: ModifyDeploymentSetAttributes; today's API (and @alicloud/ecs20140526) has only
// ModifyDeploymentSetAttribute, which is what we send.
const MODIFY = "ModifyDeploymentSetAttribute";

export const deploymentSetSpec = resource({
  kind: "DeploymentSet",
  noun: "deployment set",
  doc: `An ECS deployment set (CreateDeploymentSet). Name and description change in place (${MODIFY}); strategy and onUnableToRedeployFailedInstance replace it. It cannot be deleted while instances are in it.`,
  idParam: "DeploymentSetId",
  idExample: "ds-bp1abc…",
  timeouts: TIMEOUTS,
  inputs: {
    region: regionProp("deployment set"),
    deploymentSetName: prop(t.string, {
      doc: "Name: 2-128 characters, starts with a letter (or a Chinese character); letters, digits, '.', ':', '_' and '-'.",
      change: call(MODIFY, "DeploymentSetName"),
      computed: true,
      rules: [ecsName],
      autoName: true,
      wire: { create: "DeploymentSetName", read: "DeploymentSetName" },
    }),
    description: prop(t.string, {
      doc: "Description: 2-256 characters, no http:// or https:// prefix.",
      change: call(MODIFY, "Description"),
      computed: true,
      rules: [ecsDescription],
      wire: { create: "Description", read: "DeploymentSetDescription" },
    }),
    strategy: prop(t.string, {
      doc: `Deployment strategy: ${limits.DEPLOYMENT_STRATEGIES.join(", ")} (Availability: instances strictly spread over physical servers).`,
      change: replaces,
      default: "Availability",
      rules: [oneOf(limits.DEPLOYMENT_STRATEGIES)],
      // Today's request parameter is Strategy (the 2019 reference: DeploymentStrategy); answers carry DeploymentStrategy.
      wire: { create: "Strategy", read: (s) => s.DeploymentStrategy || s.Strategy },
    }),
    onUnableToRedeployFailedInstance: prop(t.string, {
      doc:
        `What happens to an instance that cannot be redeployed inside the set after a host failure: ${limits.ON_UNABLE_TO_REDEPLOY.join(" or ")} (default CancelMembershipAndStart: leave the set and start). ` +
        `${MODIFY} cannot change it, so a change replaces the set. ECS never reports it (DescribeDeploymentSets has no such field): refresh keeps the value in state, ` +
        "and an import cannot know it: the program's value is then recorded by an in-place update, never a replacement.",
      change: replaces,
      default: "CancelMembershipAndStart",
      rules: [oneOf(limits.ON_UNABLE_TO_REDEPLOY)],
      wire: { create: "OnUnableToRedeployFailedInstance" },
    }),
    timeouts: timeoutsProp(TIMEOUTS, "delete retries while instances still in the set are released"),
  },
  outputs: {
    deploymentSetId: out(t.string, "The deployment set ID.", { wire: { read: "DeploymentSetId" } }),
    instanceIds: out(t.list(t.string), "Instances currently in the set.", { wire: { read: "InstanceIds.InstanceId" } }),
  },
});
