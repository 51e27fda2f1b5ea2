/** check() rules for security group rules, from the AuthorizeSecurityGroup(Egress) reference:
 *  protocol, port range per protocol, CIDR syntax, priority 1–100, policy, NIC type, description,
 *  exactly one of a CIDR or a peer group, no duplicates, at most 100 rules per group. */
import { isIPv4, isIPv6 } from "node:net";
import type { Checker } from "../../spec/check";
import { MAX_RULES_PER_GROUP, PORTLESS_PROTOCOLS, RULE_DESCRIPTION, RULE_POLICIES, RULE_PRIORITY, RULE_PROTOCOLS as PROTOCOLS, NIC_TYPES } from "../../spec/limits";
import { containsUnknown, isUnknown } from "../../spec/unknown";
import { canonicalRule, ruleIdentity, type Direction, type RuleArgs } from "./rules";

/** IPv4 only: the reference's SourceCidrIp/DestCidrIp take "CIDR and IPv4 format" only. */
export function checkCidr(cidr: string): string | undefined {
  const [address = "", prefix, ...rest] = cidr.trim().split("/");
  if (rest.length) return `"${cidr}" is not a CIDR block (more than one "/")`;
  if (isIPv6(address)) return `"${cidr}" is an IPv6 block; the ECS API version this provider uses accepts IPv4 CIDR blocks only`;
  if (!isIPv4(address)) return `"${cidr}" is not an IPv4 address or CIDR block (e.g. 10.0.0.0/8 or 203.0.113.7)`;
  if (prefix !== undefined && (!/^\d{1,2}$/.test(prefix) || Number(prefix) > 32)) return `the prefix length of "${cidr}" must be 0-32`;
  return undefined;
}

export function checkPortRange(protocol: string, portRange: string | undefined): string | undefined {
  if (PORTLESS_PROTOCOLS.has(protocol)) {
    const text = (portRange ?? "-1/-1").replace(/\s+/g, "");
    return text === "-1/-1" || text === "-1" ? undefined : `must be "-1/-1" for protocol ${protocol} (got "${portRange}")`;
  }
  if (portRange === undefined || portRange.trim() === "") return `is required for protocol ${protocol}, as "from/to" (e.g. "22/22" or "8000/8080")`;
  const m = /^(\d{1,5})(?:\/(\d{1,5}))?$/.exec(portRange.replace(/\s+/g, ""));
  if (!m) return `"${portRange}" is not a port range: write "from/to" (e.g. "22/22") or a single port`;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (from < 1 || to > 65535) return `ports must be within 1–65535 for protocol ${protocol} (got "${portRange}")`;
  if (from > to) return `the first port must not exceed the second (got "${portRange}"; write "${to}/${from}")`;
  return undefined;
}

/** The rules of both directions: each rule, and the per-group cap. `vpc`: the group is known to
 *  live in a VPC, where every rule's NIC type is intranet (a classic group accepts both). */
export function checkAllRules(c: Checker, ingress: unknown, egress: unknown, vpc: boolean): void {
  checkRules(c, "ingress", ingress, vpc);
  checkRules(c, "egress", egress, vpc);
  const count = (Array.isArray(ingress) ? ingress.length : 0) + (Array.isArray(egress) ? egress.length : 0);
  if (count > MAX_RULES_PER_GROUP) c.fail("ingress", `ingress and egress together must have at most ${MAX_RULES_PER_GROUP} rules per security group (got ${count})`);
}

/** Checks one direction's rules (property "ingress" or "egress"). `vpc` is true when the group
 *  is known to live in a VPC, where every rule's NIC type is intranet. */
