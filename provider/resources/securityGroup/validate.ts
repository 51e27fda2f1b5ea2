/** check() for SecurityGroup: names, policy, tags and every rule (ruleChecks.ts). No API call. */
import type { SecurityGroupInputs } from "../../../sdk/types/securityGroup";
import { containsUnknown, ecsDescription, ecsName, ecsTags, oneOf, type Checker } from "../common";
import { MAX_RULES_PER_GROUP, checkRules } from "./ruleChecks";

export function validateSecurityGroup(c: Checker, n: SecurityGroupInputs): void {
  c.check("securityGroupName", n.securityGroupName, ecsName);
  c.check("description", n.description, ecsDescription);
  c.check("vpcId", n.vpcId, (v) => (typeof v === "string" && /^vpc-[A-Za-z0-9]+$/.test(v) ? undefined : "must be a VPC id like vpc-xxxx"));
  c.check("innerAccessPolicy", n.innerAccessPolicy, oneOf(["Accept", "Drop"]));
  c.check("tags", n.tags, ecsTags);
  // Only a VPC we know of makes "internet" impossible; a classic group (no vpcId) accepts both.
  const inVpc = typeof n.vpcId === "string" && n.vpcId !== "" && !containsUnknown(n.vpcId);
  checkRules(c, "ingress", n.ingress, inVpc);
  checkRules(c, "egress", n.egress, inVpc);
  const count = (Array.isArray(n.ingress) ? n.ingress.length : 0) + (Array.isArray(n.egress) ? n.egress.length : 0);
  if (count > MAX_RULES_PER_GROUP) c.fail("ingress", `ingress and egress together must have at most ${MAX_RULES_PER_GROUP} rules per security group (got ${count})`);
}
