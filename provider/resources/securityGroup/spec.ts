/** SecurityGroup: every property fact, once. Read from the group's view (securityGroup/ecs.ts:
 *  DescribeSecurityGroupAttribute for its rules and policy, DescribeSecurityGroups for its tags).
 *  The rules' cross-field checks (port range per protocol, CIDR or peer group, duplicates, the
 *  VPC's NIC type, the per-group cap) are in ./ruleChecks.ts; their canonical form in ./rules.ts. */
import { call, field, out, prop, regionProp, replaces, resource, t, tagsProp, timeoutsProp, via } from "../../spec/build";
import { custom } from "../../spec/equivalence";
import * as limits from "../../spec/limits";
import { ecsDescription, ecsName, idOf, oneOf } from "../../spec/rules";
import { canonicalRule, ruleKey, RULE_DEFAULTS, type Direction, type RuleArgs } from "./rules";

const TIMEOUTS = { create: "5m", update: "5m", delete: "10m" } as const;

const SIDE = { ingress: { word: "Source", prop: "source" }, egress: { word: "Destination", prop: "dest" } } as const;

function ruleType(direction: Direction) {
  const side = SIDE[direction];
  const name = direction === "ingress" ? "SecurityGroupIngressRule" : "SecurityGroupEgressRule";
  const doc =
    direction === "ingress"
      ? `An inbound rule (AuthorizeSecurityGroup). Set exactly one of sourceCidrIp and sourceGroupId. Rules are a set: their order and spelling ("22" vs "22/22", "TCP" vs "tcp", an omitted default) never make a diff.`
      : "An outbound rule (AuthorizeSecurityGroupEgress). Set exactly one of destCidrIp and destGroupId. Rules are a set, as for ingress.";
  return t.object(name, doc, {
    ipProtocol: field(t.string, { doc: `Protocol: ${limits.RULE_PROTOCOLS.join(", ")} (case-insensitive).`, required: true }),
    portRange: field(t.string, {
      doc: `Destination port range "from/to" (1-65535, e.g. "22/22" or "8000/8080"; a single port "22" is the same as "22/22"). Must be "-1/-1" (or omitted) for ${[...limits.PORTLESS_PROTOCOLS].join(", ")}.`,
    }),
    [`${side.prop}CidrIp`]: field(t.string, { doc: `${side.word} IPv4 address or CIDR block (a bare address means /32).` }),
    [`${side.prop}GroupId`]: field(t.string, { doc: `${side.word} security group (same VPC).` }),
    policy: field(t.string, { doc: `${limits.RULE_POLICIES.join(" or ")} (default ${RULE_DEFAULTS.policy}).` }),
    priority: field(t.integer, { doc: `Priority ${limits.RULE_PRIORITY.min}-${limits.RULE_PRIORITY.max}, smaller first (default ${RULE_DEFAULTS.priority}).` }),
    nicType: field(t.string, {
      doc: "intranet (default; the only value a VPC group accepts) or internet (classic network only). In a classic-network group write internet for a rule on the public NIC: ECS's own default there is internet, this provider's stays intranet so that a rule means the same in every group.",
    }),
    description: field(t.string, { doc: `Rule description, at most ${limits.RULE_DESCRIPTION.max} characters.` }),
  });
}

/** Rules compare as canonical sets: order, "22" vs "22/22", case and omitted defaults never diff. */
const ruleSet = (direction: Direction) =>
  custom('a set of rules: order, case, "22" = "22/22", a bare address = its /32 and omitted defaults make no difference', (rule) =>
    ruleKey(canonicalRule(direction, rule as RuleArgs)),
  );

const rulesProp = (direction: Direction) =>
  prop(t.list(ruleType(direction), { unordered: true }), {
    doc:
      direction === "ingress"
        ? `Inbound rules, as a set: an update authorizes and revokes only the rules that changed. Rules added outside Pulumi show as drift on refresh and are revoked by the next update. At most ${limits.MAX_RULES_PER_GROUP} rules per group (both directions).`
        : "Outbound rules, as a set (see ingress).",
    change: via("rules"),
    alwaysReported: true,
    equal: ruleSet(direction),
    wire: { read: (g) => g[direction] },
  });

export const securityGroupSpec = resource({
  kind: "SecurityGroup",
  noun: "security group",
  doc: "An ECS security group (CreateSecurityGroup) with its inbound and outbound rules. Name, description, inner access policy, rules and tags change in place; the VPC and region replace it.",
  idParam: "SecurityGroupId",
  idExample: "sg-bp1abc…",
  listByTag: { action: "DescribeSecurityGroups", tagParam: "Tag", list: ["SecurityGroups", "SecurityGroup"], idKey: "SecurityGroupId" },
  tagResourceType: "securitygroup",
  timeouts: TIMEOUTS,
  inputs: {
    region: regionProp("security group"),
    vpcId: prop(t.string, {
      doc: "VPC of the group (omitted: a classic-network group, where the region still offers classic networking). In a VPC group every rule's nicType is intranet.",
      change: replaces,
      computed: true,
      alwaysReported: true,
      rules: [idOf("vpc", "a VPC")],
      lookup: "vpc",
      wire: { create: "VpcId", read: "vpcId" },
    }),
    securityGroupName: prop(t.string, {
      doc: "Name: 2-128 characters, starts with a letter (or a Chinese character); letters, digits, '.', ':', '_' and '-'; no http:// or https:// prefix.",
      change: call("ModifySecurityGroupAttribute", "SecurityGroupName"),
      computed: true,
      rules: [ecsName],
      autoName: true,
      wire: { create: "SecurityGroupName", read: "securityGroupName" },
    }),
    description: prop(t.string, {
      doc: "Description: 2-256 characters, no http:// or https:// prefix.",
      change: call("ModifySecurityGroupAttribute", "Description"),
      computed: true,
      rules: [ecsDescription],
      wire: { create: "Description", read: "description" },
    }),
    innerAccessPolicy: prop(t.string, {
      doc: "Traffic between instances of the group: Accept or Drop (ModifySecurityGroupPolicy).",
      change: call("ModifySecurityGroupPolicy", "InnerAccessPolicy"),
      default: "Accept",
      rules: [oneOf(limits.INNER_ACCESS_POLICIES)],
      wire: { read: "innerAccessPolicy" },
    }),
    ingress: rulesProp("ingress"),
    egress: rulesProp("egress"),
    tags: tagsProp(),
    timeouts: timeoutsProp(TIMEOUTS, "delete retries DependencyViolation while instances and referencing rules drain"),
  },
  outputs: {
    securityGroupId: out(t.string, "The security group ID.", { wire: { read: "securityGroupId" } }),
  },
});
