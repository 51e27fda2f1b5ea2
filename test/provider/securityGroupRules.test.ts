/** The canonical form of security group rules and the change plan (pure functions; the HTTP
 *  behaviour is in securityGroup.test.ts). */
import { canonicalPortRange, canonicalRule, canonicalRules, planRuleChanges, ruleFromApi, sameRuleSet } from "../../provider/resources/securityGroup/rules";

test("spellings ECS accepts for the same rule are one canonical rule", () => {
  expect(canonicalPortRange("tcp", "22")).toBe("22/22");
  expect(canonicalPortRange("tcp", " 08/0080 ")).toBe("8/80");
  expect(canonicalPortRange("icmp", undefined)).toBe("-1/-1");
  expect(canonicalPortRange("all", "-1")).toBe("-1/-1");
  const written = canonicalRule("ingress", { ipProtocol: "TCP", portRange: "22", sourceCidrIp: "203.0.113.7" });
  const fromApi = ruleFromApi({ Direction: "ingress", IpProtocol: "TCP", PortRange: "22/22", SourceCidrIp: "203.0.113.7/32", Policy: "Accept", Priority: "1", NicType: "intranet", Description: "" });
  expect(written).toEqual(fromApi);
  expect(written).toEqual({ direction: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "203.0.113.7/32", policy: "accept", priority: 1, nicType: "intranet", description: "" });
});

test("rule lists compare as sets", () => {
  const a = canonicalRules("egress", [{ ipProtocol: "all", destCidrIp: "0.0.0.0/0" }, { ipProtocol: "udp", portRange: "53", destCidrIp: "10.0.0.2" }]);
  const b = canonicalRules("egress", [{ ipProtocol: "UDP", portRange: "53/53", destCidrIp: "10.0.0.2/32", priority: 1 }, { ipProtocol: "ALL", portRange: "-1/-1", destCidrIp: "0.0.0.0/0", policy: "Accept" }]);
  expect(sameRuleSet(a, b)).toBe(true);
  expect(sameRuleSet(a, b.slice(1))).toBe(false);
  expect(sameRuleSet(a, canonicalRules("ingress", [{ ipProtocol: "all", sourceCidrIp: "0.0.0.0/0" }, { ipProtocol: "udp", portRange: "53", sourceCidrIp: "10.0.0.2" }]))).toBe(false);
});

test("the plan adds new rules before revoking old ones and edits description-only changes in place", () => {
  const ssh = { ipProtocol: "tcp", portRange: "22", sourceCidrIp: "10.0.0.0/8" };
  const current = canonicalRules("ingress", [ssh, { ipProtocol: "tcp", portRange: "80", sourceCidrIp: "0.0.0.0/0" }]);
  const desired = canonicalRules("ingress", [{ ...ssh, description: "admins" }, { ipProtocol: "tcp", portRange: "443", sourceCidrIp: "0.0.0.0/0" }]);
  const plan = planRuleChanges(current, desired);
  expect(plan.authorizeFirst.map((r) => r.portRange)).toEqual(["443/443"]);
  expect(plan.revoke.map((r) => r.portRange)).toEqual(["80/80"]);
  expect(plan.describe).toEqual([expect.objectContaining({ portRange: "22/22", description: "admins" })]);
  expect(planRuleChanges(desired, [...desired].reverse())).toEqual({ authorizeFirst: [], revoke: [], describe: [] });
});
