/** Security group rules: validating and normalising them with the reference's error codes (which
 *  differ by action), the identity that makes a group's rules a set, and references between groups. */
import { MAX_RULES_PER_GROUP, NIC_TYPES, PORT_RANGE, PORTLESS_PROTOCOLS, RULE_DESCRIPTION, RULE_POLICIES, RULE_PRIORITY, RULE_PROTOCOLS } from "../../provider/spec/limits";
import { ApiError } from "../errors";
import type { RegionState, SecurityGroupRecord, SecurityGroupRule } from "../state";

export type Direction = SecurityGroupRule["direction"];
export type RuleOperation = "authorize" | "revoke";

export { MAX_RULES_PER_GROUP };

/** The per-rule fields a request can carry, in both forms. */
export const RULE_FIELDS = [
  "IpProtocol",
  "PortRange",
  "SourcePortRange",
  "NicType",
  "Policy",
  "Priority",
  "SourceCidrIp",
  "DestCidrIp",
  "SourceGroupId",
  "DestGroupId",
  "SourceGroupOwnerAccount",
  "SourceGroupOwnerId",
  "DestGroupOwnerAccount",
  "DestGroupOwnerId",
  "Description",
] as const;
export type RuleSpec = Partial<Record<(typeof RULE_FIELDS)[number], string>>;

/** Protocols of IPv4 rules, upper case (limits RULE_PROTOCOLS; IPv6 rules, with icmpv6, are not modelled). */
const PROTOCOLS: readonly string[] = RULE_PROTOCOLS.map((p) => p.toUpperCase());
const PORTLESS = new Set([...PORTLESS_PROTOCOLS].map((p) => p.toUpperCase()));

const IPV4_CIDR = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\/(3[0-2]|[12]?\d))?$/;

interface Codes {
  protocol: string;
  portRange: string;
  missingPeerStatus: number;
}
/** The reference names different codes for the same fault depending on the action. */
function codesFor(op: RuleOperation, direction: Direction): Codes {
  if (op === "revoke") return { protocol: "InvalidIpProtocol.ValueNotSupported", portRange: "InvalidIpPortRange.Malformed", missingPeerStatus: 400 };
  return {
    protocol: direction === "ingress" ? "InvalidIpProtocol.Malformed" : "OperationDenied",
    portRange: "InvalidPortRange.Malformed",
    missingPeerStatus: 403,
  };
}

/** "22" → "22/22"; protocols without ports must say -1/-1 (or -1). Returns undefined if malformed. */
function normalisePortRange(raw: string, protocol: string): { range?: string; mismatch?: boolean } {
  const parts = raw.trim().split("/");
  if (parts.length > 2 || parts.some((x) => !/^-?\d+$/.test(x))) return {};
  const [a, b] = parts.length === 1 ? [Number(parts[0]), Number(parts[0])] : [Number(parts[0]), Number(parts[1])];
  if (PORTLESS.has(protocol)) return a === -1 && b === -1 ? { range: "-1/-1" } : { mismatch: true };
  if (a === -1 && b === -1) return { mismatch: true };
  if (a < PORT_RANGE.min || b > PORT_RANGE.max || a > b) return {};
  return { range: `${a}/${b}` };
}

export interface RuleContext {
  op: RuleOperation;
  direction: Direction;
  group: SecurityGroupRecord;
  region: RegionState;
}

