/** Deployment sets: strategies, capacity per zone, and the delete guard. Membership is not stored here:
 *  an instance's deploymentSetId (set by RunInstances) is the one source, so counts and the guard
 *  always agree with the instances. */
import { findRegion, zoneIds } from "../catalog";
import { ApiError } from "../errors";
import { checkQuota } from "../kinds";
import { newIdOf, type DeploymentSetRecord, type InstanceRecord, type RegionState, type ResourceBase } from "../state";
import type { ModelContext } from "./context";
import { requireInstanceStatus } from "./instanceStatus";

/** Instances per zone a high-availability deployment set can spread over distinct hosts. */
export const INSTANCES_PER_ZONE = 20;

/** The instances that belong to the set. */
export function deploymentSetMembers(region: RegionState, setId: string): InstanceRecord[] {
  return Object.values(region.instances).filter((i) => i.deploymentSetId === setId);
}

export type NewDeploymentSet = Omit<DeploymentSetRecord, keyof ResourceBase | "kind">;

export function createDeploymentSet(m: ModelContext, region: RegionState, spec: NewDeploymentSet): DeploymentSetRecord {
  checkQuota("deploymentset", Object.keys(region.deploymentSets).length);
  const set = m.created<DeploymentSetRecord>({
    kind: "deploymentset",
    id: newIdOf("deploymentset"),
    regionId: region.regionId,
    createdAt: m.now(),
    tags: [],
    ...spec,
    // Groups only mean something to the AvailabilityGroup strategy.
    groupCount: spec.strategy === "AvailabilityGroup" ? spec.groupCount : 1,
  });
  region.deploymentSets[set.id] = set;
  return set;
}

export function modifyDeploymentSet(set: DeploymentSetRecord, change: { name?: string; description?: string }): void {
  if (change.name !== undefined) set.name = change.name;
  if (change.description !== undefined) set.description = change.description;
}

/** A set with instances in it cannot be deleted. */
export function deleteDeploymentSet(region: RegionState, set: DeploymentSetRecord): void {
  const members = deploymentSetMembers(region, set.id).map((i) => i.id);
  if (members.length)
    throw new ApiError("DependencyViolation.NotEmpty", `There are still instance(s) in the specified DeploymentSetId ${set.id}: ${members.slice(0, 5).join(", ")}${members.length > 5 ? " …" : ""}.`, 403);
  delete region.deploymentSets[set.id];
}

/** Per zone of the region: instances of the set there, and how many more it can take. */
export function deploymentSetCapacities(region: RegionState, set: DeploymentSetRecord): Array<{ zoneId: string; used: number; available: number }> {
  const members = deploymentSetMembers(region, set.id);
  return zoneIds(findRegion(region.regionId)!).map((zoneId) => {
    const used = members.filter((i) => i.zoneId === zoneId).length;
    return { zoneId, used, available: Math.max(0, INSTANCES_PER_ZONE * set.groupCount - used) };
  });
}

export interface DeploymentChange {
  /** Move a Running instance to another host (it restarts); without it the instance stays on its host. */
  force: boolean;
  /** Take the instance out of the set (it must be in it). */
  remove: boolean;
  /** AvailabilityGroup sets: the group (1..groupCount); checked, not placed (hosts are not modelled). */
  groupNo?: number;
}

/** ModifyInstanceDeployment: puts a Running or Stopped instance into `set` (out of any other), or takes it out. */
export function moveToDeploymentSet(m: ModelContext, region: RegionState, inst: InstanceRecord, set: DeploymentSetRecord, change: DeploymentChange): void {
  const status = requireInstanceStatus(inst, m.now(), ["Running", "Stopped"]);
  if (change.remove) {
    if (inst.deploymentSetId !== set.id)
      throw new ApiError("InvalidParameter.Mismatch", `The specified instance ${inst.id} is not in the specified deployment set ${set.id}.`, 400);
    inst.deploymentSetId = undefined;
    return;
  }
  if (change.groupNo !== undefined && (set.strategy !== "AvailabilityGroup" || change.groupNo > set.groupCount))
    throw new ApiError("InvalidParameter", `The specified parameter "DeploymentSetGroupNo" is not valid: ${set.id} ${set.strategy === "AvailabilityGroup" ? `has groups 1 to ${set.groupCount}` : "does not use the AvailabilityGroup strategy"}.`, 400);
  const others = deploymentSetMembers(region, set.id).filter((i) => i.id !== inst.id && i.zoneId === inst.zoneId).length;
  if (others >= INSTANCES_PER_ZONE * set.groupCount)
    throw new ApiError("DeploymentSet.InstanceLimitExceeded", `The number of instances on the specified Deployment Set has reached the limit: ${set.id} holds ${others} in ${inst.zoneId}.`, 403);
  inst.deploymentSetId = set.id;
  // A forced move restarts a Running instance on another host.
  if (change.force && status === "Running") inst.plan = m.timing.plan("Stopping", ["Starting", "instanceStopping"], ["Running", "instanceStarting"]);
}
