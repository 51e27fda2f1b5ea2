/** The DeploymentSet provider: CreateDeploymentSet (ClientToken). Every property fact is in
 *  ./spec.ts; here only what is the set's own: waiting until it is listed, and a delete that
 *  waits while instances are still in the set (instances being released still count), then
 *  says which instances hold it. Not found is success. */
import { isEcsError, jsonArray, type EcsClient } from "../../client";
import { createParams } from "../../spec/wire";
import type { DeploymentSetInputs, DeploymentSetOutputs } from "../../types/deploymentSet";
import { describeBatched, waitForResource } from "../../wait";
import { CREATING, createOnce, defineResource, deleteWhileInUse, isNotFound, StillInUseError, type HiddenInputs } from "../common";
import { deploymentSetSpec } from "./spec";

export const DEPLOYMENT_SET_KIND = deploymentSetSpec.kind;
/** A set has no status of its own: "Available" means "listed by DescribeDeploymentSets". */
const AVAILABLE = "Available";
/** The reference's ModifyInstanceDeployment names an unknown set DeploymentSet.InvalidId; other actions say …NotFound. */
const INVALID_ID = "DeploymentSet.InvalidId";
const UNREPORTED = "onUnableToRedeployFailedInstance";

type Ins = DeploymentSetInputs & HiddenInputs;
type Outs = DeploymentSetOutputs & HiddenInputs;
type Raw = Record<string, unknown>;

async function describeSets(client: EcsClient, region: string, ids: readonly string[]): Promise<(Raw & { DeploymentSetId: string })[]> {
  const res = await client.call<{ DeploymentSets?: { DeploymentSet?: (Raw & { DeploymentSetId: string })[] } }>("DescribeDeploymentSets", {
    RegionId: region,
    DeploymentSetIds: jsonArray(ids),
    PageSize: 50, // DescribeDeploymentSets pages at most 50
  });
  return res.DeploymentSets?.DeploymentSet ?? [];
}

const describeSet = async (_client: EcsClient, region: string, id: string): Promise<Raw | undefined> => describeBatched(DEPLOYMENT_SET_KIND, region, id);

export const deploymentSetProvider = defineResource<typeof deploymentSetSpec, Ins, Outs>(deploymentSetSpec, {
  poll: {
    batchSize: 50,
    async describe(client, region, ids) {
      return new Map((await describeSets(client, region, ids)).map((s) => [s.DeploymentSetId, { status: AVAILABLE, data: s }]));
    },
  },

  updaters: {},

  // ECS never reports onUnableToRedeployFailedInstance: a state without it (an import) does not
  // know it, so the program's value is recorded by an in-place update (no call) rather than taken
  // for a change that replaces the set.
  refineDiff: (olds, _news, d) => (olds[UNREPORTED] !== undefined ? d : { ...d, replaces: d.replaces.filter((p) => p !== UNREPORTED) }),
  aroundUpdate: (_ctx, u, apply) => apply({ ...u, changed: u.changed.filter((p) => p !== UNREPORTED) }),

  async create(ctx, n) {
    const params = { RegionId: ctx.region, ...createParams(deploymentSetSpec.inputs, n as unknown as Raw) };
    // CreateDeploymentSet takes no tags, so there is no ownership tag to find an interrupted
    // run's set by: such a run can leave one empty set behind (it costs nothing).
    const [id, record] = await createOnce<[string, Raw | undefined]>(ctx, deploymentSetSpec, n, {
      send: async (token) => (await ctx.client.call<{ DeploymentSetId: string }>("CreateDeploymentSet", { ...params, ClientToken: token })).DeploymentSetId,
      settle: async (got) => [got, (await waitForResource({ kind: DEPLOYMENT_SET_KIND, region: ctx.region, id: got, target: [AVAILABLE], deadline: ctx.deadline, label: ctx.label, graceMs: CREATING })).data],
    });
    if (!record) throw new Error(`deployment set ${id} vanished right after it was created`);
    return { id, record };
  },

  describe: (ctx, id) => describeSet(ctx.client, ctx.region, id),

  async delete(ctx, id) {
    try {
      await deleteWhileInUse(ctx, "DeleteDeploymentSet", { RegionId: ctx.region, DeploymentSetId: id }, `the instances in deployment set ${id} to go`);
    } catch (err) {
      if (isNotFound(err) || isEcsError(err, INVALID_ID)) return;
      if (err instanceof StillInUseError) {
        const members = ((await describeSet(ctx.client, ctx.region, id))?.InstanceIds as { InstanceId?: string[] } | undefined)?.InstanceId ?? [];
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
