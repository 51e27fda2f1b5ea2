/** The checks of the policy pack, as pure functions of a resource's inputs (see inputs.ts) and the
 *  rule's configuration, so that they can be tested without the policy engine. Each returns the
 *  violations it can prove and whether some value it needed was unknown (a preview that depends
 *  on a resource not created yet); the pack reports the first and turns the second into the SDK's
 *  "can't run during preview" note when there is nothing to report. Property names are those of
 *  schema.json (the resources' specs). */
import { canonicalCidr, canonicalPortRange } from "../provider/resources/securityGroup/rules";
import { PORTLESS_PROTOCOLS } from "../provider/spec/limits";
import { UNKNOWN, type Inputs } from "./inputs";

export interface Outcome {
  violations: string[];
  /** A value the check needed is unknown: the verdict comes at `up`. */
  undecided: boolean;
}

const PASS: Outcome = { violations: [], undecided: false };
const UNDECIDED: Outcome = { violations: [], undecided: true };

/** Kleene's three-valued AND: false wins over unknown, unknown over true. */
type Maybe = boolean | typeof UNKNOWN;
const all = (...values: Maybe[]): Maybe => (values.includes(false) ? false : values.includes(UNKNOWN) ? UNKNOWN : true);

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/** Combines per-item outcomes of a list property (ingress rules, data disks). */
function eachItem(list: unknown, check: (item: Record<string, unknown>, index: number) => Outcome): Outcome {
  if (list === UNKNOWN) return UNDECIDED;
  if (!Array.isArray(list)) return PASS;
  const outcomes = list.map((item, i) => (item === UNKNOWN ? UNDECIDED : isRecord(item) ? check(item, i) : PASS));
  return { violations: outcomes.flatMap((o) => o.violations), undecided: outcomes.some((o) => o.undecided) };
}

// ---- no SSH / RDP from the whole internet ------------------------------------------------------

export interface WorldOpenPortsConfig {
  /** Ports no accept rule may open to 0.0.0.0/0 (or ::/0). */
  ports: number[];
}

/** Protocols whose rules open ports: "all" opens every port of every protocol. */
const PORT_PROTOCOLS: ReadonlySet<string> = new Set(["tcp", "udp", "all"]);

/** Whether a canonical "from/to" range (or "-1/-1", every port) contains the port. */
export function rangeCovers(portRange: string, port: number): boolean {
  if (portRange === "-1/-1") return true;
  const m = /^(\d+)\/(\d+)$/.exec(portRange);
  return m !== null && Number(m[1]) <= port && port <= Number(m[2]);
}

/** A CIDR block with prefix length 0 is the whole address space ("0.0.0.0/0", "::/0"). */
export const isWholeAddressSpace = (cidr: string): boolean => canonicalCidr(cidr).endsWith("/0");

/** SecurityGroup: ingress accept rules that open a configured port to the world, in any
 *  spelling ECS accepts ("22", "22/22", "1/65535", protocol all with "-1/-1"). */
export function worldOpenPorts(inputs: Inputs, config: WorldOpenPortsConfig): Outcome {
  return eachItem(inputs.ingress, (rule, i) => {
    const { ipProtocol, portRange, sourceCidrIp, policy } = rule;
    const protocol = ipProtocol === UNKNOWN ? UNKNOWN : (text(ipProtocol)?.toLowerCase() ?? "");
    const cidr = sourceCidrIp === UNKNOWN ? UNKNOWN : text(sourceCidrIp);
    const open: number[] = [];
    let portsOpen: Maybe = UNKNOWN;
    if (protocol !== UNKNOWN && (portRange !== UNKNOWN || PORTLESS_PROTOCOLS.has(protocol))) {
      const range = canonicalPortRange(protocol, portRange === UNKNOWN ? undefined : text(portRange));
      open.push(...config.ports.filter((p) => rangeCovers(range, p)));
      portsOpen = open.length > 0;
    }
    const verdict = all(
      protocol === UNKNOWN ? UNKNOWN : PORT_PROTOCOLS.has(protocol),
      cidr === UNKNOWN ? UNKNOWN : cidr !== undefined && isWholeAddressSpace(cidr),
      policy === UNKNOWN ? UNKNOWN : (text(policy)?.toLowerCase() ?? "accept") === "accept",
      portsOpen,
    );
    if (verdict === UNKNOWN) return UNDECIDED;
    if (!verdict) return PASS;
    const spelled = PORTLESS_PROTOCOLS.has(protocol as string) ? `${String(ipProtocol)}` : `${String(ipProtocol)} ${String(portRange)}`;
    return {
      violations: [`ingress[${i}] (${spelled} from ${String(cidr)}) opens port ${open.join(", ")} to the whole internet; allow a narrower sourceCidrIp or use a bastion`],
      undecided: false,
    };
  });
}

