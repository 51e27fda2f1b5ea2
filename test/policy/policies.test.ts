/** The pack's policies as the policy SDK calls them: inputs behind the SDK's unknown-checking
 *  proxy, configuration from --policy-pack-config (defaults from each policy's schema), resource
 *  types as the engine names them. The CLI run is in test/e2e/gitops.test.ts. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { unknownCheckingProxy, UnknownValueError, type ResourceValidation, type ResourceValidationArgs, type ResourceValidationPolicy } from "@pulumi/policy";
import { UNKNOWN as UNKNOWN_SENTINEL } from "../../provider/spec/unknown";
import { kindOf, policies } from "../../policy/policies";

const ROOT = path.resolve(__dirname, "../..");

// What the language host hands a policy pack (PolicyProxy): the stack's name and config. The SDK
// reads them once, at the first use.
process.env.PULUMI_NODEJS_STACK = "prod-eu";
process.env.PULUMI_CONFIG = JSON.stringify({ "alicloud-ecs:region": "cn-beijing" });

function byName(name: string): ResourceValidationPolicy {
  const p = policies.find((x) => x.name === name);
  if (!p) throw new Error(`no policy ${name}`);
  return p;
}

/** Runs one policy on one resource; returns the violations it reported. */
function validate(name: string, kind: string, props: Record<string, unknown>, config: object = {}): string[] {
  const reported: string[] = [];
  const args = {
    type: `pulumi-nodejs:dynamic/alicloud-ecs:${kind}`,
    name: "r",
    urn: `urn:pulumi:dev::p::pulumi-nodejs:dynamic/alicloud-ecs:${kind}::r`,
    props: unknownCheckingProxy({ __provider: "exports.handler = …", ...props }),
    getConfig: () => config,
  } as unknown as ResourceValidationArgs;
  (byName(name).validateResource as ResourceValidation)(args, (message) => reported.push(message));
  return reported;
}

test("the pack's policies, their enforcement levels and config defaults", () => {
  expect(policies.map((p) => [p.name, p.enforcementLevel])).toEqual([
    ["no-ssh-rdp-from-internet", "mandatory"],
    ["encrypted-data-disks", "mandatory"],
    ["required-tags", "advisory"],
    ["deletion-protection", "mandatory"],
    ["allowed-instance-types", "mandatory"],
    ["allowed-regions", "mandatory"],
  ]);
  const defaults = Object.fromEntries(
    policies.map((p) => [p.name, Object.fromEntries(Object.entries(p.configSchema?.properties ?? {}).map(([k, s]) => [k, (s as { default?: unknown }).default]))]),
  );
  expect(defaults).toEqual({
    "no-ssh-rdp-from-internet": { ports: [22, 3389] },
    "encrypted-data-disks": {},
    "required-tags": { requiredTags: ["environment"] },
    "deletion-protection": { stacks: ["prod", "production", "prod-*"] },
    "allowed-instance-types": { allowedInstanceTypes: [] },
    "allowed-regions": { allowedRegions: [] },
  });
});

test("resource types map to the schema's kinds; other types are ignored", () => {
  expect(kindOf("pulumi-nodejs:dynamic/alicloud-ecs:SecurityGroup")).toBe("SecurityGroup");
  expect(kindOf("aws:ec2/securityGroup:SecurityGroup")).toBeUndefined();
  expect(validate("no-ssh-rdp-from-internet", "Instance", { ingress: [{ ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: "0.0.0.0/0" }] })).toEqual([]);
});

test("SSH open to the world fails; a bastion CIDR passes; defaults apply without config", () => {
  const open = { ingress: [{ ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: "0.0.0.0/0" }] };
  expect(validate("no-ssh-rdp-from-internet", "SecurityGroup", open)).toEqual([
    "ingress[0] (tcp 22/22 from 0.0.0.0/0) opens port 22 to the whole internet; allow a narrower sourceCidrIp or use a bastion",
  ]);
  expect(validate("no-ssh-rdp-from-internet", "SecurityGroup", { ingress: [{ ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: "198.51.100.7/32" }] })).toEqual([]);
  expect(validate("no-ssh-rdp-from-internet", "SecurityGroup", open, { ports: [3389] })).toEqual([]);
});

