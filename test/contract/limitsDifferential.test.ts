/** The provider's check and the emulator enforce the same limits (provider/spec/limits.ts): one corpus
 *  of values per limit goes to both — to the provider's check of the resource that has the property,
 *  and to the emulator in a real signed call of the action that takes it — and each value must be
 *  accepted by both or refused by both. A value the provider refuses but ECS takes is a valid program
 *  refused at preview; one the provider takes but ECS refuses fails in the middle of an `up`. */
import * as limits from "../../provider/spec/limits";
import { providerFor } from "../../provider";
import { callV1, type CallResult } from "../emulator/helpers";
import { IMAGE, providerSuite, REGION, ZONE, failurePath, type Bag } from "../provider/harness";
import type { Params } from "../../provider/client/params";

type Verdict = "accepted" | "refused";

interface Case {
  limit: string;
  value: unknown;
  provider: Verdict;
  emulator: Verdict;
  detail: string;
}

interface LimitCorpus<V> {
  /** The limit, as limits.ts names it, and which property/parameter carries it. */
  limit: string;
  values: readonly V[];
  /** The resource kind and its inputs with the value in place; failures under `path` count. */
  provider: { kind: string; inputs: (v: V) => Bag; path: string };
  /** The action and its parameters with the value in place. */
  emulator: { action: string; params: (v: V) => Params };
}

const suite = providerSuite(providerFor("Instance"));
const { h } = suite;
let sg = "";

beforeAll(async () => {
  sg = await h.securityGroup();
});

const providerVerdict = async <V>(c: LimitCorpus<V>, v: V): Promise<[Verdict, string]> => {
  const res = await providerFor(c.provider.kind).check!({}, h.inputs("diff", c.provider.inputs(v)));
  const hits = (res.failures ?? []).filter((f) => {
    const at = failurePath(f);
    return !c.provider.path || at === c.provider.path || at.startsWith(`${c.provider.path}.`) || at.startsWith(`${c.provider.path}[`);
  });
  const other = (res.failures ?? []).filter((f) => !hits.includes(f));
  if (other.length) throw new Error(`${c.limit}: the provider's base inputs are not valid: ${JSON.stringify(other)}`);
  return hits.length ? ["refused", hits.map((f) => f.reason).join("; ")] : ["accepted", ""];
};

const emulatorVerdict = async <V>(c: LimitCorpus<V>, v: V): Promise<[Verdict, string]> => {
  const res: CallResult = await callV1(h.emulator.url, c.emulator.action, { RegionId: REGION, ...c.emulator.params(v) }, { method: "POST", formBody: true });
  // DryRun: a request that would succeed answers DryRunOperation.
  if (res.status === 200 || res.body.Code === "DryRunOperation") return ["accepted", ""];
  return ["refused", `${res.body.Code as string} (${res.status})`];
};

async function run<V>(c: LimitCorpus<V>): Promise<Case[]> {
  h.emulator.admin.reset();
  sg = await h.securityGroup();
  const out: Case[] = [];
  for (const value of c.values) {
    const [provider, pWhy] = await providerVerdict(c, value);
    const [emulator, eWhy] = await emulatorVerdict(c, value);
    out.push({ limit: c.limit, value, provider, emulator, detail: [pWhy, eWhy].filter(Boolean).join(" | ") });
  }
  return out;
}

const long = (n: number, ch = "a"): string => ch.repeat(n);
const instance = (extra: Bag): Bag => ({ zoneId: ZONE, imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupIds: [sg], ...extra });
const runInstances = (extra: Params): Params => ({ ImageId: IMAGE, InstanceType: "ecs.g7.large", ZoneId: ZONE, SecurityGroupId: sg, DryRun: true, ...extra });

