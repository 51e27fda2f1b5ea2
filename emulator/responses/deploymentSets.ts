/** Deployment set actions: requests and answers (the rules are in models/deploymentSets.ts). */
import { DEPLOYMENT_SET_GROUPS, DEPLOYMENT_STRATEGIES, MAX_IDS_PER_CALL, ON_UNABLE_TO_REDEPLOY, PER_REGION } from "../../provider/spec/limits";
import { ApiError } from "../errors";
import { find, lookup } from "../models/lookup";
import { createDeploymentSet, deleteDeploymentSet, deploymentSetCapacities, deploymentSetMembers, INSTANCES_PER_ZONE, modifyDeploymentSet, moveToDeploymentSet } from "../models/deploymentSets";
import { byCreation, type DeploymentSetRecord, type RegionState } from "../state";
import { isoSeconds } from "./common";
import { pageInfo, paginate } from "./pagination";
import { nameParam, descriptionParam } from "./rules";
import { action, alias, P, pageParams, REGION_ID, type Action } from "./spec";
import type { ActionContext } from "./types";

const DESCRIPTION = descriptionParam("InvalidDescription.Malformed");

function render(region: RegionState, s: DeploymentSetRecord): Record<string, unknown> {
  const members = deploymentSetMembers(region, s.id);
  return {
    DeploymentSetId: s.id,
    DeploymentSetName: s.name,
    DeploymentSetDescription: s.description,
    DeploymentStrategy: s.strategy,
    Strategy: s.strategy,
    Domain: s.domain,
    Granularity: s.granularity,
    GroupCount: s.groupCount,
    // No OnUnableToRedeployFailedInstance: today's answer does not report it (CreateDeploymentSet takes it).
    CreationTime: isoSeconds(s.createdAt),
    InstanceAmount: members.length,
    InstanceIds: { InstanceId: members.map((i) => i.id) },
    Capacities: { Capacity: deploymentSetCapacities(region, s).map((c) => ({ ZoneId: c.zoneId, UsedAmount: c.used, AvailableAmount: c.available })) },
  };
}

const setParam = (ctx: ActionContext, region: RegionState): DeploymentSetRecord => find(region, "deploymentset", ctx.params.need("DeploymentSetId"));

const modifyDeploymentSetAttribute = action(
  {
    kind: "deploymentset",
    summary: "Renames a deployment set or changes its description.",
    params: { ...REGION_ID, DeploymentSetId: P.string({ required: true }), DeploymentSetName: nameParam(), Description: DESCRIPTION },
  },
  (ctx) => {
    const region = ctx.region();
    modifyDeploymentSet(setParam(ctx, region), { name: ctx.params.str("DeploymentSetName"), description: ctx.params.str("Description") });
    return {};
  },
);

