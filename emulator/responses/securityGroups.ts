/** Security group actions: requests (rules in either form: flat parameters or Permissions.N.*) and
 *  answers. The rules ECS enforces are in models/securityGroups.ts and models/securityGroupRules.ts. */
import { INNER_ACCESS_POLICIES, MAX_IDS_PER_CALL, PER_REGION } from "../../provider/spec/limits";
import { ApiError } from "../errors";
import { createSecurityGroup, deleteSecurityGroup, GROUP_CAPACITY, groupMembers } from "../models/securityGroups";
import { authorizeRules, groupsReferencing, MAX_RULES_PER_GROUP, modifyRuleDescription, revokeRules, RULE_FIELDS, type Direction, type RuleSpec } from "../models/securityGroupRules";
import { newId, type RegionState, type SecurityGroupRecord, type SecurityGroupRule } from "../state";
import { isoSeconds, renderTags } from "./common";
import { pageInfo, paginate, paginateByToken, wantsTokenPaging } from "./pagination";
import { matchesTags, type ParamReader } from "./params";
import { nameParam, descriptionParam } from "./rules";
import { action, P, pageParams, REGION_ID, TAG_PARAMS, tokenParams, type Action, type Params } from "./spec";
import type { ActionContext } from "./types";

const groupNotFound = (id: string): ApiError => new ApiError("InvalidSecurityGroupId.NotFound", `The specified SecurityGroupId "${id}" does not exist.`, 404);

/** The group named by SecurityGroupId; `forRead` also hides groups under the invisible-after-create fault. */
function findGroup(ctx: ActionContext, region: RegionState, forRead = false): SecurityGroupRecord {
  const id = ctx.params.need("SecurityGroupId");
  const group = region.securityGroups[id];
  if (!group || (forRead && !ctx.visible(group))) throw groupNotFound(id);
  return group;
}

/** The rules a request names: the old flat form (IpProtocol, PortRange …) and/or the newer
 *  Permissions.N.* list that the official SDK sends. */
function readRuleSpecs(p: ParamReader): RuleSpec[] {
  const specs: RuleSpec[] = [];
  if (p.has("IpProtocol") || p.has("PortRange")) {
    const flat: RuleSpec = {};
    for (const f of RULE_FIELDS) if (p.has(f)) flat[f] = p.raw[f];
    specs.push(flat);
  }
  for (const o of p.objects("Permissions")) {
    const spec: RuleSpec = {};
    for (const f of RULE_FIELDS) if (o[f] !== undefined && o[f] !== "") spec[f] = o[f];
    specs.push(spec);
  }
  return specs;
}

/** DescribeSecurityGroupAttribute's Permission shape. */
function renderPermission(r: SecurityGroupRule, region: RegionState): Record<string, unknown> {
  const nameOf = (id?: string): string => (id ? (region.securityGroups[id]?.name ?? "") : "");
  return {
    SecurityGroupRuleId: r.securityGroupRuleId,
    Direction: r.direction,
    IpProtocol: r.ipProtocol,
    PortRange: r.portRange,
    SourcePortRange: r.sourcePortRange ?? "",
    SourceCidrIp: r.sourceCidrIp ?? "",
    SourceGroupId: r.sourceGroupId ?? "",
    SourceGroupName: nameOf(r.sourceGroupId),
    SourceGroupOwnerAccount: "",
    SourcePrefixListId: "",
    DestCidrIp: r.destCidrIp ?? "",
    DestGroupId: r.destGroupId ?? "",
    DestGroupName: nameOf(r.destGroupId),
    DestGroupOwnerAccount: "",
    DestPrefixListId: "",
    Ipv6SourceCidrIp: "",
    Ipv6DestCidrIp: "",
    NicType: r.nicType,
    Policy: r.policy === "accept" ? "Accept" : "Drop",
    Priority: String(r.priority),
    Description: r.description,
    CreateTime: isoSeconds(r.createdAt),
  };
}

/** A rule's fields in one direction (ingress names the source group, egress the destination one), as
 *  flat parameters and as Permissions.N.* (normaliseRule checks their values, with each action's codes). */
function ruleParams(direction: Direction): Params {
  const peer = direction === "ingress" ? "Source" : "Dest";
  const fields = RULE_FIELDS.filter((f) => !/^(Source|Dest)Group/.test(f) || f.startsWith(`${peer}Group`));
  return Object.fromEntries(fields.map((f) => [f, f.endsWith("OwnerId") ? P.integer() : P.string()]));
}
const ruleRequest = (direction: Direction): Params => ({
  ...ruleParams(direction),
  Permissions: P.objects(ruleParams(direction), { maxItems: 100, doc: "rules in the newer list form (the official SDK's)" }),
});

