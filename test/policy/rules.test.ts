/** The policy pack's checks as pure functions: every spelling ECS accepts, unknown values during
 *  preview, and each rule's configuration. */
import { UNKNOWN } from "../../policy/inputs";
import * as rules from "../../policy/rules";

const SSH_RDP = { ports: [22, 3389] };
const ingress = (...rules: Record<string, unknown>[]) => ({ ingress: rules });
const world = (ipProtocol: string, portRange?: string, extra: Record<string, unknown> = {}) => ({ ipProtocol, ...(portRange === undefined ? {} : { portRange }), sourceCidrIp: "0.0.0.0/0", ...extra });

describe("no SSH / RDP from the internet", () => {
  test.each([
    ["22/22", "tcp", "22/22", [22]],
    ["a single port", "tcp", "22", [22]],
    ["upper-case protocol and spaces", "TCP", " 22 / 22 ", [22]],
    ["a range over both ports", "tcp", "1/65535", [22, 3389]],
    ["RDP alone", "tcp", "3389/3389", [3389]],
    ["RDP over UDP", "udp", "3389/3389", [3389]],
    ["protocol all with -1/-1", "all", "-1/-1", [22, 3389]],
    ["protocol all without a port range", "all", undefined, [22, 3389]],
  ])("%s opens the port to the world", (_label, protocol, portRange, open) => {
    const outcome = rules.worldOpenPorts(ingress(world(protocol, portRange)), SSH_RDP);
    expect(outcome.undecided).toBe(false);
    expect(outcome.violations).toHaveLength(1);
    expect(outcome.violations[0]).toContain(`opens port ${open.join(", ")} to the whole internet`);
    expect(outcome.violations[0]).toMatch(/^ingress\[0\] /);
  });

  test.each([
    ["HTTP", world("tcp", "80/80")],
    ["a range below SSH", world("tcp", "1/21")],
    ["a range between SSH and RDP", world("tcp", "23/3388")],
    ["icmp", world("icmp", "-1/-1")],
    ["a drop rule", world("tcp", "22/22", { policy: "drop" })],
    ["a drop rule in upper case", world("all", "-1/-1", { policy: "Drop" })],
    ["an office network", { ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: "203.0.113.0/24" }],
    ["a bare address (a /32)", { ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: "0.0.0.0" }],
    ["a source security group", { ipProtocol: "tcp", portRange: "22/22", sourceGroupId: "sg-bastion" }],
  ])("%s passes", (_label, rule) => {
    expect(rules.worldOpenPorts(ingress(rule), SSH_RDP)).toEqual({ violations: [], undecided: false });
  });

  test("IPv6 ::/0 is the whole internet too", () => {
    expect(rules.worldOpenPorts(ingress({ ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: "::/0" }), SSH_RDP).violations).toHaveLength(1);
  });

  test("every offending rule is reported, with its index and spelling", () => {
    const outcome = rules.worldOpenPorts(ingress(world("tcp", "80/80"), world("tcp", "22"), world("all", "-1/-1")), SSH_RDP);
    expect(outcome.violations).toEqual([
      expect.stringMatching(/^ingress\[1\] \(tcp 22 from 0\.0\.0\.0\/0\) opens port 22 /),
      expect.stringMatching(/^ingress\[2\] \(all from 0\.0\.0\.0\/0\) opens port 22, 3389 /),
    ]);
  });

  test("the ports are configurable", () => {
    expect(rules.worldOpenPorts(ingress(world("tcp", "5432/5432")), SSH_RDP).violations).toEqual([]);
    expect(rules.worldOpenPorts(ingress(world("tcp", "5432/5432")), { ports: [5432] }).violations).toHaveLength(1);
    expect(rules.worldOpenPorts(ingress(world("tcp", "22/22")), { ports: [] }).violations).toEqual([]);
  });

  test("a rule whose source is unknown at preview is undecided; a known safe fact decides", () => {
    expect(rules.worldOpenPorts(ingress({ ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: UNKNOWN }), SSH_RDP)).toEqual({ violations: [], undecided: true });
    // An unknown source but a port nobody cares about: decided, passes.
    expect(rules.worldOpenPorts(ingress({ ipProtocol: "tcp", portRange: "80/80", sourceCidrIp: UNKNOWN }), SSH_RDP)).toEqual({ violations: [], undecided: false });
    // An unknown port range, but the source is an office network: decided, passes.
    expect(rules.worldOpenPorts(ingress({ ipProtocol: "tcp", portRange: UNKNOWN, sourceCidrIp: "10.0.0.0/8" }), SSH_RDP)).toEqual({ violations: [], undecided: false });
    expect(rules.worldOpenPorts({ ingress: UNKNOWN }, SSH_RDP)).toEqual({ violations: [], undecided: true });
  });

  test("a known violation is reported even when another rule is unknown", () => {
    const outcome = rules.worldOpenPorts(ingress({ ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: UNKNOWN }, world("tcp", "3389")), SSH_RDP);
    expect(outcome.violations).toEqual([expect.stringMatching(/^ingress\[1\] .* opens port 3389 /)]);
  });

  test("no ingress passes", () => {
    expect(rules.worldOpenPorts({}, SSH_RDP)).toEqual({ violations: [], undecided: false });
  });
});