const NAMES = ["ab", "a", long(128), long(129), "Web-1.a:b_c", "名字", "1abc", "-abc", "_abc", "http://x.com", "a,b", "a b", "a/b", "Ab", "éclair"];
const DESCRIPTIONS = ["ab", "a", long(256), long(257), "http://x", "https://x", "see http://x", "with spaces, commas; and 中文"];
const HOST_NAMES = ["ab", "a", long(64), long(65), "web-1.example", "web..1", "web--1", "-web", "web-", ".web", "web_1", "123", "WEB.Example"];
const PASSWORDS = ["Abcdef12", "Abcdef1", long(30, "Ab1"), "abcdefgh", "abcdef12", "ABCDEF1!", "Abc_def1", 'Abc"def1', "Abc'def1", "Abc def1", "Abcdéf12", "/Abcdef1"];
const TAG_KEYS = ["k", long(128), long(129), "aliyun", "Aliyun-x", "acs:x", "x-acs:y", "http://x", "x https://y", "环境"];
const TAG_VALUES = ["", "v", long(128), long(129), "aliyun", "acs:v", "x http://y", "值"];

const CORPORA: Array<LimitCorpus<never>> = [
  {
    limit: "NAME (Instance.instanceName / RunInstances InstanceName)",
    values: NAMES,
    provider: { kind: "Instance", inputs: (v: string) => instance({ instanceName: v }), path: "instanceName" },
    emulator: { action: "RunInstances", params: (v: string) => runInstances({ InstanceName: v }) },
  },
  {
    limit: "NAME (Disk.diskName / CreateDisk DiskName)",
    values: NAMES,
    provider: { kind: "Disk", inputs: (v: string) => ({ zoneId: ZONE, size: 20, diskName: v }), path: "diskName" },
    emulator: { action: "CreateDisk", params: (v: string) => ({ ZoneId: ZONE, Size: 20, DiskName: v }) },
  },
  {
    limit: "NAME (SecurityGroup.securityGroupName / CreateSecurityGroup)",
    values: NAMES,
    provider: { kind: "SecurityGroup", inputs: (v: string) => ({ securityGroupName: v }), path: "securityGroupName" },
    emulator: { action: "CreateSecurityGroup", params: (v: string) => ({ SecurityGroupName: v }) },
  },
  {
    limit: "NAME (DeploymentSet.deploymentSetName / CreateDeploymentSet)",
    values: NAMES,
    provider: { kind: "DeploymentSet", inputs: (v: string) => ({ deploymentSetName: v }), path: "deploymentSetName" },
    emulator: { action: "CreateDeploymentSet", params: (v: string) => ({ DeploymentSetName: v }) },
  },
  {
    limit: "NAME (LaunchTemplate.launchTemplateName / CreateLaunchTemplate)",
    values: NAMES,
    provider: { kind: "LaunchTemplate", inputs: (v: string) => ({ launchTemplateName: v }), path: "launchTemplateName" },
    emulator: { action: "CreateLaunchTemplate", params: (v: string) => ({ LaunchTemplateName: v }) },
  },
  {
    limit: "KEY_PAIR_NAME (KeyPair.keyPairName / CreateKeyPair)",
    values: NAMES,
    provider: { kind: "KeyPair", inputs: (v: string) => ({ keyPairName: v }), path: "keyPairName" },
    emulator: { action: "CreateKeyPair", params: (v: string) => ({ KeyPairName: v }) },
  },
  {
    limit: "DESCRIPTION (Instance.description / RunInstances Description)",
    values: DESCRIPTIONS,
    provider: { kind: "Instance", inputs: (v: string) => instance({ description: v }), path: "description" },
    emulator: { action: "RunInstances", params: (v: string) => runInstances({ Description: v }) },
  },
  {
    limit: "DESCRIPTION (SecurityGroup.description / CreateSecurityGroup)",
    values: DESCRIPTIONS,
    provider: { kind: "SecurityGroup", inputs: (v: string) => ({ description: v }), path: "description" },
    emulator: { action: "CreateSecurityGroup", params: (v: string) => ({ Description: v }) },
  },
  {
    limit: "HOST_NAME, Linux (Instance.hostName / RunInstances HostName)",
    values: HOST_NAMES,
    provider: { kind: "Instance", inputs: (v: string) => instance({ hostName: v }), path: "hostName" },
    emulator: { action: "RunInstances", params: (v: string) => runInstances({ HostName: v }) },
  },
  {
    limit: "PASSWORD, Linux (Instance.password / RunInstances Password)",
    values: PASSWORDS,
    provider: { kind: "Instance", inputs: (v: string) => instance({ password: v }), path: "password" },
    emulator: { action: "RunInstances", params: (v: string) => runInstances({ Password: v }) },
  },
  {
    limit: "USER_DATA (Instance.userData / RunInstances UserData, Base64)",
    values: [1, limits.USER_DATA.maxBytes, limits.USER_DATA.maxBytes + 1],
    provider: { kind: "Instance", inputs: (n: number) => instance({ userData: long(n, "u") }), path: "userData" },
    emulator: { action: "RunInstances", params: (n: number) => runInstances({ UserData: Buffer.from(long(n, "u")).toString("base64") }) },
  },
  {
    limit: "BANDWIDTH_OUT (Instance.internetMaxBandwidthOut / RunInstances InternetMaxBandwidthOut)",
    values: [-1, 0, 1, limits.BANDWIDTH_OUT.max, limits.BANDWIDTH_OUT.max + 1],
    provider: { kind: "Instance", inputs: (v: number) => instance({ internetMaxBandwidthOut: v }), path: "internetMaxBandwidthOut" },
    emulator: { action: "RunInstances", params: (v: number) => runInstances({ InternetMaxBandwidthOut: v }) },
  },
  {
    limit: "INTERNET_CHARGE_TYPES (Instance.internetChargeType / RunInstances InternetChargeType)",
    values: [...limits.INTERNET_CHARGE_TYPES, "PayByHour", "paybytraffic"],
    provider: { kind: "Instance", inputs: (v: string) => instance({ internetChargeType: v }), path: "internetChargeType" },
    emulator: { action: "RunInstances", params: (v: string) => runInstances({ InternetChargeType: v }) },
  },
  {
    limit: "DISK_CATEGORIES, system (Instance.systemDisk / RunInstances SystemDisk.*)",
    values: diskCases("system"),
    provider: { kind: "Instance", inputs: ([category, size]: [string, number]) => instance({ systemDisk: { category, size } }), path: "systemDisk" },
    emulator: { action: "RunInstances", params: ([category, size]: [string, number]) => runInstances({ SystemDisk: { Category: category, Size: size } }) },
  },
  {
    limit: "DISK_CATEGORIES, data (Instance.dataDisks / RunInstances DataDisk.N.*)",
    values: diskCases("data"),
    provider: { kind: "Instance", inputs: ([category, size]: [string, number]) => instance({ dataDisks: [{ category, size }] }), path: "dataDisks" },
    emulator: { action: "RunInstances", params: ([category, size]: [string, number]) => runInstances({ DataDisk: [{ Category: category, Size: size }] }) },
  },
  {
    limit: "DISK_CATEGORIES, createDisk (Disk.category, Disk.size / CreateDisk)",
    values: diskCases("createDisk"),
    provider: { kind: "Disk", inputs: ([category, size]: [string, number]) => ({ zoneId: ZONE, category, size }), path: "" },
    emulator: { action: "CreateDisk", params: ([category, size]: [string, number]) => ({ ZoneId: ZONE, DiskCategory: category, Size: size }) },
  },
  {
    limit: "MAX_DATA_DISKS (Instance.dataDisks / RunInstances DataDisk.N)",
    values: [limits.MAX_DATA_DISKS, limits.MAX_DATA_DISKS + 1],
    provider: { kind: "Instance", inputs: (n: number) => instance({ dataDisks: Array.from({ length: n }, () => ({ category: "cloud_essd", size: 20 })) }), path: "dataDisks" },
    emulator: { action: "RunInstances", params: (n: number) => runInstances({ DataDisk: Array.from({ length: n }, () => ({ Category: "cloud_essd", Size: 20 })) }) },
  },
  {
    limit: "TAGS, keys (Instance.tags / RunInstances Tag.N.Key)",
    values: TAG_KEYS,
    provider: { kind: "Instance", inputs: (k: string) => instance({ tags: { [k]: "v" } }), path: "tags" },
    emulator: { action: "RunInstances", params: (k: string) => runInstances({ Tag: [{ Key: k, Value: "v" }] }) },
  },
  {
    limit: "TAGS, values (Instance.tags / RunInstances Tag.N.Value)",
    values: TAG_VALUES,
    provider: { kind: "Instance", inputs: (v: string) => instance({ tags: { k: v } }), path: "tags" },
    emulator: { action: "RunInstances", params: (v: string) => runInstances({ Tag: [{ Key: "k", Value: v }] }) },
  },
  {
    // The provider adds its ownership tag to the program's: n tags in the program are n + 1 on the wire.
    limit: "TAGS, count (Instance.tags, beside the ownership tag / RunInstances Tag.N)",
    values: [limits.TAGS.maxPerResource - 1, limits.TAGS.maxPerResource],
    provider: { kind: "Instance", inputs: (n: number) => instance({ tags: Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"])) }), path: "tags" },
    emulator: {
      action: "RunInstances",
      params: (n: number) => runInstances({ Tag: [...Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: "v" })), { Key: "pulumi:project/stack", Value: "Instance/web" }] }),
    },
  },
  {
    limit: "MAX_SECURITY_GROUPS_PER_INSTANCE (Instance.securityGroupIds / RunInstances SecurityGroupIds.N)",
    values: [limits.MAX_SECURITY_GROUPS_PER_INSTANCE, limits.MAX_SECURITY_GROUPS_PER_INSTANCE + 1],
    provider: { kind: "Instance", inputs: (n: number) => instance({ securityGroupIds: Array.from({ length: n }, () => sg) }), path: "securityGroupIds" },
    emulator: { action: "RunInstances", params: (n: number) => ({ ...runInstances({}), SecurityGroupId: undefined, SecurityGroupIds: Array.from({ length: n }, () => sg) }) },
  },
  {
    limit: "DEPLOYMENT_STRATEGIES (DeploymentSet.strategy / CreateDeploymentSet Strategy)",
    values: [...limits.DEPLOYMENT_STRATEGIES, "Anywhere", "availability"],
    provider: { kind: "DeploymentSet", inputs: (v: string) => ({ strategy: v }), path: "strategy" },
    emulator: { action: "CreateDeploymentSet", params: (v: string) => ({ Strategy: v }) },
  },
  {
    limit: "ON_UNABLE_TO_REDEPLOY (DeploymentSet.onUnableToRedeployFailedInstance / CreateDeploymentSet)",
    values: [...limits.ON_UNABLE_TO_REDEPLOY, "Pray"],
    provider: { kind: "DeploymentSet", inputs: (v: string) => ({ onUnableToRedeployFailedInstance: v }), path: "onUnableToRedeployFailedInstance" },
    emulator: { action: "CreateDeploymentSet", params: (v: string) => ({ OnUnableToRedeployFailedInstance: v }) },
  },
  {
    limit: "INNER_ACCESS_POLICIES (SecurityGroup.innerAccessPolicy / ModifySecurityGroupPolicy)",
    values: [...limits.INNER_ACCESS_POLICIES, "Allow"],
    provider: { kind: "SecurityGroup", inputs: (v: string) => ({ innerAccessPolicy: v }), path: "innerAccessPolicy" },
    emulator: { action: "ModifySecurityGroupPolicy", params: (v: string) => ({ SecurityGroupId: sg, InnerAccessPolicy: v }) },
  },
  {
    limit: "RULE_PRIORITY (SecurityGroup.ingress[].priority / AuthorizeSecurityGroup Permissions.N.Priority)",
    values: [0, 1, limits.RULE_PRIORITY.max, limits.RULE_PRIORITY.max + 1],
    provider: { kind: "SecurityGroup", inputs: (v: number) => ({ ingress: [{ ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: "10.0.0.0/8", priority: v }] }), path: "ingress" },
    emulator: { action: "AuthorizeSecurityGroup", params: (v: number) => ({ SecurityGroupId: sg, Permissions: [{ IpProtocol: "tcp", PortRange: "22/22", SourceCidrIp: "10.0.0.0/8", Priority: v }] }) },
  },
  {
    limit: "RULE_DESCRIPTION (SecurityGroup.ingress[].description / AuthorizeSecurityGroup)",
    values: ["", "x", long(limits.RULE_DESCRIPTION.max), long(limits.RULE_DESCRIPTION.max + 1), "http://x"],
    provider: { kind: "SecurityGroup", inputs: (v: string) => ({ ingress: [{ ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: "10.0.0.0/8", description: v }] }), path: "ingress" },
    emulator: { action: "AuthorizeSecurityGroup", params: (v: string) => ({ SecurityGroupId: sg, Permissions: [{ IpProtocol: "tcp", PortRange: "22/22", SourceCidrIp: "10.0.0.0/8", Description: v }] }) },
  },
  {
    limit: "RULE_PROTOCOLS and PORT_RANGE (SecurityGroup.ingress[] / AuthorizeSecurityGroup)",
    values: [
      ["tcp", "22/22"], ["TCP", "1/65535"], ["udp", "53"], ["tcp", "0/22"], ["tcp", "22/65536"], ["tcp", "30/20"], ["tcp", "-1/-1"],
      ["icmp", "-1/-1"], ["icmp", "22/22"], ["gre", "-1/-1"], ["all", "-1/-1"], ["all", "1/65535"], ["sctp", "22/22"], ["icmpv6", "-1/-1"],
    ] as Array<[string, string]>,
    provider: { kind: "SecurityGroup", inputs: ([ipProtocol, portRange]: [string, string]) => ({ ingress: [{ ipProtocol, portRange, sourceCidrIp: "10.0.0.0/8" }] }), path: "ingress" },
    emulator: { action: "AuthorizeSecurityGroup", params: ([p, r]: [string, string]) => ({ SecurityGroupId: sg, Permissions: [{ IpProtocol: p, PortRange: r, SourceCidrIp: "10.0.0.0/8" }] }) },
  },
] as unknown as Array<LimitCorpus<never>>;