function authorize(direction: Direction): Action {
  return action(
    {
      kind: "securitygroup",
      summary: `Adds ${direction} rules to a security group.`,
      params: { ...REGION_ID, SecurityGroupId: P.string({ required: true }), ...ruleRequest(direction), ClientToken: P.string() },
      notes: [
        "A rule that already exists is a no-op (retries are safe); all of a request's rules are added or none.",
        `At most ${MAX_RULES_PER_GROUP} rules per group, both directions together (AuthorizationLimitExceed, 403).`,
        "Port ranges: tcp/udp 1-65535 as start/end (\"22\" means 22/22); icmp, gre and all take -1/-1.",
      ],
    },
    (ctx) => {
      const region = ctx.region();
      const group = findGroup(ctx, region);
      const specs = readRuleSpecs(ctx.params);
      if (specs.length === 0) throw new ApiError("MissingParameter", `The input parameter "IpProtocol" (or Permissions.N.IpProtocol) that is mandatory for processing this request is not supplied.`, 400);
      authorizeRules(region, group, direction, specs, ctx.now(), () => newId("sgr"));
      return {};
    },
  );
}

function revoke(direction: Direction): Action {
  return action(
    {
      kind: "securitygroup",
      summary: `Removes ${direction} rules from a security group, by rule id or by their fields.`,
      params: { ...REGION_ID, SecurityGroupId: P.string({ required: true }), SecurityGroupRuleId: P.list({ maxItems: 100 }), ...ruleRequest(direction) },
      notes: ["Every named rule must exist (InvalidGroupAuthItem.NotFound 403, InvalidSecurityGroupRuleId.NotFound 404)."],
    },
    (ctx) => {
      const region = ctx.region();
      const group = findGroup(ctx, region);
      const ruleIds = ctx.params.list("SecurityGroupRuleId");
      const specs = readRuleSpecs(ctx.params);
      if (specs.length === 0 && ruleIds.length === 0)
        throw new ApiError("MissingParameter", `The input parameter "IpProtocol" (or Permissions.N.* or SecurityGroupRuleId.N) that is mandatory for processing this request is not supplied.`, 400);
      revokeRules(region, group, direction, specs, ruleIds);
      return {};
    },
  );
}

function modifyRule(direction: Direction): Action {
  return action(
    {
      kind: "securitygroup",
      summary: `Changes the description of an ${direction} rule, named by SecurityGroupRuleId or by its fields.`,
      params: { ...REGION_ID, SecurityGroupId: P.string({ required: true }), SecurityGroupRuleId: P.string(), ...ruleParams(direction) },
    },
    (ctx) => {
      const region = ctx.region();
      const group = findGroup(ctx, region);
      const p = ctx.params;
      const ruleId = p.str("SecurityGroupRuleId");
      modifyRuleDescription(region, group, direction, ruleId ? { ruleId, description: p.str("Description") } : { spec: readRuleSpecs(p)[0] });
      return {};
    },
  );
}

const NAME = nameParam("InvalidSecurityGroupName.Malformed");

