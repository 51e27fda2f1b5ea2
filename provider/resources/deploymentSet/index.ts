/** The DeploymentSet provider: CreateDeploymentSet (ClientToken); name and description change
 *  with ModifyDeploymentSetAttributes (the reference's name); strategy and
 *  onUnableToRedeployFailedInstance replace (schema.json). Delete: not found is success; while
 *  instances are still in the set it retries until the delete deadline (instances being released
 *  still count), then says which instances hold it. */
import type { DeploymentSetInputs, DeploymentSetOutputs } from "../../../sdk/types/deploymentSet";
import { isEcsError, jsonArray, type EcsClient } from "../../client";
import { waitForStatus } from "../../wait";
import { createIdempotently, defineResource, deleteWhileInUse, ecsDescription, ecsName, isNotFound, oneOf, StillInUseError, type HiddenInputs, type TimeoutDefaults } from "../common";
import { AVAILABLE, DEPLOYMENT_SET_KIND } from "./poll";

/** Documented in schema.json (DeploymentSet.timeouts). */
export const DEPLOYMENT_SET_TIMEOUTS: TimeoutDefaults = { create: "5m", update: "5m", delete: "1m" };
/** The reference's ModifyInstanceDeployment names an unknown set DeploymentSet.InvalidId; other actions say …NotFound. */
const INVALID_ID = "DeploymentSet.InvalidId";
const NOT_EMPTY = "DependencyViolation.NotEmpty";

type Ins = DeploymentSetInputs & HiddenInputs;
type Outs = DeploymentSetOutputs & HiddenInputs;

interface DeploymentSetItem {
  DeploymentSetId: string;
  DeploymentSetName?: string;
  DeploymentSetDescription?: string;
  DeploymentStrategy?: string;
  Strategy?: string;
  OnUnableToRedeployFailedInstance?: string;
  InstanceIds?: { InstanceId?: string[] };
}

async function describeSet(client: EcsClient, region: string, id: string): Promise<DeploymentSetItem | undefined> {
  const res = await client.call<{ DeploymentSets?: { DeploymentSet?: DeploymentSetItem[] } }>("DescribeDeploymentSets", { RegionId: region, DeploymentSetIds: jsonArray([id]) });
  return res.DeploymentSets?.DeploymentSet?.find((s) => s.DeploymentSetId === id);
}

function toState(region: string, s: DeploymentSetItem, prior: Partial<Outs>): { outs: Outs; inputs: Ins } {
  const inputs: Ins = {
    region,
    strategy: s.DeploymentStrategy || s.Strategy || "Availability",
    // Read back from DescribeDeploymentSets, so an import or an out-of-band change shows what ECS
    // holds. Only an answer without the field (an endpoint that does not report it) keeps the last
    // known value, and failing that the documented default.
    onUnableToRedeployFailedInstance: s.OnUnableToRedeployFailedInstance || prior.onUnableToRedeployFailedInstance || "CancelMembershipAndStart",
    ...(s.DeploymentSetName ? { deploymentSetName: s.DeploymentSetName } : {}),
    ...(s.DeploymentSetDescription ? { description: s.DeploymentSetDescription } : {}),
    ...(prior.timeouts ? { timeouts: prior.timeouts } : {}),
  };
  const outs: Outs = {
    ...inputs,
    region,
    strategy: inputs.strategy!,
    onUnableToRedeployFailedInstance: inputs.onUnableToRedeployFailedInstance!,
    deploymentSetId: s.DeploymentSetId,
    instanceIds: s.InstanceIds?.InstanceId ?? [],
  };
  return { outs, inputs };
}

export const deploymentSetProvider = defineResource<Ins, Outs>({
  kind: DEPLOYMENT_SET_KIND,
  timeouts: DEPLOYMENT_SET_TIMEOUTS,
  hints: { computed: ["timeouts"] },

  validate(c, n) {
    c.check("deploymentSetName", n.deploymentSetName, ecsName);
    c.check("description", n.description, ecsDescription);
    c.check("strategy", n.strategy, oneOf(["Availability", "AvailabilityGroup", "LowLatency"]));
    c.check("onUnableToRedeployFailedInstance", n.onUnableToRedeployFailedInstance, oneOf(["CancelMembershipAndStart", "KeepStopped"]));
  },

  async create(ctx, n) {
    const params = {
      RegionId: ctx.region,
      DeploymentSetName: n.deploymentSetName,
      Description: n.description,
      // The reference names it DeploymentStrategy; today's API reads Strategy. Both say the same.
      DeploymentStrategy: n.strategy,
      Strategy: n.strategy,
      OnUnableToRedeployFailedInstance: n.onUnableToRedeployFailedInstance,
    };
    const id = await createIdempotently<string>(
      DEPLOYMENT_SET_KIND,
      n,
      params,
      async (token) => (await ctx.client.call<{ DeploymentSetId: string }>("CreateDeploymentSet", { ...params, ClientToken: token })).DeploymentSetId,
      async (got) => {
        await waitForStatus({ kind: DEPLOYMENT_SET_KIND, region: ctx.region, id: got, target: [AVAILABLE], deadline: ctx.deadline, label: ctx.label });
        return got;
      },
    );
    const found = await describeSet(ctx.client, ctx.region, id);
    if (!found) throw new Error(`deployment set ${id} vanished right after it was created`);
    return { id, outs: toState(ctx.region, found, n).outs };
  },

  async read(ctx, id, prior) {
    const found = await describeSet(ctx.client, ctx.region, id);
    return found && toState(ctx.region, found, prior);
  },

  async update(ctx, id, olds, n, changed) {
    if (changed.includes("deploymentSetName") || changed.includes("description")) {
      await ctx.client.call(
        "ModifyDeploymentSetAttributes",
        { RegionId: ctx.region, DeploymentSetId: id, DeploymentSetName: n.deploymentSetName, Description: n.description ?? "" },
        { idempotent: true },
      );
    }
    const found = await describeSet(ctx.client, ctx.region, id);
    if (!found) throw new Error(`deployment set ${id} no longer exists`);
    return toState(ctx.region, found, { ...olds, onUnableToRedeployFailedInstance: n.onUnableToRedeployFailedInstance, timeouts: n.timeouts }).outs;
  },

  async delete(ctx, id) {
    try {
      await deleteWhileInUse(ctx, "DeleteDeploymentSet", { RegionId: ctx.region, DeploymentSetId: id }, [NOT_EMPTY], `the instances in deployment set ${id} to go`);
    } catch (err) {
      if (isNotFound(err) || isEcsError(err, INVALID_ID)) return;
      if (err instanceof StillInUseError) {
        const members = (await describeSet(ctx.client, ctx.region, id))?.InstanceIds?.InstanceId ?? [];
        throw new Error(
          `deployment set ${id} still has instances in it${members.length ? `: ${members.join(", ")}` : ""} ` +
            `(${err.last.code}, RequestId ${err.last.requestId ?? "?"}; ${err.attempts} attempt(s) until the delete deadline). ` +
            "Delete those instances or move them to another deployment set (ModifyInstanceDeployment), then run the command again.",
          { cause: err.last },
        );
      }
      throw err;
    }
  },
});
