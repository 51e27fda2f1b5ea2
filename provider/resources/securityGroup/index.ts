/** The SecurityGroup provider: CreateSecurityGroup (ClientToken) → ModifySecurityGroupPolicy →
 *  one Authorize(Egress) per rule → one read back. Every property fact is in ./spec.ts; here only
 *  what is the group's own: its rules as a set (rules.ts: update authorizes and revokes only the
 *  difference), their cross-field checks (ruleChecks.ts), and a delete that waits out
 *  DependencyViolation until the delete deadline. */
import { jsonArray } from "../../client";
import { createParams } from "../../spec/wire";
import { containsUnknown } from "../../spec/unknown";
import type { SecurityGroupInputs, SecurityGroupOutputs } from "../../types/securityGroup";
import { poller, waitForStatus } from "../../wait";
import { CREATING, createOnce, defineResource, withCreatingOwnerTag, type HiddenInputs, type OpContext } from "../common";
import { applyRulePlan, deleteGroup, describeGroup, desiredRules, groupRecord, readBack } from "./ecs";
import { checkAllRules } from "./ruleChecks";
import { planRuleChanges } from "./rules";
import { securityGroupSpec } from "./spec";

export const SECURITY_GROUP_KIND = securityGroupSpec.kind;
/** A group has no status of its own: "Available" means "listed by DescribeSecurityGroups". */
const AVAILABLE = "Available";

type Ins = SecurityGroupInputs & HiddenInputs;
type Outs = SecurityGroupOutputs & HiddenInputs;

const timeoutText = (ctx: OpContext): string => `${Math.round((ctx.deadline - poller().now()) / 1000)}s`;

export const securityGroupProvider = defineResource<typeof securityGroupSpec, Ins, Outs>(securityGroupSpec, {
  poll: {
    batchSize: 50, // DescribeSecurityGroups pages at most 50
    async describe(client, region, ids) {
      const res = await client.call<{ SecurityGroups?: { SecurityGroup?: (Record<string, unknown> & { SecurityGroupId: string })[] } }>("DescribeSecurityGroups", { RegionId: region, SecurityGroupIds: jsonArray(ids), PageSize: 50 });
      // The record rides along: a read takes the tags from it (describeBatched).
      return new Map((res.SecurityGroups?.SecurityGroup ?? []).map((g) => [g.SecurityGroupId, { status: AVAILABLE, data: g }]));
    },
  },

  // ECS reports every input of a group, rules included: the import option compares them all.

  validate(c, n) {
    // Only a VPC we know of makes "internet" impossible; a classic group (no vpcId) accepts both.
    const inVpc = typeof n.vpcId === "string" && n.vpcId !== "" && !containsUnknown(n.vpcId);
    checkAllRules(c, n.ingress, n.egress, inVpc);
  },

  updaters: {
    async rules(ctx, { id, olds, news }) {
      await applyRulePlan(ctx, id, planRuleChanges(desiredRules(olds.ingress, olds.egress), desiredRules(news.ingress, news.egress)));
    },
  },

  async create(ctx, n) {
    const params = { RegionId: ctx.region, ...createParams(securityGroupSpec.inputs, { ...n, tags: withCreatingOwnerTag(SECURITY_GROUP_KIND, n.tags, n) } as unknown as Record<string, unknown>) };
    const id = await createOnce<string>(ctx, securityGroupSpec, n, {
      send: async (token) => (await ctx.client.call<{ SecurityGroupId: string }>("CreateSecurityGroup", { ...params, ClientToken: token })).SecurityGroupId,
      settle: async (got) => {
        await waitForStatus({ kind: SECURITY_GROUP_KIND, region: ctx.region, id: got, target: [AVAILABLE], deadline: ctx.deadline, label: ctx.label, graceMs: CREATING });
        return got;
      },
    });
    if (n.innerAccessPolicy === "Drop") await ctx.client.call("ModifySecurityGroupPolicy", { RegionId: ctx.region, SecurityGroupId: id, InnerAccessPolicy: "Drop" });
    const want = desiredRules(n.ingress, n.egress);
    await applyRulePlan(ctx, id, planRuleChanges([], want));
    return { id, record: groupRecord(await readBack(ctx, id, want)) };
  },

  async describe(ctx, id) {
    const view = await describeGroup(ctx.client, ctx.region, id);
    return view && groupRecord(view);
  },

  async delete(ctx, id) {
    await deleteGroup(ctx, id, timeoutText(ctx));
  },
});