export const deploymentSetsActions: Record<string, Action> = {
  CreateDeploymentSet: action(
    {
      kind: "deploymentset",
      summary: "Creates a deployment set.",
      params: {
        ...REGION_ID,
        Strategy: P.string({ values: DEPLOYMENT_STRATEGIES, default: "Availability", aliases: ["DeploymentStrategy"], invalid: { code: "InvalidParameter.Strategy" }, doc: "DeploymentStrategy is the 2019 reference's name" }),
        DeploymentSetName: nameParam(),
        Description: DESCRIPTION,
        OnUnableToRedeployFailedInstance: P.string({ values: ON_UNABLE_TO_REDEPLOY, default: "CancelMembershipAndStart" }),
        GroupCount: P.integer({ min: DEPLOYMENT_SET_GROUPS.min, max: DEPLOYMENT_SET_GROUPS.max, default: DEPLOYMENT_SET_GROUPS.default, doc: "AvailabilityGroup only" }),
        Domain: P.string({ default: "Default" }),
        Granularity: P.string({ default: "Host" }),
        ClientToken: P.string(),
      },
      notes: [`At most ${PER_REGION.deploymentSets} deployment sets per region (DEPLOYMENTSET.QUOTA_FULL, 403).`],
    },
    (ctx) => {
      const p = ctx.params;
      const set = createDeploymentSet(ctx, ctx.region(), {
        strategy: p.str("Strategy")!,
        name: p.str("DeploymentSetName") ?? "",
        description: p.str("Description") ?? "",
        onUnableToRedeployFailedInstance: p.str("OnUnableToRedeployFailedInstance")!,
        groupCount: p.int("GroupCount")!,
        domain: p.str("Domain")!,
        granularity: p.str("Granularity")!,
      });
      return { DeploymentSetId: set.id };
    },
  ),

  DescribeDeploymentSets: action(
    {
      kind: "deploymentset",
      summary: "Lists deployment sets, with their members and capacity per zone.",
      params: {
        ...REGION_ID,
        DeploymentSetIds: P.jsonList({ maxItems: MAX_IDS_PER_CALL }),
        DeploymentSetName: P.string(),
        Strategy: P.string({ values: DEPLOYMENT_STRATEGIES, invalid: { code: "InvalidParameter.Strategy" } }),
        ...pageParams(100),
      },
    },
    (ctx) => {
      const p = ctx.params;
      const region = ctx.region();
      const ids = p.jsonList("DeploymentSetIds");
      const name = p.str("DeploymentSetName");
      const strategy = p.str("Strategy");
      const matching = Object.values(region.deploymentSets)
        .filter((s) => ctx.visible(s))
        .filter((s) => !ids || ids.includes(s.id))
        .filter((s) => !name || s.name === name)
        .filter((s) => !strategy || s.strategy === strategy)
        .sort(byCreation);
      const page = paginate(matching, p);
      return {
        RegionId: region.regionId,
        ...pageInfo(page),
        DeploymentSets: { DeploymentSet: page.items.map((s) => render(region, s)) },
      };
    },
  ),

  ModifyDeploymentSetAttribute: modifyDeploymentSetAttribute,
  // The 2019 reference's name; today's API has only ModifyDeploymentSetAttribute.
  ModifyDeploymentSetAttributes: alias("ModifyDeploymentSetAttribute", modifyDeploymentSetAttribute),

  ModifyInstanceDeployment: action(
    {
      kind: "deploymentset",
      summary: "Puts a Running or Stopped instance into a deployment set (out of its current one), or takes it out.",
      params: {
        ...REGION_ID,
        InstanceId: P.string({ required: true }),
        DeploymentSetId: P.string({ required: true, doc: "required here: dedicated hosts (Tenancy, Affinity, DedicatedHostId) are not modelled" }),
        Force: P.boolean({ default: false, doc: "true: a Running instance restarts on another host" }),
        RemoveFromDeploymentSet: P.boolean({ default: false, doc: "take the instance out of DeploymentSetId (it must be in it)" }),
        DeploymentSetGroupNo: P.integer({ min: DEPLOYMENT_SET_GROUPS.min, max: DEPLOYMENT_SET_GROUPS.max, doc: "AvailabilityGroup sets: 1 to the set's GroupCount" }),
      },
      notes: [
        "An unknown set: DeploymentSet.InvalidId (400, this action's table), not InvalidDeploymentSetId.NotFound.",
        `A set holds at most ${INSTANCES_PER_ZONE} instances per zone and group (DeploymentSet.InstanceLimitExceeded, 403).`,
        "Without Force the instance stays on its host: hosts are not modelled, so the move always succeeds (DeploymentSet.ModificationFailed is never answered).",
      ],
    },
    (ctx) => {
      const region = ctx.region();
      const p = ctx.params;
      const inst = find(region, "instance", p.need("InstanceId"));
      const setId = p.need("DeploymentSetId");
      const set = lookup(region, "deploymentset", setId);
      if (!set) throw new ApiError("DeploymentSet.InvalidId", `The specified Deployment Set id ${setId} doesn't exist.`, 400);
      moveToDeploymentSet(ctx, region, inst, set, { force: p.bool("Force")!, remove: p.bool("RemoveFromDeploymentSet")!, groupNo: p.int("DeploymentSetGroupNo") });
      return {};
    },
  ),

  DeleteDeploymentSet: action(
    {
      kind: "deploymentset",
      summary: "Deletes an empty deployment set.",
      params: { ...REGION_ID, DeploymentSetId: P.string({ required: true }) },
      notes: ["A set that still has instances: DependencyViolation.NotEmpty (403)."],
    },
    (ctx) => {
      const region = ctx.region();
      deleteDeploymentSet(region, setParam(ctx, region));
      return {};
    },
  ),
};
