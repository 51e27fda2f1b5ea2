/** The ECS side of a security group: reading it back (one DescribeSecurityGroupAttribute for
 *  all of its rules, its tags from a batched DescribeSecurityGroups), applying a rule plan, and
 *  deleting it while its dependants drain. */
import { isEcsError, type EcsClient } from "../../client";
import { deleteWhileInUse, isNotFound, remainingMs, StillInUseError, tagsFromResponse, type OpContext, type Tags } from "../common";
import { canonicalRules, ruleFromApi, ruleKey, ruleParams, sortRules, type ApiPermission, type CanonicalRule, type RuleArgs, type RulePlan } from "./rules";
import { describeBatched, poller } from "../../wait";
import { securityGroupSpec } from "./spec";
import { ruleToState } from "./rules";

export interface GroupView {
  securityGroupId: string;
  securityGroupName?: string;
  description?: string;
  vpcId: string;
  innerAccessPolicy: "Accept" | "Drop";
  rules: CanonicalRule[];
  tags: Tags;
}

interface AttributeAnswer {
  SecurityGroupId?: string;
  SecurityGroupName?: string;
  Description?: string;
  VpcId?: string;
  InnerAccessPolicy?: string;
  Permissions?: { Permission?: ApiPermission[] };
}

const nonEmpty = (s: string | undefined): string | undefined => (s ? s : undefined);

/** The group as ECS reports it, or undefined when it does not exist. */
export async function describeGroup(client: EcsClient, region: string, id: string): Promise<GroupView | undefined> {
  const attribute = async (): Promise<AttributeAnswer | undefined> => {
    try {
      return await client.call<AttributeAnswer>("DescribeSecurityGroupAttribute", { RegionId: region, SecurityGroupId: id, Direction: "all" });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  };
  // The rules take one DescribeSecurityGroupAttribute per group (the floor); the tags come from
  // DescribeSecurityGroups, batched with every other group read in flight (50 per call).
  const [attr, group] = await Promise.all([attribute(), describeBatched(securityGroupSpec.kind, region, id)]);
  if (!attr) return undefined;
  return {
    securityGroupId: id,
    securityGroupName: nonEmpty(attr.SecurityGroupName),
    description: nonEmpty(attr.Description),
    vpcId: attr.VpcId ?? "",
    innerAccessPolicy: (attr.InnerAccessPolicy ?? "Accept").toLowerCase() === "drop" ? "Drop" : "Accept",
    rules: sortRules((attr.Permissions?.Permission ?? []).map(ruleFromApi)),
    tags: group ? tagsFromResponse(group) : {},
  };
}

const authorizeAction = (r: CanonicalRule): string => (r.direction === "ingress" ? "AuthorizeSecurityGroup" : "AuthorizeSecurityGroupEgress");
const revokeAction = (r: CanonicalRule): string => (r.direction === "ingress" ? "RevokeSecurityGroup" : "RevokeSecurityGroupEgress");

/** Rule calls run within the operation's deadline; how they are repeated is the action table's
 *  (Authorize of an existing rule and Revoke of a missing one are no-ops). */
const callOpts = (ctx: OpContext) => ({ deadlineMs: remainingMs(ctx) });

async function authorize(ctx: OpContext, id: string, rule: CanonicalRule): Promise<void> {
  await ctx.client.call(authorizeAction(rule), { RegionId: ctx.region, SecurityGroupId: id, ...ruleParams(rule, true) }, callOpts(ctx));
}

async function revoke(ctx: OpContext, id: string, rule: CanonicalRule): Promise<void> {
  // A rule already gone is the client's AlreadyDone (the action table's InvalidGroupAuthItem.NotFound).
  await ctx.client.call(revokeAction(rule), { RegionId: ctx.region, SecurityGroupId: id, ...ruleParams(rule, false) }, callOpts(ctx));
}

/** A change of description only: ModifySecurityGroupRule / ModifySecurityGroupEgressRule edit it in place. */
async function redescribe(ctx: OpContext, id: string, rule: CanonicalRule): Promise<void> {
  const action = rule.direction === "ingress" ? "ModifySecurityGroupRule" : "ModifySecurityGroupEgressRule";
  await ctx.client.call(action, { RegionId: ctx.region, SecurityGroupId: id, ...ruleParams(rule, false), Description: rule.description }, callOpts(ctx));
}

/** Applies a plan: new rules first, then removals, then description changes, so that access the
 *  program keeps is never interrupted. One call per rule: the reference's Authorize takes one. */
export async function applyRulePlan(ctx: OpContext, id: string, plan: RulePlan): Promise<void> {
  for (const r of plan.authorizeFirst) await authorize(ctx, id, r);
  for (const r of plan.revoke) await revoke(ctx, id, r);
  for (const r of plan.describe) await redescribe(ctx, id, r);
}

/** Reads the group back after a change. ECS can lag behind a burst of Authorize calls, so a rule
 *  just applied that is not listed yet is asked for again (a few times, with backoff) instead
 *  of being reported as absent; a rule still missing after that is reported as it is. */
export async function readBack(ctx: OpContext, id: string, expected: readonly CanonicalRule[]): Promise<GroupView> {
  const want = new Set(expected.map(ruleKey));
  for (let attempt = 0; ; attempt++) {
    const view = await describeGroup(ctx.client, ctx.region, id);
    if (!view) throw new Error(`security group ${id} no longer exists`);
    const have = new Set(view.rules.map(ruleKey));
    const missing = [...want].filter((k) => !have.has(k));
    if (missing.length === 0 || attempt >= 4 || poller().now() > ctx.deadline) return view;
    await poller().sleep(200 * 2 ** attempt);
  }
}

/** Both directions of a desired state, canonical. */
export function desiredRules(ingress: readonly RuleArgs[] | undefined, egress: readonly RuleArgs[] | undefined): CanonicalRule[] {
  return [...canonicalRules("ingress", ingress), ...canonicalRules("egress", egress)];
}

/** DeleteSecurityGroup, retrying DependencyViolation (instances being released, rules of other
 *  groups being revoked) until the delete deadline; not found is success. */
export async function deleteGroup(ctx: OpContext, id: string, timeoutText: string): Promise<void> {
  try {
    await deleteWhileInUse(ctx, "DeleteSecurityGroup", { RegionId: ctx.region, SecurityGroupId: id }, `the dependants of security group ${id} to go`);
  } catch (err) {
    if (isNotFound(err)) return;
    if (err instanceof StillInUseError && isEcsError(err.last, "DependencyViolation")) {
      throw new Error(
        `security group ${id} is still in use after waiting ${timeoutText} for its dependants to go: ${err.last.ecsMessage} ` +
          `(DependencyViolation, RequestId ${err.last.requestId ?? "?"}; ${err.attempts} attempt(s)). Remove the instances from the group (or delete them) and ` +
          `the rules of other groups that reference it, or raise timeouts.delete, then run the command again.`,
        { cause: err.last },
      );
    }
    throw err instanceof StillInUseError ? err.last : err;
  }
}

/** The record the spec reads: the group's attributes, its rules in state form per direction, its tags. */
export function groupRecord(v: GroupView): Record<string, unknown> {
  const rules = (direction: "ingress" | "egress") => v.rules.filter((r) => r.direction === direction).map(ruleToState);
  return { ...v, ingress: rules("ingress"), egress: rules("egress"), Tags: v.tags };
}
