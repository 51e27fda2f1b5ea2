/** Security groups: VPC or classic, normal or enterprise, the region's quota, the inner-access policy,
 *  and deletion guarded by members and by other groups' rules that reference them. */
import { ApiError } from "../errors";
import { checkQuota } from "../kinds";
import { newIdOf, type RegionState, type SecurityGroupRecord, type Tag } from "../state";
import type { ModelContext } from "./context";
import { groupsReferencing } from "./securityGroupRules";

/** Instances a group can hold (what AvailableInstanceAmount counts down from). */
export const GROUP_CAPACITY = { normal: 2000, enterprise: 65536 } as const;

/** Ids of the instances that have the group among their security groups. */
export function groupMembers(region: RegionState, groupId: string): string[] {
  return Object.values(region.instances)
    .filter((i) => i.securityGroupIds.includes(groupId))
    .map((i) => i.id);
}

export interface NewSecurityGroup {
  name: string;
  description: string;
  vpcId: string;
  securityGroupType: "normal" | "enterprise";
  tags: Tag[];
  resourceGroupId?: string;
}

export function createSecurityGroup(m: ModelContext, region: RegionState, spec: NewSecurityGroup): SecurityGroupRecord {
  if (spec.vpcId && !region.vpcs[spec.vpcId]) throw new ApiError("InvalidVpcId.NotFound", `Specified VPC "${spec.vpcId}" does not exist.`, 404);
  checkQuota("securitygroup", Object.keys(region.securityGroups).length);
  const group = m.created<SecurityGroupRecord>({
    kind: "securitygroup",
    id: newIdOf("securitygroup"),
    regionId: region.regionId,
    createdAt: m.now(),
    ...spec,
    // Enterprise groups isolate their members by default; normal groups let them talk.
    innerAccessPolicy: spec.securityGroupType === "enterprise" ? "Drop" : "Accept",
    rules: [],
  });
  region.securityGroups[group.id] = group;
  return group;
}

export function deleteSecurityGroup(region: RegionState, group: SecurityGroupRecord): void {
  const members = groupMembers(region, group.id);
  if (members.length)
    throw new ApiError("DependencyViolation", `There is still instance(s) in the specified security group ${group.id}: ${members.slice(0, 5).join(", ")}${members.length > 5 ? " …" : ""}.`, 403);
  const referencing = groupsReferencing(region, group.id);
  if (referencing.length)
    throw new ApiError("DependencyViolation", `The specified security group ${group.id} is still authorized by the rules of other security groups: ${referencing.join(", ")}.`, 403);
  delete region.securityGroups[group.id];
}
