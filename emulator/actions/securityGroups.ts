/** Security group actions: groups (VPC or classic, normal or enterprise), their rule sets in both
 *  directions, the inner-access policy, and deletion guarded by members and references. */
import { ApiError } from "../errors";
import { paginate, paginateByToken, wantsTokenPaging } from "../pagination";
import { matchesTags, readName, type ParamReader } from "../params";
import { newId, type RegionState, type SecurityGroupRecord, type SecurityGroupRule } from "../state";
import { isoSeconds, readDescriptionAs } from "./resourceFields";
import { MAX_RULES_PER_GROUP, groupsReferencing, normaliseRule, readRuleSpecs, renderPermission, ruleKey, type Direction } from "./securityGroupRules";
import { renderTags } from "./common";
import type { ActionContext, ActionTable } from "./types";

/** Security groups per region (the reference's quota). */
export const MAX_SECURITY_GROUPS_PER_REGION = 100;
/** Instances a normal group can hold (what AvailableInstanceAmount counts down from). */
const NORMAL_GROUP_CAPACITY = 2000;
const ENTERPRISE_GROUP_CAPACITY = 65536;

const groupNotFound = (id: string): ApiError => new ApiError("InvalidSecurityGroupId.NotFound", `The specified SecurityGroupId "${id}" does not exist.`, 404);

/** The group named by SecurityGroupId; `forRead` also hides groups under the invisible-after-create fault. */
function findGroup(ctx: ActionContext, region: RegionState, forRead = false): SecurityGroupRecord {
  const id = ctx.params.need("SecurityGroupId");
  const group = region.securityGroups[id];
  if (!group || (forRead && !ctx.visible(group))) throw groupNotFound(id);
  return group;
}

/** Instances that have the group among their security groups. */
export function groupMembers(region: RegionState, groupId: string): string[] {
  return Object.values(region.instances)
    .filter((i) => i.securityGroupIds.includes(groupId))
    .map((i) => i.id);
}

function readGroupName(p: ParamReader): string | undefined {
  return readName(p, "SecurityGroupName", "InvalidSecurityGroupName.Malformed");
}

function createSecurityGroup(ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const region = ctx.region();
  const name = readGroupName(p) ?? "";
  const description = readDescriptionAs(p, "Description", "InvalidDescription.Malformed") ?? "";
  const securityGroupType = p.enumOf("SecurityGroupType", ["normal", "enterprise"] as const, { default: "normal", code: "InvalidSecurityGroupType.NotSupported" }) as "normal" | "enterprise";
  const tags = p.tags("Tag");
  const vpcId = p.str("VpcId") ?? "";
  if (vpcId && !region.vpcs[vpcId]) throw new ApiError("InvalidVpcId.NotFound", `Specified VPC "${vpcId}" does not exist.`, 404);
  if (Object.keys(region.securityGroups).length >= MAX_SECURITY_GROUPS_PER_REGION)
    throw new ApiError("QuotaExceed.SecurityGroup", `The maximum number of security groups is reached: ${MAX_SECURITY_GROUPS_PER_REGION} per region.`, 403);

  const group = ctx.created<SecurityGroupRecord>({
    kind: "securitygroup",
    id: newId("sg"),
    regionId: region.regionId,
    createdAt: ctx.now(),
    tags,
    resourceGroupId: p.str("ResourceGroupId"),
    name,
    description,
    vpcId,
    securityGroupType,
    // Enterprise groups isolate their members by default; normal groups let them talk.
    innerAccessPolicy: securityGroupType === "enterprise" ? "Drop" : "Accept",
    rules: [],
  });
  region.securityGroups[group.id] = group;
  return { SecurityGroupId: group.id };
}