/** Validates one rule spec and returns the normalised rule (without id and creation time). */
export function normaliseRule(spec: RuleSpec, ctx: RuleContext): Omit<SecurityGroupRule, "securityGroupRuleId" | "createdAt"> {
  const { op, direction, group } = ctx;
  const codes = codesFor(op, direction);

  if (!spec.IpProtocol) throw new ApiError("MissingParameter", `The input parameter "IpProtocol" that is mandatory for processing this request is not supplied.`, 400);
  const protocol = spec.IpProtocol.toUpperCase();
  if (!(PROTOCOLS as readonly string[]).includes(protocol))
    throw new ApiError(codes.protocol, `The specified IpProtocol "${spec.IpProtocol}" does not exist. Valid values: ${RULE_PROTOCOLS.join(", ")}.`, 400);

  if (!spec.PortRange) throw new ApiError("MissingParameter", `The input parameter "PortRange" that is mandatory for processing this request is not supplied.`, 400);
  const port = normalisePortRange(spec.PortRange, protocol);
  if (port.mismatch)
    throw new ApiError("OperationDenied", `The specified IpProtocol does not exist or IpProtocol and PortRange do not match: ${protocol.toLowerCase()} needs ${PORTLESS.has(protocol) ? "-1/-1" : "a range within 1/65535"}, got "${spec.PortRange}".`, 400);
  if (!port.range) throw new ApiError(codes.portRange, `The specified parameter "PortRange" is not valid: "${spec.PortRange}" must be start/end with 1 <= start <= end <= 65535.`, 400);

  let sourcePortRange: string | undefined;
  if (spec.SourcePortRange) {
    const sp = normalisePortRange(spec.SourcePortRange, protocol);
    if (!sp.range) throw new ApiError("InvalidSourcePortRange.Malformed", `The specified parameter "SourcePortRange" is not valid: "${spec.SourcePortRange}".`, 400);
    sourcePortRange = sp.range;
  }

  const policyRaw = (spec.Policy ?? "accept").toLowerCase();
  if (!(RULE_POLICIES as readonly string[]).includes(policyRaw)) throw new ApiError("InvalidPolicy.Malformed", `The specified parameter "Policy" is not valid: use ${RULE_POLICIES.join(" or ")}.`, 400);

  const priorityRaw = spec.Priority ?? "1";
  if (!/^-?\d+$/.test(priorityRaw)) throw new ApiError("InvalidPriority.Malformed", `The specified parameter "Priority" is not valid: "${priorityRaw}" is not an integer.`, 400);
  const priority = Number(priorityRaw);
  if (priority < RULE_PRIORITY.min || priority > RULE_PRIORITY.max)
    throw new ApiError("InvalidPriority.ValueNotSupported", `The specified Priority ${priority} is invalid: it must be within [${RULE_PRIORITY.min}, ${RULE_PRIORITY.max}].`, 400);

  const nicRaw = spec.NicType?.toLowerCase();
  if (nicRaw !== undefined && !(NIC_TYPES as readonly string[]).includes(nicRaw))
    throw new ApiError("InvalidNicType.ValueNotSupported", `The specified NicType "${spec.NicType}" does not exist: use internet or intranet.`, 400);
  // A VPC group only has intranet interfaces; classic defaults to internet.
  const nicType: SecurityGroupRule["nicType"] = group.vpcId ? "intranet" : nicRaw === "intranet" ? "intranet" : "internet";

  const description = checkRuleDescription(spec.Description ?? "");

  const checkCidr = (name: "SourceCidrIp" | "DestCidrIp"): string | undefined => {
    const v = spec[name];
    if (v === undefined) return undefined;
    if (!IPV4_CIDR.test(v)) throw new ApiError(`Invalid${name}.Malformed`, `The specified parameter "${name}" is not valid: "${v}" is not an IPv4 address or CIDR block.`, 400);
    return v;
  };
  const sourceCidrIp = checkCidr("SourceCidrIp");
  const destCidrIp = checkCidr("DestCidrIp");

  // The peer: a CIDR block or another group (ingress: source side; egress: destination side).
  const peerCidr = direction === "ingress" ? sourceCidrIp : destCidrIp;
  const peerGroupParam = direction === "ingress" ? "SourceGroupId" : "DestGroupId";
  // Ingress prefers the CIDR when both are given, egress the group (as the reference says).
  const peerGroupId = direction === "ingress" ? (peerCidr ? undefined : spec.SourceGroupId) : spec.DestGroupId;
  const cidrParam = direction === "ingress" ? "SourceCidrIp" : "DestCidrIp";
  if (!peerCidr && !peerGroupId)
    throw new ApiError("MissingParameter", `The input parameter "${peerGroupParam}" or "${cidrParam}" cannot be both blank.`, codes.missingPeerStatus);
  if (peerGroupId) checkPeerGroup(peerGroupId, nicRaw, ctx, peerGroupParam);

  const rule: Omit<SecurityGroupRule, "securityGroupRuleId" | "createdAt"> = {
    direction,
    ipProtocol: protocol,
    portRange: port.range,
    policy: policyRaw as SecurityGroupRule["policy"],
    priority,
    nicType,
    description,
  };
  if (sourcePortRange) rule.sourcePortRange = sourcePortRange;
  if (direction === "ingress") {
    if (peerGroupId) rule.sourceGroupId = peerGroupId;
    else rule.sourceCidrIp = sourceCidrIp;
    if (destCidrIp) rule.destCidrIp = destCidrIp;
  } else {
    if (peerGroupId) rule.destGroupId = peerGroupId;
    else rule.destCidrIp = destCidrIp;
    if (sourceCidrIp) rule.sourceCidrIp = sourceCidrIp;
  }
  return rule;
}