// ---- encrypted data disks -----------------------------------------------------------------------

/** Disk: encrypted must be true. */
export function diskEncrypted(inputs: Inputs): Outcome {
  if (inputs.encrypted === UNKNOWN) return UNDECIDED;
  return inputs.encrypted === true ? PASS : { violations: ["the disk is not encrypted: set encrypted: true"], undecided: false };
}

/** Instance and LaunchTemplate: every entry of dataDisks must be encrypted. `canEncrypt` says
 *  whether the resource's data disks have an `encrypted` property in schema.json; without one the
 *  advice is to declare the disk as a Disk resource. */
export function dataDisksEncrypted(inputs: Inputs, canEncrypt: boolean): Outcome {
  return eachItem(inputs.dataDisks, (disk, i) => {
    if (disk.encrypted === UNKNOWN) return UNDECIDED;
    if (disk.encrypted === true) return PASS;
    const advice = canEncrypt
      ? "set encrypted: true"
      : "data disks declared here cannot be encrypted: declare it as a Disk with encrypted: true and attach it with instanceId";
    return { violations: [`dataDisks[${i}] is not encrypted: ${advice}`], undecided: false };
  });
}

// ---- required tags ------------------------------------------------------------------------------

export interface RequiredTagsConfig {
  /** Tag keys every taggable resource must carry, with a non-empty value. */
  requiredTags: string[];
}

export function requiredTags(inputs: Inputs, config: RequiredTagsConfig): Outcome {
  if (config.requiredTags.length === 0) return PASS;
  const tags = inputs.tags;
  if (tags === UNKNOWN) return UNDECIDED;
  const present = isRecord(tags) ? tags : {};
  const missing = config.requiredTags.filter((k) => present[k] !== UNKNOWN && text(present[k]) === undefined);
  const undecided = config.requiredTags.some((k) => present[k] === UNKNOWN);
  return {
    violations: missing.length ? [`missing tag${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (required: ${config.requiredTags.join(", ")})`] : [],
    undecided: missing.length === 0 && undecided,
  };
}

// ---- deletion protection on chosen stacks -------------------------------------------------------

export interface DeletionProtectionConfig {
  /** Stack names (a `*` matches any characters) whose instances must set deletionProtection. */
  stacks: string[];
}

/** A stack name pattern: `*` matches any run of characters, everything else itself. */
export function matchesPattern(pattern: string, value: string): boolean {
  const regex = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${regex}$`).test(value);
}

export function deletionProtection(inputs: Inputs, config: DeletionProtectionConfig, stack: string): Outcome {
  if (!config.stacks.some((p) => matchesPattern(p, stack))) return PASS;
  if (inputs.deletionProtection === UNKNOWN) return UNDECIDED;
  return inputs.deletionProtection === true
    ? PASS
    : { violations: [`stack ${stack} requires deletionProtection: true on every instance`], undecided: false };
}

// ---- allowed instance types and regions ---------------------------------------------------------

export interface AllowedInstanceTypesConfig {
  /** Allowed instance types (`*` patterns such as "ecs.t6-*"); empty allows every type. */
  allowedInstanceTypes: string[];
}

/** Instance and LaunchTemplate: instanceType, when set, must match the list (an instance that
 *  takes its type from a launch template is checked on the template). */
export function allowedInstanceType(inputs: Inputs, config: AllowedInstanceTypesConfig): Outcome {
  const allowed = config.allowedInstanceTypes;
  if (allowed.length === 0) return PASS;
  if (inputs.instanceType === UNKNOWN) return UNDECIDED;
  const type = text(inputs.instanceType);
  if (type === undefined || allowed.some((p) => matchesPattern(p, type))) return PASS;
  return { violations: [`instance type ${type} is not allowed (allowed: ${allowed.join(", ")})`], undecided: false };
}

export interface AllowedRegionsConfig {
  /** Allowed region ids; empty allows every region. */
  allowedRegions: string[];
}

/** Every resource: its region, or the provider's default region (resolved by the caller), must be
 *  in the list. `defaultRegion` is undefined when none is configured anywhere (the provider then
 *  fails on its own). */
export function allowedRegion(inputs: Inputs, config: AllowedRegionsConfig, defaultRegion: () => string | undefined): Outcome {
  const allowed = config.allowedRegions;
  if (allowed.length === 0) return PASS;
  if (inputs.region === UNKNOWN) return UNDECIDED;
  const region = text(inputs.region) ?? defaultRegion();
  if (region === undefined || allowed.includes(region)) return PASS;
  const source = text(inputs.region) ? "" : " (the stack's default region)";
  return { violations: [`region ${region}${source} is not allowed (allowed: ${allowed.join(", ")})`], undecided: false };
}