function describeSecurityGroups(ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const region = ctx.region();
  const ids = p.jsonList("SecurityGroupIds", { max: 100 });
  const singleId = p.str("SecurityGroupId");
  const vpcId = p.str("VpcId");
  const name = p.str("SecurityGroupName");
  const fuzzy = p.bool("FuzzyQuery", { default: false });
  const type = p.enumOf("SecurityGroupType", ["normal", "enterprise"] as const);
  const networkType = p.enumOf("NetworkType", ["vpc", "classic"] as const);
  const resourceGroupId = p.str("ResourceGroupId");
  const tagFilter = p.tags("Tag");

  const matching = Object.values(region.securityGroups)
    .filter((g) => ctx.visible(g))
    .filter((g) => !ids || ids.includes(g.id))
    .filter((g) => !singleId || g.id === singleId)
    .filter((g) => !vpcId || g.vpcId === vpcId)
    .filter((g) => !name || (fuzzy ? g.name.includes(name) : g.name === name))
    .filter((g) => !type || g.securityGroupType === type)
    .filter((g) => !networkType || (networkType === "vpc") === Boolean(g.vpcId))
    .filter((g) => !resourceGroupId || g.resourceGroupId === resourceGroupId)
    .filter((g) => matchesTags(g.tags, tagFilter))
    // The reference: "in a descending order by the security group ID".
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));

  const render = (g: SecurityGroupRecord): Record<string, unknown> => {
    const members = groupMembers(region, g.id).length;
    const capacity = g.securityGroupType === "enterprise" ? ENTERPRISE_GROUP_CAPACITY : NORMAL_GROUP_CAPACITY;
    return {
      SecurityGroupId: g.id,
      SecurityGroupName: g.name,
      Description: g.description,
      VpcId: g.vpcId,
      SecurityGroupType: g.securityGroupType,
      CreationTime: isoSeconds(g.createdAt),
      ResourceGroupId: g.resourceGroupId ?? "",
      ServiceManaged: false,
      EcsCount: members,
      AvailableInstanceAmount: Math.max(0, capacity - members),
      RuleCount: g.rules.length,
      GroupToGroupRuleCount: g.rules.filter((r) => r.sourceGroupId || r.destGroupId).length,
      Tags: renderTags(g.tags),
    };
  };

  if (wantsTokenPaging(p)) {
    const page = paginateByToken(matching, p, { defaultMax: 10, maxMax: 100 });
    return { RegionId: region.regionId, NextToken: page.NextToken, TotalCount: matching.length, SecurityGroups: { SecurityGroup: page.items.map(render) } };
  }
  const page = paginate(matching, p, { defaultSize: 10, maxSize: 50 });
  return {
    RegionId: region.regionId,
    TotalCount: page.TotalCount,
    PageNumber: page.PageNumber,
    PageSize: page.PageSize,
    SecurityGroups: { SecurityGroup: page.items.map(render) },
  };
}

function describeSecurityGroupAttribute(ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const region = ctx.region();
  const group = findGroup(ctx, region, true);
  const direction = p.enumOf("Direction", ["all", "ingress", "egress"] as const, { default: "all" });
  const nicType = p.enumOf("NicType", ["internet", "intranet"] as const);
  const rules = group.rules.filter((r) => (direction === "all" || r.direction === direction) && (!nicType || r.nicType === nicType));
  const body: Record<string, unknown> = {
    RegionId: region.regionId,
    SecurityGroupId: group.id,
    SecurityGroupName: group.name,
    Description: group.description,
    VpcId: group.vpcId,
    InnerAccessPolicy: group.innerAccessPolicy,
  };
  let shown = rules;
  if (wantsTokenPaging(p)) {
    const page = paginateByToken(rules, p, { defaultMax: 100, maxMax: 1000 });
    shown = page.items;
    body.NextToken = page.NextToken;
  }
  body.Permissions = { Permission: shown.map((r) => renderPermission(r, region, isoSeconds(r.createdAt))) };
  return body;
}