function checkPeerGroup(peerId: string, nicRaw: string | undefined, ctx: RuleContext, param: "SourceGroupId" | "DestGroupId"): void {
  const { group, region, direction } = ctx;
  if (peerId === group.id) {
    if (direction === "ingress") throw new ApiError("InvalidParamter.Conflict", "The specified SecurityGroupId should be different from the SourceGroupId.", 403);
    throw new ApiError("InvalidSecurityGroup.IsSame", "The authorized SecurityGroupId should be different from the DestGroupId.", 403);
  }
  const peer = region.securityGroups[peerId];
  if (!peer) throw new ApiError(`Invalid${param}.NotFound`, `The ${param} provided does not exist in our records: ${peerId}.`, 404);
  if (Boolean(peer.vpcId) !== Boolean(group.vpcId))
    throw new ApiError("InvalidNetworkType.Mismatch", "The specified SecurityGroup network type should be same with SourceGroup network type (vpc or classic).", 403);
  if (group.vpcId && peer.vpcId !== group.vpcId)
    throw new ApiError(`Invalid${param}.Mismatch`, `Specified security group and ${param === "SourceGroupId" ? "source" : "destination"} group are not in the same VPC.`, 400);
  if (!group.vpcId && nicRaw !== "intranet") throw new ApiError(`Invalid${param}.Mismatch`, "NicType is required or NicType expects intranet.", 403);
}

/** What makes two rules the same rule (the description is an attribute, not part of the identity). */
export function ruleKey(r: Omit<SecurityGroupRule, "securityGroupRuleId" | "createdAt">): string {
  return [
    r.direction,
    r.ipProtocol,
    r.portRange,
    r.sourcePortRange ?? "",
    r.nicType,
    r.policy,
    r.priority,
    r.sourceCidrIp ?? "",
    r.sourceGroupId ?? "",
    r.destCidrIp ?? "",
    r.destGroupId ?? "",
  ].join("|");
}

/** Groups in the region whose rules name `groupId` as their peer. */
export function groupsReferencing(region: RegionState, groupId: string): string[] {
  return Object.values(region.securityGroups)
    .filter((g) => g.id !== groupId && g.rules.some((r) => r.sourceGroupId === groupId || r.destGroupId === groupId))
    .map((g) => g.id);
}

type NewRule = Omit<SecurityGroupRule, "securityGroupRuleId" | "createdAt">;

const groupAuthItemNotFound = (direction: Direction, group: SecurityGroupRecord): ApiError =>
  new ApiError("InvalidGroupAuthItem.NotFound", `Specified group authorized item does not exist in our records: no ${direction} rule of ${group.id} matches.`, 403);