export function checkRules(c: Checker, direction: Direction, rules: unknown, vpc: boolean): void {
  if (rules === undefined || rules === null || isUnknown(rules)) return;
  if (!Array.isArray(rules)) return c.fail(direction, "must be a list of rules");
  const seen = new Map<string, number>();
  const side = direction === "ingress" ? "source" : "dest";
  (rules as RuleArgs[]).forEach((rule, i) => {
    const fail = (field: string, reason: string) => c.fail(`${direction}[${i}].${field}`, reason);
    if (isUnknown(rule)) return;
    if (typeof rule !== "object" || rule === null) return c.fail(`${direction}[${i}]`, "must be a rule object");
    const protocolKnown = !isUnknown(rule.ipProtocol);
    const protocol = String(rule.ipProtocol ?? "").trim().toLowerCase();
    if (protocolKnown && !(PROTOCOLS as readonly string[]).includes(protocol))
      fail("ipProtocol", `must be one of ${PROTOCOLS.join(", ")} (got "${rule.ipProtocol ?? ""}")`);
    if (protocolKnown && !isUnknown(rule.portRange)) {
      const problem = (PROTOCOLS as readonly string[]).includes(protocol) ? checkPortRange(protocol, rule.portRange) : undefined;
      if (problem) fail("portRange", problem);
    }
    const cidr = direction === "ingress" ? rule.sourceCidrIp : rule.destCidrIp;
    const group = direction === "ingress" ? rule.sourceGroupId : rule.destGroupId;
    if (!isUnknown(cidr) && !isUnknown(group)) {
      if (!cidr && !group) fail(`${side}CidrIp`, `is required unless ${side}GroupId is set (a rule grants exactly one of them)`);
      if (cidr && group) fail(`${side}GroupId`, `must not be set together with ${side}CidrIp: a rule grants either a CIDR block or a security group`);
    }
    if (cidr && !isUnknown(cidr)) {
      const problem = checkCidr(cidr);
      if (problem) fail(`${side}CidrIp`, problem);
    }
    if (group && !isUnknown(group) && !/^sg-[A-Za-z0-9]+$/.test(group)) fail(`${side}GroupId`, `must be a security group id like sg-xxxx (got "${group}")`);
    if (rule.policy !== undefined && !isUnknown(rule.policy) && !(RULE_POLICIES as readonly string[]).includes(String(rule.policy).toLowerCase()))
      fail("policy", `must be ${RULE_POLICIES.map((p) => `"${p}"`).join(" or ")} (got "${rule.policy}")`);
    if (rule.priority !== undefined && !isUnknown(rule.priority)) {
      const p = Number(rule.priority);
      if (!Number.isInteger(p) || p < RULE_PRIORITY.min || p > RULE_PRIORITY.max) fail("priority", `must be an integer from ${RULE_PRIORITY.min} to ${RULE_PRIORITY.max} (got ${JSON.stringify(rule.priority)})`);
    }
    if (rule.nicType !== undefined && !isUnknown(rule.nicType)) {
      const nic = String(rule.nicType).toLowerCase();
      if (!(NIC_TYPES as readonly string[]).includes(nic)) fail("nicType", `must be ${NIC_TYPES.map((n) => `"${n}"`).join(" or ")} (got "${rule.nicType}")`);
      else if (vpc && nic === "internet") fail("nicType", 'must be "intranet" in a VPC security group (ECS stores every VPC rule as intranet)');
    }
    if (rule.description !== undefined && !isUnknown(rule.description)) {
      if (rule.description.length > RULE_DESCRIPTION.max) fail("description", `must be at most ${RULE_DESCRIPTION.max} characters (got ${rule.description.length})`);
      if (/^https?:\/\//i.test(rule.description)) fail("description", "must not start with http:// or https://");
    }
    if (!containsUnknown(rule)) {
      const identity = ruleIdentity(canonicalRule(direction, rule));
      const first = seen.get(identity);
      if (first !== undefined)
        c.fail(`${direction}[${i}]`, `duplicates ${direction}[${first}]: ECS keeps one rule per protocol, port range, peer, policy, priority and NIC type`);
      else seen.set(identity, i);
    }
  });
}