/** Each category's bounds and one step past them, for a disk role; plus an unknown category. */
function diskCases(role: limits.DiskRole): Array<[string, number]> {
  const cases: Array<[string, number]> = [["cloud_nope", 40]];
  for (const category of Object.keys(limits.DISK_CATEGORIES)) {
    const r = limits.diskSizeRange(category, role);
    if (!r) {
      cases.push([category, 40]);
      continue;
    }
    // The system disk must also hold the image (20 GiB): sizes below it are the image's rule, not the category's.
    const min = role === "system" ? Math.max(r.min, 20) : r.min;
    cases.push([category, min], [category, r.max], [category, r.max + 1]);
    if (min > 1 && !(role === "system" && r.min < 20)) cases.push([category, min - 1]);
  }
  return cases;
}

test.each(CORPORA.map((c) => [c.limit, c] as const))("%s: the provider's check and the emulator agree on every value", async (_name, corpus) => {
  const cases = await run(corpus);
  expect(cases.length).toBe(corpus.values.length);
  const disagreements = cases.filter((c) => c.provider !== c.emulator).map((c) => `${JSON.stringify(c.value).slice(0, 60)}: provider ${c.provider}, emulator ${c.emulator} (${c.detail})`);
  expect(disagreements).toEqual([]);
  // Each corpus has values on both sides of the limit.
  expect(new Set(cases.map((c) => c.emulator)).size).toBe(2);
});