const ruleIdNotFound = (direction: Direction, group: SecurityGroupRecord, id: string): ApiError =>
  new ApiError("InvalidSecurityGroupRuleId.NotFound", `The specified ${direction} rule "${id}" does not exist in ${group.id}.`, 404);

/** Authorize(Egress): adding a rule that already exists is a no-op, so retries are safe. A request
 *  applies all of its rules or none: everything is validated before anything changes. */
export function authorizeRules(region: RegionState, group: SecurityGroupRecord, direction: Direction, specs: readonly RuleSpec[], now: number, newRuleId: () => string): void {
  const rules = specs.map((s) => normaliseRule(s, { op: "authorize", direction, group, region }));
  const existing = new Set(group.rules.map(ruleKey));
  const fresh = new Map<string, NewRule>();
  for (const r of rules) if (!existing.has(ruleKey(r))) fresh.set(ruleKey(r), r);
  if (group.rules.length + fresh.size > MAX_RULES_PER_GROUP)
    throw new ApiError("AuthorizationLimitExceed", `The maximum number of authorization rules in the security group is exceeded: at most ${MAX_RULES_PER_GROUP}.`, 403);
  for (const r of fresh.values()) group.rules.push({ ...r, securityGroupRuleId: newRuleId(), createdAt: now });
}

/** Revoke(Egress) by rule id or by the rule's fields; every named rule must exist. */
export function revokeRules(region: RegionState, group: SecurityGroupRecord, direction: Direction, specs: readonly RuleSpec[], ruleIds: readonly string[]): void {
  const doomed = new Set<SecurityGroupRule>();
  for (const id of ruleIds) {
    const rule = group.rules.find((r) => r.securityGroupRuleId === id && r.direction === direction);
    if (!rule) throw ruleIdNotFound(direction, group, id);
    doomed.add(rule);
  }
  for (const spec of specs) {
    const key = ruleKey(normaliseRule(spec, { op: "revoke", direction, group, region }));
    const rule = group.rules.find((r) => ruleKey(r) === key);
    if (!rule) throw groupAuthItemNotFound(direction, group);
    doomed.add(rule);
  }
  group.rules = group.rules.filter((r) => !doomed.has(r));
}

/** A rule description: at most RULE_DESCRIPTION.max characters, not starting with http(s)://. */
export function checkRuleDescription(d: string): string {
  if (d.length > RULE_DESCRIPTION.max || /^https?:\/\//.test(d))
    throw new ApiError("InvalidSecurityGroupDiscription.Malformed", `The specified security group rule description is not valid: at most ${RULE_DESCRIPTION.max} characters, not starting with http:// or https://.`, 400);
  return d;
}

/** ModifySecurityGroupRule / …EgressRule: only the description of a rule (named by id or by its fields) changes. */
export function modifyRuleDescription(region: RegionState, group: SecurityGroupRecord, direction: Direction, target: { ruleId?: string; spec?: RuleSpec; description?: string }): void {
  if (target.ruleId) {
    const rule = group.rules.find((r) => r.securityGroupRuleId === target.ruleId && r.direction === direction);
    if (!rule) throw ruleIdNotFound(direction, group, target.ruleId);
    rule.description = checkRuleDescription(target.description ?? rule.description);
    return;
  }
  if (!target.spec) throw new ApiError("MissingParameter", `The input parameter "IpProtocol" that is mandatory for processing this request is not supplied.`, 400);
  // The rule's fields are checked as AuthorizeSecurityGroup checks them (ModifySecurityGroupRule's table, ref 003:20006).
  const wanted = normaliseRule(target.spec, { op: "authorize", direction, group, region });
  const rule = group.rules.find((r) => ruleKey(r) === ruleKey(wanted));
  if (!rule) throw groupAuthItemNotFound(direction, group);
  rule.description = wanted.description;
}
