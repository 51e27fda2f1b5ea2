/** Deployment set actions. Membership is not stored here: an instance's deploymentSetId (set by
 *  RunInstances) is the one source, so counts and the delete guard always agree with the instances. */
import { ApiError } from "../errors";
import { paginate } from "../pagination";
import { readName } from "../params";
import { byCreation, newId, type DeploymentSetRecord, type RegionState } from "../state";
import { findRegion, zoneIds } from "../catalog";
import { isoSeconds, readDescriptionAs } from "./resourceFields";
import type { ActionContext, ActionTable } from "./types";

export const STRATEGIES = ["Availability", "AvailabilityGroup", "LowLatency"] as const;
export const MAX_DEPLOYMENT_SETS_PER_REGION = 150;
/** Instances per zone a high-availability deployment set can spread over distinct hosts. */
export const INSTANCES_PER_ZONE = 20;

/** One code for "no such deployment set" wherever a request names one: the reference's
 *  InvalidDeploymentSetId.NotFound (404, CreateInstance; today's reference uses it for RunInstances and
 *  ModifyDeploymentSetAttribute too). Only ModifyInstanceDeployment answers DeploymentSet.InvalidId. */
export const deploymentSetNotFound = (id: string): ApiError =>
  new ApiError("InvalidDeploymentSetId.NotFound", `The specified DeploymentSetId "${id}" does not exist.`, 404);

/** Ids of the instances that belong to the set. */
export function deploymentSetMembers(region: RegionState, setId: string): string[] {
  return Object.values(region.instances)
    .filter((i) => i.deploymentSetId === setId)
    .map((i) => i.id);
}

function findSet(ctx: ActionContext, region: RegionState): DeploymentSetRecord {
  const id = ctx.params.need("DeploymentSetId");
  const set = region.deploymentSets[id];
  if (!set) throw deploymentSetNotFound(id);
  return set;
}

function readStrategy(ctx: ActionContext): string {
  // The reference names it DeploymentStrategy; the official SDK sends Strategy.
  const raw = ctx.params.str("Strategy") ?? ctx.params.str("DeploymentStrategy") ?? "Availability";
  if (!(STRATEGIES as readonly string[]).includes(raw))
    throw new ApiError("InvalidParameter.Strategy", `The specified parameter Strategy "${raw}" is not valid. Valid values: ${STRATEGIES.join(", ")}.`, 400);
  return raw;
}

function createDeploymentSet(ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const region = ctx.region();
  const strategy = readStrategy(ctx);
  const name = readName(p, "DeploymentSetName") ?? "";
  const description = readDescriptionAs(p, "Description", "InvalidDescription.Malformed") ?? "";
  const onUnable = p.enumOf("OnUnableToRedeployFailedInstance", ["CancelMembershipAndStart", "KeepStopped"] as const, { default: "CancelMembershipAndStart" }) as string;
  const groupCount = p.int("GroupCount", { min: 1, max: 7, default: 3 }) as number;
  if (Object.keys(region.deploymentSets).length >= MAX_DEPLOYMENT_SETS_PER_REGION)
    throw new ApiError("DEPLOYMENTSET.QUOTA_FULL", `The deploymentSet quota is full: at most ${MAX_DEPLOYMENT_SETS_PER_REGION} per region.`, 403);
  const set = ctx.created<DeploymentSetRecord>({
    kind: "deploymentset",
    id: newId("ds"),
    regionId: region.regionId,
    createdAt: ctx.now(),
    tags: [],
    name,
    description,
    strategy,
    domain: p.str("Domain") ?? "Default",
    granularity: p.str("Granularity") ?? "Host",
    groupCount: strategy === "AvailabilityGroup" ? groupCount : 1,
    onUnableToRedeployFailedInstance: onUnable,
  });
  region.deploymentSets[set.id] = set;
  return { DeploymentSetId: set.id };
}

function describeDeploymentSets(ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const region = ctx.region();
  const ids = p.jsonList("DeploymentSetIds", { max: 100 });
  const name = p.str("DeploymentSetName");
  const strategy = p.str("Strategy");
  const matching = Object.values(region.deploymentSets)
    .filter((s) => ctx.visible(s))
    .filter((s) => !ids || ids.includes(s.id))
    .filter((s) => !name || s.name === name)
    .filter((s) => !strategy || s.strategy === strategy)
    .sort(byCreation);
  const page = paginate(matching, p, { defaultSize: 10, maxSize: 100 });
  const zones = zoneIds(findRegion(region.regionId)!);
  return {
    RegionId: region.regionId,
    TotalCount: page.TotalCount,
    PageNumber: page.PageNumber,
    PageSize: page.PageSize,
    DeploymentSets: {
      DeploymentSet: page.items.map((s) => {
        const members = Object.values(region.instances).filter((i) => i.deploymentSetId === s.id);
        return {
          DeploymentSetId: s.id,
          DeploymentSetName: s.name,
          DeploymentSetDescription: s.description,
          DeploymentStrategy: s.strategy,
          Strategy: s.strategy,
          Domain: s.domain,
          Granularity: s.granularity,
          GroupCount: s.groupCount,
          // Not in the 2019 reference's response table, but stored from CreateDeploymentSet and
          // returned so a client can read back what it set (providers detect drift with it).
          OnUnableToRedeployFailedInstance: s.onUnableToRedeployFailedInstance,
          CreationTime: isoSeconds(s.createdAt),
          InstanceAmount: members.length,
          InstanceIds: { InstanceId: members.map((i) => i.id) },
          Capacities: {
            Capacity: zones.map((zoneId) => {
              const used = members.filter((i) => i.zoneId === zoneId).length;
              return { ZoneId: zoneId, UsedAmount: used, AvailableAmount: Math.max(0, INSTANCES_PER_ZONE * s.groupCount - used) };
            }),
          },
        };
      }),
    },
  };
}

/** ModifyDeploymentSetAttribute (the SDK's name) and ModifyDeploymentSetAttributes (the reference's). */
function modifyDeploymentSetAttribute(ctx: ActionContext): Record<string, unknown> {
  const region = ctx.region();
  const set = findSet(ctx, region);
  const name = readName(ctx.params, "DeploymentSetName");
  const description = readDescriptionAs(ctx.params, "Description", "InvalidDescription.Malformed");
  if (name !== undefined) set.name = name;
  if (description !== undefined) set.description = description;
  return {};
}

function deleteDeploymentSet(ctx: ActionContext): Record<string, unknown> {
  const region = ctx.region();
  const set = findSet(ctx, region);
  const members = deploymentSetMembers(region, set.id);
  if (members.length)
    throw new ApiError("DependencyViolation.NotEmpty", `There are still instance(s) in the specified DeploymentSetId ${set.id}: ${members.slice(0, 5).join(", ")}${members.length > 5 ? " …" : ""}.`, 403);
  delete region.deploymentSets[set.id];
  return {};
}

export const deploymentSetsActions: ActionTable = {
  CreateDeploymentSet: createDeploymentSet,
  DescribeDeploymentSets: describeDeploymentSets,
  ModifyDeploymentSetAttribute: modifyDeploymentSetAttribute,
  ModifyDeploymentSetAttributes: modifyDeploymentSetAttribute,
  DeleteDeploymentSet: deleteDeploymentSet,
};