/** AuthorizeSecurityGroup(Egress): adding a rule that already exists is a no-op, so retries are safe. */
function authorize(direction: Direction) {
  return (ctx: ActionContext): Record<string, unknown> => {
    const region = ctx.region();
    const group = findGroup(ctx, region);
    const specs = readRuleSpecs(ctx.params);
    if (specs.length === 0) throw new ApiError("MissingParameter", `The input parameter "IpProtocol" (or Permissions.N.IpProtocol) that is mandatory for processing this request is not supplied.`, 400);
    // Validate everything before changing anything: a request applies all of its rules or none.
    const rules = specs.map((s) => normaliseRule(s, { op: "authorize", direction, group, region }));
    const existing = new Set(group.rules.map(ruleKey));
    const fresh = new Map<string, (typeof rules)[number]>();
    for (const r of rules) if (!existing.has(ruleKey(r))) fresh.set(ruleKey(r), r);
    if (group.rules.length + fresh.size > MAX_RULES_PER_GROUP)
      throw new ApiError("AuthorizationLimitExceed", `The maximum number of authorization rules in the security group is exceeded: at most ${MAX_RULES_PER_GROUP}.`, 403);
    for (const r of fresh.values()) group.rules.push({ ...r, securityGroupRuleId: newId("sgr"), createdAt: ctx.now() });
    return {};
  };
}

function revoke(direction: Direction) {
  return (ctx: ActionContext): Record<string, unknown> => {
    const region = ctx.region();
    const group = findGroup(ctx, region);
    const ruleIds = ctx.params.list("SecurityGroupRuleId", { max: 100 });
    const specs = readRuleSpecs(ctx.params);
    if (specs.length === 0 && ruleIds.length === 0)
      throw new ApiError("MissingParameter", `The input parameter "IpProtocol" (or Permissions.N.* or SecurityGroupRuleId.N) that is mandatory for processing this request is not supplied.`, 400);
    const doomed = new Set<SecurityGroupRule>();
    for (const id of ruleIds) {
      const rule = group.rules.find((r) => r.securityGroupRuleId === id && r.direction === direction);
      if (!rule) throw new ApiError("InvalidSecurityGroupRuleId.NotFound", `The specified ${direction} rule "${id}" does not exist in ${group.id}.`, 404);
      doomed.add(rule);
    }
    for (const spec of specs) {
      const key = ruleKey(normaliseRule(spec, { op: "revoke", direction, group, region }));
      const rule = group.rules.find((r) => ruleKey(r) === key);
      if (!rule) throw new ApiError("InvalidGroupAuthItem.NotFound", `Specified group authorized item does not exist in our records: no ${direction} rule of ${group.id} matches.`, 403);
      doomed.add(rule);
    }
    group.rules = group.rules.filter((r) => !doomed.has(r));
    return {};
  };
}

/** ModifySecurityGroupRule / ModifySecurityGroupEgressRule: only the description can change. */
function modifyRule(direction: Direction) {
  return (ctx: ActionContext): Record<string, unknown> => {
    const region = ctx.region();
    const group = findGroup(ctx, region);
    const p = ctx.params;
    const ruleId = p.str("SecurityGroupRuleId");
    let rule: SecurityGroupRule | undefined;
    let description: string;
    if (ruleId) {
      rule = group.rules.find((r) => r.securityGroupRuleId === ruleId && r.direction === direction);
      if (!rule) throw new ApiError("InvalidSecurityGroupRuleId.NotFound", `The specified ${direction} rule "${ruleId}" does not exist in ${group.id}.`, 404);
      description = normaliseDescription(p.str("Description") ?? rule.description);
    } else {
      const [spec] = readRuleSpecs(p);
      if (!spec) throw new ApiError("MissingParameter", `The input parameter "IpProtocol" that is mandatory for processing this request is not supplied.`, 400);
      const wanted = normaliseRule(spec, { op: "revoke", direction, group, region });
      rule = group.rules.find((r) => ruleKey(r) === ruleKey(wanted));
      if (!rule) throw new ApiError("InvalidGroupAuthItem.NotFound", `Specified group authorized item does not exist in our records: no ${direction} rule of ${group.id} matches.`, 403);
      description = wanted.description;
    }
    rule.description = description;
    return {};
  };
}

