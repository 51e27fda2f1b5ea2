/** Security group rules as a set: one canonical form, so that the order in which the user lists
 *  rules and the many spellings ECS accepts ("22" vs "22/22", "TCP" vs "tcp", an omitted
 *  priority vs 1) never produce a diff, and an update touches only the rules that really changed. */
import type { Params } from "../../client/params";
import { PORTLESS_PROTOCOLS } from "../../spec/limits";

export type Direction = "ingress" | "egress";

/** A rule as the user writes it (ingress uses source*, egress dest*). */
export interface RuleArgs {
  ipProtocol: string;
  portRange?: string;
  sourceCidrIp?: string;
  sourceGroupId?: string;
  destCidrIp?: string;
  destGroupId?: string;
  policy?: string;
  priority?: number | string;
  nicType?: string;
  description?: string;
}

/** A rule in canonical form: every default filled in, every spelling normalised. */
export interface CanonicalRule {
  direction: Direction;
  ipProtocol: string; // lower case
  portRange: string; // always "from/to"
  cidrIp?: string; // IPv4 with a prefix length
  groupId?: string;
  policy: "accept" | "drop";
  priority: number;
  nicType: "intranet" | "internet";
  description: string;
}

export const RULE_DEFAULTS = { policy: "accept", priority: 1, nicType: "intranet" } as const;

const trimmed = (s: string | undefined): string | undefined => {
  const t = s?.trim();
  return t ? t : undefined;
};

/** "22" → "22/22"; portless protocols always "-1/-1". Leaves malformed text alone (check reports it). */
export function canonicalPortRange(protocol: string, portRange: string | undefined): string {
  if (PORTLESS_PROTOCOLS.has(protocol)) return "-1/-1";
  const text = (portRange ?? "").replace(/\s+/g, "");
  return /^\d+$/.test(text) ? `${Number(text)}/${Number(text)}` : text.replace(/^(\d+)\/(\d+)$/, (_, a: string, b: string) => `${Number(a)}/${Number(b)}`);
}

/** A bare IPv4 address is the /32 block (ECS accepts both spellings). */
export function canonicalCidr(cidr: string): string {
  const [address = "", prefix] = cidr.trim().split("/");
  return `${address}/${prefix ?? "32"}`;
}

export function canonicalRule(direction: Direction, rule: RuleArgs): CanonicalRule {
  const ipProtocol = String(rule.ipProtocol ?? "").trim().toLowerCase();
  const cidr = trimmed(direction === "ingress" ? rule.sourceCidrIp : rule.destCidrIp);
  const groupId = trimmed(direction === "ingress" ? rule.sourceGroupId : rule.destGroupId);
  const priority = rule.priority === undefined || rule.priority === "" ? RULE_DEFAULTS.priority : Number(rule.priority);
  return {
    direction,
    ipProtocol,
    portRange: canonicalPortRange(ipProtocol, rule.portRange),
    ...(cidr ? { cidrIp: canonicalCidr(cidr) } : {}),
    ...(groupId ? { groupId } : {}),
    policy: (trimmed(rule.policy)?.toLowerCase() ?? RULE_DEFAULTS.policy) as CanonicalRule["policy"],
    priority,
    nicType: (trimmed(rule.nicType)?.toLowerCase() ?? RULE_DEFAULTS.nicType) as CanonicalRule["nicType"],
    description: rule.description ?? "",
  };
}

/** What ECS uses to tell rules apart (Authorize of a second rule with this key fails). */
export function ruleIdentity(r: CanonicalRule): string {
  return [r.direction, r.ipProtocol, r.portRange, r.cidrIp ?? "", r.groupId ?? "", r.policy, r.priority, r.nicType].join("|");
}
/** Identity plus description: two rules with the same key are the same rule in our state. */
export const ruleKey = (r: CanonicalRule): string => `${ruleIdentity(r)}|${r.description}`;

export function canonicalRules(direction: Direction, rules: readonly RuleArgs[] | undefined): CanonicalRule[] {
  return (Array.isArray(rules) ? rules : []).map((r) => canonicalRule(direction, r));
}

/** True when both lists hold the same rules, in any order and spelling. */
export function sameRuleSet(a: readonly CanonicalRule[], b: readonly CanonicalRule[]): boolean {
  const keys = (rs: readonly CanonicalRule[]) => [...new Set(rs.map(ruleKey))].sort().join("\n");
  return keys(a) === keys(b);
}