export const securityGroupsActions: Record<string, Action> = {
  CreateSecurityGroup: action(
    {
      kind: "securitygroup",
      summary: "Creates a security group (in a VPC when VpcId is given, classic otherwise).",
      params: {
        ...REGION_ID,
        VpcId: P.string(),
        SecurityGroupName: NAME,
        Description: descriptionParam("InvalidDescription.Malformed"),
        SecurityGroupType: P.string({ values: ["normal", "enterprise"], default: "normal", invalid: { code: "InvalidSecurityGroupType.NotSupported" } }),
        ResourceGroupId: P.string(),
        ...TAG_PARAMS(),
        ClientToken: P.string(),
      },
      notes: [`At most ${PER_REGION.securityGroups} security groups per region (QuotaExceed.SecurityGroup, 403).`, "Enterprise groups start with InnerAccessPolicy Drop, normal ones with Accept."],
    },
    (ctx) => {
      const p = ctx.params;
      const group = createSecurityGroup(ctx, ctx.region(), {
        name: p.str("SecurityGroupName") ?? "",
        description: p.str("Description") ?? "",
        securityGroupType: p.str("SecurityGroupType") as "normal" | "enterprise",
        tags: p.tags("Tag"),
        resourceGroupId: p.str("ResourceGroupId"),
        vpcId: p.str("VpcId") ?? "",
      });
      return { SecurityGroupId: group.id };
    },
  ),

  DescribeSecurityGroups: action(
    {
      kind: "securitygroup",
      summary: "Lists security groups, by id descending (as the reference says).",
      params: {
        ...REGION_ID,
        SecurityGroupIds: P.jsonList({ maxItems: MAX_IDS_PER_CALL }),
        SecurityGroupId: P.string(),
        VpcId: P.string(),
        SecurityGroupName: P.string(),
        FuzzyQuery: P.boolean({ default: false }),
        SecurityGroupType: P.string({ values: ["normal", "enterprise"] }),
        NetworkType: P.string({ values: ["vpc", "classic"] }),
        ResourceGroupId: P.string(),
        ...TAG_PARAMS("Tag", "tag filter"),
        ...pageParams(50),
        ...tokenParams(100),
      },
    },
    (ctx) => {
      const p = ctx.params;
      const region = ctx.region();
      const ids = p.jsonList("SecurityGroupIds");
      const singleId = p.str("SecurityGroupId");
      const vpcId = p.str("VpcId");
      const name = p.str("SecurityGroupName");
      const fuzzy = p.bool("FuzzyQuery");
      const type = p.str("SecurityGroupType");
      const networkType = p.str("NetworkType");
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
          AvailableInstanceAmount: Math.max(0, GROUP_CAPACITY[g.securityGroupType] - members),
          RuleCount: g.rules.length,
          GroupToGroupRuleCount: g.rules.filter((r) => r.sourceGroupId || r.destGroupId).length,
          Tags: renderTags(g.tags),
        };
      };

      if (wantsTokenPaging(p)) {
        const page = paginateByToken(matching, p);
        return { RegionId: region.regionId, NextToken: page.NextToken, TotalCount: matching.length, SecurityGroups: { SecurityGroup: page.items.map(render) } };
      }
      const page = paginate(matching, p);
      return {
        RegionId: region.regionId,
        ...pageInfo(page),
        SecurityGroups: { SecurityGroup: page.items.map(render) },
      };
    },
  ),

  DescribeSecurityGroupAttribute: action(
    {
      kind: "securitygroup",
      summary: "A security group's attributes and rules.",
      params: {
        ...REGION_ID,
        SecurityGroupId: P.string({ required: true }),
        Direction: P.string({ values: ["all", "ingress", "egress"], default: "all" }),
        NicType: P.string({ values: ["internet", "intranet"] }),
        ...tokenParams(1000, 100),
      },
    },
    (ctx) => {
      const p = ctx.params;
      const region = ctx.region();
      const group = findGroup(ctx, region, true);
      const direction = p.str("Direction");
      const nicType = p.str("NicType");
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
        const page = paginateByToken(rules, p);
        shown = page.items;
        body.NextToken = page.NextToken;
      }
      body.Permissions = { Permission: shown.map((r) => renderPermission(r, region)) };
      return body;
    },
  ),

  DescribeSecurityGroupReferences: action(
    {
      kind: "securitygroup",
      summary: "For each group, the other groups whose rules reference it.",
      params: { ...REGION_ID, SecurityGroupId: P.list({ doc: "1 to 10 group ids" }) },
    },
    (ctx) => {
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
    },
  ),

  AuthorizeSecurityGroup: authorize("ingress"),
  AuthorizeSecurityGroupEgress: authorize("egress"),
  RevokeSecurityGroup: revoke("ingress"),
  RevokeSecurityGroupEgress: revoke("egress"),
  ModifySecurityGroupRule: modifyRule("ingress"),
  ModifySecurityGroupEgressRule: modifyRule("egress"),

  ModifySecurityGroupAttribute: action(
    {
      kind: "securitygroup",
      summary: "Renames a security group or changes its description.",
      params: { ...REGION_ID, SecurityGroupId: P.string({ required: true }), SecurityGroupName: NAME, Description: descriptionParam("InvalidSecurityGroupDiscription.Malformed") },
    },
    (ctx) => {
      const group = findGroup(ctx, ctx.region());
      const name = ctx.params.str("SecurityGroupName");
      const description = ctx.params.str("Description");
      if (name !== undefined) group.name = name;
      if (description !== undefined) group.description = description;
      return {};
    },
  ),

  ModifySecurityGroupPolicy: action(
    {
      kind: "securitygroup",
      summary: "Sets whether the group's members can reach each other (InnerAccessPolicy Accept or Drop).",
      params: {
        ...REGION_ID,
        SecurityGroupId: P.string({ required: true }),
        InnerAccessPolicy: P.string({ required: true, values: INNER_ACCESS_POLICIES, ignoreCase: true, invalid: { code: "InvalidPolicy.Malformed" }, missing: { code: "InvalidPolicy.Malformed" } }),
      },
    },
    (ctx) => {
      const group = findGroup(ctx, ctx.region());
      group.innerAccessPolicy = ctx.params.need("InnerAccessPolicy").toLowerCase() === "accept" ? "Accept" : "Drop";
      return {};
    },
  ),

  DeleteSecurityGroup: action(
    {
      kind: "securitygroup",
      summary: "Deletes a security group.",
      params: { ...REGION_ID, SecurityGroupId: P.string({ required: true }) },
      notes: ["A group with member instances, or referenced by another group's rules, is DependencyViolation (403)."],
    },
    (ctx) => {
      const region = ctx.region();
      deleteSecurityGroup(region, findGroup(ctx, region));
      return {};
    },
  ),
};