test("an unknown value with nothing to report becomes the SDK's 'cannot run during preview'", () => {
  const props = { ingress: [{ ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: UNKNOWN_SENTINEL }] };
  expect(() => validate("no-ssh-rdp-from-internet", "SecurityGroup", props)).toThrow(UnknownValueError);
  // A proven violation beside an unknown rule is reported, not swallowed.
  const mixed = { ingress: [...props.ingress, { ipProtocol: "all", sourceCidrIp: "0.0.0.0/0" }] };
  expect(validate("no-ssh-rdp-from-internet", "SecurityGroup", mixed)).toEqual([expect.stringMatching(/^ingress\[1\] \(all from 0\.0\.0\.0\/0\) opens port 22, 3389/)]);
  // An unknown value the policy does not need changes nothing.
  expect(validate("encrypted-data-disks", "Disk", { encrypted: true, instanceId: UNKNOWN_SENTINEL })).toEqual([]);
});

test("encrypted data disks: Disk, Instance and LaunchTemplate data disks", () => {
  expect(validate("encrypted-data-disks", "Disk", { size: 40 })).toEqual(["the disk is not encrypted: set encrypted: true"]);
  expect(validate("encrypted-data-disks", "Disk", { size: 40, encrypted: true })).toEqual([]);
  expect(validate("encrypted-data-disks", "LaunchTemplate", { dataDisks: [{ size: 40, encrypted: true }, { size: 40 }] })).toEqual([
    "dataDisks[1] is not encrypted: set encrypted: true",
  ]);
  const instance = validate("encrypted-data-disks", "Instance", { dataDisks: [{ size: 40 }] });
  expect(instance).toHaveLength(1);
  expect(instance[0]).toMatch(/^dataDisks\[0\] is not encrypted: /);
  expect(validate("encrypted-data-disks", "SecurityGroup", {})).toEqual([]);
});

test("required tags cover every taggable kind and take the configured keys", () => {
  for (const kind of ["Instance", "Disk", "SecurityGroup", "KeyPair", "LaunchTemplate"]) {
    expect(validate("required-tags", kind, { tags: { app: "web" } })).toEqual(["missing tag environment (required: environment)"]);
  }
  expect(validate("required-tags", "DeploymentSet", {})).toEqual([]); // no tags in its schema
  expect(validate("required-tags", "Instance", { tags: { team: "a" } }, { requiredTags: ["team"] })).toEqual([]);
});

test("deletion protection follows the stack name the engine gives the pack", () => {
  expect(validate("deletion-protection", "Instance", {})).toEqual(["stack prod-eu requires deletionProtection: true on every instance"]);
  expect(validate("deletion-protection", "Instance", { deletionProtection: true })).toEqual([]);
  expect(validate("deletion-protection", "Instance", {}, { stacks: ["dev", "prod"] })).toEqual([]);
});

test("allowed regions fall back to the stack's alicloud-ecs:region; instance types take patterns", () => {
  expect(validate("allowed-regions", "KeyPair", {}, { allowedRegions: ["cn-hangzhou"] })).toEqual([
    "region cn-beijing (the stack's default region) is not allowed (allowed: cn-hangzhou)",
  ]);
  expect(validate("allowed-regions", "DeploymentSet", { region: "cn-hangzhou" }, { allowedRegions: ["cn-hangzhou"] })).toEqual([]);
  expect(validate("allowed-regions", "DeploymentSet", { region: "cn-hangzhou" })).toEqual([]);
  expect(validate("allowed-instance-types", "Instance", { instanceType: "ecs.g7.large" }, { allowedInstanceTypes: ["ecs.t6-*"] })).toEqual([
    "instance type ecs.g7.large is not allowed (allowed: ecs.t6-*)",
  ]);
});

test("the pack folder: PulumiPolicy.yaml runs the compiled pack, at the package's version", () => {
  const pack = JSON.parse(readFileSync(path.join(ROOT, "policy", "package.json"), "utf8")) as { main: string; version: string };
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string; files: string[]; dependencies: Record<string, string> };
  expect(pack.version).toBe(pkg.version);
  expect(path.resolve(ROOT, "policy", pack.main)).toBe(path.join(ROOT, "dist", "policy", "index.js"));
  expect(readFileSync(path.join(ROOT, "policy", "PulumiPolicy.yaml"), "utf8")).toMatch(/runtime:\s*\n\s*name: nodejs\s*\n\s*options:\s*\n\s*typescript: false/);
  // What `--policy-pack node_modules/pulumi-alicloud-ecs/policy` needs is in the published package.
  expect(pkg.files).toEqual(expect.arrayContaining(["dist/policy", "policy/PulumiPolicy.yaml", "policy/package.json"]));
  expect(Object.keys(pkg.dependencies)).toContain("@pulumi/policy");
});