/** A plan of changes, ordered so that access is never dropped longer than needed:
 *  `authorizeFirst` adds rules whose identity is new, then `revoke` removes the old ones. */
export interface RulePlan {
  authorizeFirst: CanonicalRule[];
  revoke: CanonicalRule[];
  /** Rules whose only change is the description (ModifySecurityGroupRule can do these in place). */
  describe: CanonicalRule[];
}

export function planRuleChanges(current: readonly CanonicalRule[], desired: readonly CanonicalRule[]): RulePlan {
  const currentKeys = new Set(current.map(ruleKey));
  const desiredKeys = new Set(desired.map(ruleKey));
  const removed = dedupe(current.filter((r) => !desiredKeys.has(ruleKey(r))));
  const added = dedupe(desired.filter((r) => !currentKeys.has(ruleKey(r))));
  const removedIdentities = new Set(removed.map(ruleIdentity));
  const addedIdentities = new Set(added.map(ruleIdentity));
  return {
    authorizeFirst: added.filter((r) => !removedIdentities.has(ruleIdentity(r))),
    revoke: removed.filter((r) => !addedIdentities.has(ruleIdentity(r))),
    describe: added.filter((r) => removedIdentities.has(ruleIdentity(r))),
  };
}

function dedupe(rules: readonly CanonicalRule[]): CanonicalRule[] {
  const seen = new Map<string, CanonicalRule>();
  for (const r of rules) if (!seen.has(ruleKey(r))) seen.set(ruleKey(r), r);
  return [...seen.values()];
}

/** Wire parameters of Authorize/Revoke/ModifySecurityGroupRule(Egress) for one rule. */
export function ruleParams(rule: CanonicalRule, withDescription: boolean): Params {
  const side = rule.direction === "ingress" ? "Source" : "Dest";
  return {
    IpProtocol: rule.ipProtocol,
    PortRange: rule.portRange,
    [`${side}CidrIp`]: rule.cidrIp,
    [`${side}GroupId`]: rule.groupId,
    Policy: rule.policy,
    Priority: rule.priority,
    NicType: rule.nicType,
    Description: withDescription && rule.description ? rule.description : undefined,
  };
}

/** One entry of DescribeSecurityGroupAttribute's Permissions.Permission[]. */
export interface ApiPermission {
  Direction?: string;
  IpProtocol?: string;
  PortRange?: string;
  SourceCidrIp?: string;
  DestCidrIp?: string;
  SourceGroupId?: string;
  DestGroupId?: string;
  Policy?: string;
  Priority?: string | number;
  NicType?: string;
  Description?: string;
}

export function ruleFromApi(p: ApiPermission): CanonicalRule {
  const direction: Direction = (p.Direction ?? "ingress").toLowerCase() === "egress" ? "egress" : "ingress";
  const ingress = direction === "ingress";
  return canonicalRule(direction, {
    ipProtocol: p.IpProtocol ?? "",
    portRange: p.PortRange,
    [ingress ? "sourceCidrIp" : "destCidrIp"]: ingress ? p.SourceCidrIp : p.DestCidrIp,
    [ingress ? "sourceGroupId" : "destGroupId"]: ingress ? p.SourceGroupId : p.DestGroupId,
    policy: p.Policy,
    priority: p.Priority,
    nicType: p.NicType,
    description: p.Description,
  });
}

/** A rule as kept in state: the user's property names with canonical values. */
export type RuleState = RuleArgs & { priority: number };

/** The state (and import input) form of a rule: the user's property names, canonical values. */
export function ruleToState(r: CanonicalRule): RuleState {
  const ingress = r.direction === "ingress";
  return {
    ipProtocol: r.ipProtocol,
    portRange: r.portRange,
    ...(r.cidrIp ? { [ingress ? "sourceCidrIp" : "destCidrIp"]: r.cidrIp } : {}),
    ...(r.groupId ? { [ingress ? "sourceGroupId" : "destGroupId"]: r.groupId } : {}),
    policy: r.policy,
    priority: r.priority,
    nicType: r.nicType,
    ...(r.description ? { description: r.description } : {}),
  };
}

/** Stable order for state, so that a refresh that finds the same rules writes the same list. */
export const sortRules = (rules: readonly CanonicalRule[]): CanonicalRule[] => [...rules].sort((a, b) => ruleKey(a).localeCompare(ruleKey(b)));