function normaliseDescription(d: string): string {
  if (d.length > 512 || /^https?:\/\//.test(d))
    throw new ApiError("InvalidSecurityGroupDiscription.Malformed", "The specified security group rule description is not valid: at most 512 characters, not starting with http:// or https://.", 400);
  return d;
}

function modifySecurityGroupAttribute(ctx: ActionContext): Record<string, unknown> {
  const region = ctx.region();
  const group = findGroup(ctx, region);
  const name = readGroupName(ctx.params);
  const description = readDescriptionAs(ctx.params, "Description", "InvalidSecurityGroupDiscription.Malformed");
  if (name !== undefined) group.name = name;
  if (description !== undefined) group.description = description;
  return {};
}

function modifySecurityGroupPolicy(ctx: ActionContext): Record<string, unknown> {
  const region = ctx.region();
  const group = findGroup(ctx, region);
  const raw = ctx.params.str("InnerAccessPolicy") ?? "";
  const lower = raw.toLowerCase();
  if (lower !== "accept" && lower !== "drop")
    throw new ApiError("InvalidPolicy.Malformed", `The InnerAccessPolicy "${raw}" is invalid. Only Accept and Drop are supported.`, 400);
  group.innerAccessPolicy = lower === "accept" ? "Accept" : "Drop";
  return {};
}

function deleteSecurityGroup(ctx: ActionContext): Record<string, unknown> {
  const region = ctx.region();
  const group = findGroup(ctx, region);
  const members = groupMembers(region, group.id);
  if (members.length)
    throw new ApiError("DependencyViolation", `There is still instance(s) in the specified security group ${group.id}: ${members.slice(0, 5).join(", ")}${members.length > 5 ? " …" : ""}.`, 403);
  const referencing = groupsReferencing(region, group.id);
  if (referencing.length)
    throw new ApiError("DependencyViolation", `The specified security group ${group.id} is still authorized by the rules of other security groups: ${referencing.join(", ")}.`, 403);
  delete region.securityGroups[group.id];
  return {};
}

function describeSecurityGroupReferences(ctx: ActionContext): Record<string, unknown> {
  const region = ctx.region();
  const ids = ctx.params.list("SecurityGroupId");
  if (ids.length === 0 || ids.length > 10)
    throw new ApiError("Abs.GroupNos.Malformed", "The specified parameter SecurityGroupId is essential and size should less than 10.", 400);
  for (const id of ids) if (!region.securityGroups[id]) throw new ApiError("InvalidSecurityGroupId.NotFound", `The specified SecurityGroupId "${id}" does not exist.`, 400);
  return {
    SecurityGroupReferences: {
      SecurityGroupReference: ids.map((id) => ({
        SecurityGroupId: id,
        ReferencingSecurityGroups: {
          ReferencingSecurityGroup: groupsReferencing(region, id).map((g) => ({ SecurityGroupId: g, AliUid: ctx.accessKeyId })),
        },
      })),
    },
  };
}

export const securityGroupsActions: ActionTable = {
  CreateSecurityGroup: createSecurityGroup,
  DescribeSecurityGroups: describeSecurityGroups,
  DescribeSecurityGroupAttribute: describeSecurityGroupAttribute,
  DescribeSecurityGroupReferences: describeSecurityGroupReferences,
  AuthorizeSecurityGroup: authorize("ingress"),
  AuthorizeSecurityGroupEgress: authorize("egress"),
  RevokeSecurityGroup: revoke("ingress"),
  RevokeSecurityGroupEgress: revoke("egress"),
  ModifySecurityGroupRule: modifyRule("ingress"),
  ModifySecurityGroupEgressRule: modifyRule("egress"),
  ModifySecurityGroupAttribute: modifySecurityGroupAttribute,
  ModifySecurityGroupPolicy: modifySecurityGroupPolicy,
  DeleteSecurityGroup: deleteSecurityGroup,
};
