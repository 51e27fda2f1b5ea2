/** The SecurityGroup provider: CreateSecurityGroup (ClientToken) → ModifySecurityGroupPolicy →
 *  one Authorize(Egress) per rule → one read back. Rules are a set (rules.ts): diff compares
 *  canonical forms, update authorizes and revokes only the difference. Name and description
 *  change with ModifySecurityGroupAttribute, tags with AddTags/RemoveTags. Delete retries
 *  DependencyViolation until the delete deadline. Replacing properties: schema.json. */
import type { SecurityGroupInputs, SecurityGroupOutputs } from "../../../sdk/types/securityGroup";
import { poller, waitForStatus } from "../../wait";
import { applyTags, containsUnknown, createIdempotently, defineResource, dropUndefined, tagsToParams, type HiddenInputs, type OpContext, type TimeoutDefaults } from "../common";
import { applyRulePlan, deleteGroup, describeGroup, desiredRules, readBack, type GroupView } from "./ecs";
import { AVAILABLE, SECURITY_GROUP_KIND } from "./poll";
import { canonicalRules, planRuleChanges, ruleToState, sameRuleSet } from "./rules";
import { validateSecurityGroup } from "./validate";

/** Documented in schema.json (SecurityGroup.timeouts). */
export const SECURITY_GROUP_TIMEOUTS: TimeoutDefaults = { create: "5m", update: "5m", delete: "10m" };

type Ins = SecurityGroupInputs & HiddenInputs;
type Outs = SecurityGroupOutputs & HiddenInputs;

/** The group as state: the user's property names, rules in canonical form and stable order. */
function toState(region: string, v: GroupView, prior: Partial<Outs>): { outs: Outs; inputs: Ins } {
  const ingress = v.rules.filter((r) => r.direction === "ingress").map(ruleToState);
  const egress = v.rules.filter((r) => r.direction === "egress").map(ruleToState);
  const inputs: Ins = {
    region,
    vpcId: v.vpcId || undefined,
    securityGroupName: v.securityGroupName,
    description: v.description,
    innerAccessPolicy: v.innerAccessPolicy,
    ingress,
    egress,
    tags: Object.keys(v.tags).length ? v.tags : undefined,
    ...(prior.timeouts ? { timeouts: prior.timeouts } : {}),
  };
  const outs = { ...inputs, securityGroupId: v.securityGroupId, vpcId: v.vpcId, ingress, egress } as Outs;
  return { outs: dropUndefined(outs), inputs: dropUndefined(inputs) };
}

const timeoutText = (ctx: OpContext): string => `${Math.round((ctx.deadline - poller().now()) / 1000)}s`;

export const securityGroupProvider = defineResource<Ins, Outs>({
  kind: SECURITY_GROUP_KIND,
  timeouts: SECURITY_GROUP_TIMEOUTS,
  hints: { computed: ["vpcId", "timeouts"] },

  validate: (c, news) => validateSecurityGroup(c, news),

  /** Rules compare as canonical sets: order, "22" vs "22/22", case and omitted defaults never diff. */
  refineDiff(olds, news, d) {
    const changed = d.changed.filter((p) => p !== "ingress" && p !== "egress");
    for (const dir of ["ingress", "egress"] as const) {
      if (containsUnknown(news[dir]) || !sameRuleSet(canonicalRules(dir, olds[dir]), canonicalRules(dir, news[dir]))) changed.push(dir);
    }
    return { changed, replaces: d.replaces };
  },

  async create(ctx, n) {
    const params = {
      RegionId: ctx.region,
      VpcId: n.vpcId,
      SecurityGroupName: n.securityGroupName,
      Description: n.description,
      Tag: n.tags ? tagsToParams(n.tags) : undefined,
    };
    const id = await createIdempotently<string>(
      SECURITY_GROUP_KIND,
      n,
      params,
      async (token) => (await ctx.client.call<{ SecurityGroupId: string }>("CreateSecurityGroup", { ...params, ClientToken: token })).SecurityGroupId,
      async (got) => {
        await waitForStatus({ kind: SECURITY_GROUP_KIND, region: ctx.region, id: got, target: [AVAILABLE], deadline: ctx.deadline, label: ctx.label });
        return got;
      },
    );
    if (n.innerAccessPolicy === "Drop") await ctx.client.call("ModifySecurityGroupPolicy", { RegionId: ctx.region, SecurityGroupId: id, InnerAccessPolicy: "Drop" }, { idempotent: true });
    const want = desiredRules(n.ingress, n.egress);
    await applyRulePlan(ctx, id, planRuleChanges([], want));
    return { id, outs: toState(ctx.region, await readBack(ctx, id, want), n).outs };
  },

  async read(ctx, id, prior) {
    const view = await describeGroup(ctx.client, ctx.region, id);
    return view && toState(ctx.region, view, prior);
  },

  async update(ctx, id, olds, n, changed) {
    const has = (p: keyof Ins): boolean => changed.includes(p);
    if (has("securityGroupName") || has("description")) {
      await ctx.client.call(
        "ModifySecurityGroupAttribute",
        { RegionId: ctx.region, SecurityGroupId: id, SecurityGroupName: n.securityGroupName, Description: n.description ?? "" },
        { idempotent: true },
      );
    }
    if (has("innerAccessPolicy")) {
      await ctx.client.call("ModifySecurityGroupPolicy", { RegionId: ctx.region, SecurityGroupId: id, InnerAccessPolicy: n.innerAccessPolicy ?? "Accept" }, { idempotent: true });
    }
    const want = desiredRules(n.ingress, n.egress);
    if (has("ingress") || has("egress")) await applyRulePlan(ctx, id, planRuleChanges(desiredRules(olds.ingress, olds.egress), want));
    if (has("tags")) await applyTags(ctx.client, ctx.region, "securitygroup", id, olds.tags, n.tags);
    return toState(ctx.region, await readBack(ctx, id, want), n).outs;
  },

  async delete(ctx, id) {
    await deleteGroup(ctx, id, timeoutText(ctx));
  },
});