describe("encrypted data disks", () => {
  test("a Disk must set encrypted: true", () => {
    expect(rules.diskEncrypted({ encrypted: true }).violations).toEqual([]);
    expect(rules.diskEncrypted({ encrypted: false }).violations).toEqual(["the disk is not encrypted: set encrypted: true"]);
    expect(rules.diskEncrypted({}).violations).toHaveLength(1);
    expect(rules.diskEncrypted({ encrypted: UNKNOWN })).toEqual({ violations: [], undecided: true });
  });

  test("every inline data disk must be encrypted; the advice depends on whether it can be", () => {
    const inputs = { dataDisks: [{ size: 40, encrypted: true }, { size: 80 }, { size: 20, encrypted: false }] };
    expect(rules.dataDisksEncrypted(inputs, true).violations).toEqual([
      "dataDisks[1] is not encrypted: set encrypted: true",
      "dataDisks[2] is not encrypted: set encrypted: true",
    ]);
    expect(rules.dataDisksEncrypted(inputs, false).violations[0]).toMatch(/^dataDisks\[1\] is not encrypted: .*declare it as a Disk with encrypted: true/);
    expect(rules.dataDisksEncrypted({}, false)).toEqual({ violations: [], undecided: false });
    expect(rules.dataDisksEncrypted({ dataDisks: UNKNOWN }, true)).toEqual({ violations: [], undecided: true });
  });
});

describe("required tags", () => {
  const config = { requiredTags: ["environment", "owner"] };
  test("every configured key must be present with a value", () => {
    expect(rules.requiredTags({ tags: { environment: "prod", owner: "team-a", extra: "x" } }, config).violations).toEqual([]);
    expect(rules.requiredTags({ tags: { environment: "prod" } }, config).violations).toEqual(["missing tag owner (required: environment, owner)"]);
    expect(rules.requiredTags({ tags: { environment: " ", owner: "" } }, config).violations).toEqual(["missing tags environment, owner (required: environment, owner)"]);
    expect(rules.requiredTags({}, config).violations).toHaveLength(1);
  });
  test("unknown tags are undecided; an empty list requires nothing", () => {
    expect(rules.requiredTags({ tags: UNKNOWN }, config)).toEqual({ violations: [], undecided: true });
    expect(rules.requiredTags({ tags: { environment: UNKNOWN, owner: "a" } }, config)).toEqual({ violations: [], undecided: true });
    expect(rules.requiredTags({ tags: { environment: UNKNOWN } }, config)).toEqual({ violations: ["missing tag owner (required: environment, owner)"], undecided: false });
    expect(rules.requiredTags({}, { requiredTags: [] })).toEqual({ violations: [], undecided: false });
  });
});

describe("deletion protection on chosen stacks", () => {
  const config = { stacks: ["prod", "prod-*"] };
  test("applies only to matching stacks", () => {
    expect(rules.deletionProtection({}, config, "prod").violations).toEqual(["stack prod requires deletionProtection: true on every instance"]);
    expect(rules.deletionProtection({ deletionProtection: false }, config, "prod-eu").violations).toHaveLength(1);
    expect(rules.deletionProtection({ deletionProtection: true }, config, "prod").violations).toEqual([]);
    expect(rules.deletionProtection({}, config, "dev").violations).toEqual([]);
    expect(rules.deletionProtection({}, config, "preprod").violations).toEqual([]);
    expect(rules.deletionProtection({ deletionProtection: UNKNOWN }, config, "prod")).toEqual({ violations: [], undecided: true });
  });
  test("patterns: * matches any characters, everything else literally", () => {
    expect(rules.matchesPattern("ecs.t6-*", "ecs.t6-c1m1.large")).toBe(true);
    expect(rules.matchesPattern("ecs.t6-*", "ecs.t5-lc1m1.small")).toBe(false);
    expect(rules.matchesPattern("ecs.c7.large", "ecsXc7.large")).toBe(false);
    expect(rules.matchesPattern("*", "anything")).toBe(true);
  });
});

describe("allowed instance types and regions", () => {
  test("instance types: patterns; empty allows all; no type (from a launch template) passes", () => {
    const config = { allowedInstanceTypes: ["ecs.t6-*", "ecs.c7.large"] };
    expect(rules.allowedInstanceType({ instanceType: "ecs.t6-c1m1.large" }, config).violations).toEqual([]);
    expect(rules.allowedInstanceType({ instanceType: "ecs.c7.large" }, config).violations).toEqual([]);
    expect(rules.allowedInstanceType({ instanceType: "ecs.g7.large" }, config).violations).toEqual([
      "instance type ecs.g7.large is not allowed (allowed: ecs.t6-*, ecs.c7.large)",
    ]);
    expect(rules.allowedInstanceType({}, config).violations).toEqual([]);
    expect(rules.allowedInstanceType({ instanceType: "ecs.g7.large" }, { allowedInstanceTypes: [] }).violations).toEqual([]);
    expect(rules.allowedInstanceType({ instanceType: UNKNOWN }, config)).toEqual({ violations: [], undecided: true });
  });

  test("regions: the resource's own, else the default region", () => {
    const config = { allowedRegions: ["cn-hangzhou"] };
    expect(rules.allowedRegion({ region: "cn-hangzhou" }, config, () => "cn-beijing").violations).toEqual([]);
    expect(rules.allowedRegion({ region: "cn-shanghai" }, config, () => "cn-hangzhou").violations).toEqual([
      "region cn-shanghai is not allowed (allowed: cn-hangzhou)",
    ]);
    expect(rules.allowedRegion({}, config, () => "cn-beijing").violations).toEqual([
      "region cn-beijing (the stack's default region) is not allowed (allowed: cn-hangzhou)",
    ]);
    expect(rules.allowedRegion({}, config, () => undefined).violations).toEqual([]);
    expect(rules.allowedRegion({ region: "cn-beijing" }, { allowedRegions: [] }, () => undefined).violations).toEqual([]);
    expect(rules.allowedRegion({ region: UNKNOWN }, config, () => "cn-hangzhou")).toEqual({ violations: [], undecided: true });
  });
});
