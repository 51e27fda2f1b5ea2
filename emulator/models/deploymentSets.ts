/** Deployment sets: strategies, capacity per zone, and the delete guard. Membership is not stored here:
 *  an instance's deploymentSetId (set by RunInstances) is the one source, so counts and the guard
 *  always agree with the instances. */
import { findRegion, zoneIds } from "../catalog";
import { ApiError } from "../errors";
import { checkQuota } from "../kinds";
import { newIdOf, type DeploymentSetRecord, type InstanceRecord, type RegionState, type ResourceBase } from "../state";
import type { ModelContext } from "./context";

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
