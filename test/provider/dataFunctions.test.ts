/** The sdk's data functions against the emulator over HTTP, configured the way a program is:
 *  through its stack config (alicloud-ecs:*), or through the environment. */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator, type RunningEmulator } from "../../emulator";
import { EcsClient } from "../../provider/client";
import { TencentApiError } from "../../provider/tencent";
import * as sdk from "../../sdk";
import {
  getImages,
  getInstanceStatuses,
  getInstanceStatusesOutput,
  getInstanceTypes,
  getRegions,
  getRegionsOutput,
  getReservedInstances,
  getTencentBareMetalRegions,
  getTencentBareMetalRegionsOutput,
  getZones,
  getZonesOutput,
} from "../../sdk";
import { collectReservedInstances } from "../../sdk/data/reservedInstances";
import { FUNCTIONS } from "../../sdk/data/spec";

const REGION = "cn-hangzhou";
const IMAGE = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
let emu: RunningEmulator;
const savedEnv = { ...process.env };

/** What `pulumi config set` would hold for this program. */
function stackConfig(extra: Record<string, string> = {}): void {
  pulumi.runtime.setAllConfig(
    {
      "alicloud-ecs:endpoint": emu.url,
      "alicloud-ecs:region": REGION,
      "alicloud-ecs:accessKeyId": DEFAULT_ACCESS_KEY_ID,
      "alicloud-ecs:accessKeySecret": DEFAULT_ACCESS_KEY_SECRET,
      ...extra,
    },
    ["alicloud-ecs:accessKeySecret", "alicloud-ecs:tencentSecretKey"],
  );
}

const value = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply((v) => resolve(v)));
const calls = (action: string): number => emu.admin.callCounts()[action] ?? 0;

beforeAll(async () => {
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
  for (const k of ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION", "ALIBABA_CLOUD_ECS_ENDPOINT", "ALIBABA_CLOUD_PROFILE"]) delete process.env[k];
  emu = await startEmulator({ delayScale: 0 });
});
afterAll(async () => {
  process.env = savedEnv;
  await emu.close();
});
beforeEach(() => {
  stackConfig();
  emu.admin.resetCallCounts();
});

describe("getRegions (seed 000)", () => {
  test("lists the regions, in the language asked, filtered by charge type and resource type", async () => {
    const all = await getRegions();
    expect(all.ids).toEqual(expect.arrayContaining(["cn-hangzhou", "cn-shanghai", "eu-central-1"]));
    expect(all.regions.find((r) => r.regionId === "cn-hangzhou")).toMatchObject({ localName: "华东1（杭州）", status: "available" });
    const english = await getRegions({ acceptLanguage: "en-US" });
    expect(english.regions.find((r) => r.regionId === "cn-hangzhou")?.localName).toBe("China (Hangzhou)");
    expect((await getRegions({ instanceChargeType: "PrePaid" })).ids).not.toContain("eu-central-1");
    expect((await getRegions({ resourceType: "reservedinstance" })).ids).not.toContain("us-west-1");
    // An unknown enum value is refused before any call, naming the argument and the values.
    emu.admin.resetCallCounts();
    await expect(getRegions({ resourceType: "gpu" as never })).rejects.toThrow(/^getRegions: resourceType must be one of instance, disk, reservedinstance, scu \(got "gpu"\)$/);
    expect(emu.admin.callCounts()).toEqual({});
    // the Output variant takes Inputs
    expect((await value(getRegionsOutput({ acceptLanguage: pulumi.output("ja" as const) }))).regions.find((r) => r.regionId === "cn-hangzhou")?.localName).toBe("中国 (杭州)");
  });
});

test("getZones: zones of the configured region, or of the region asked", async () => {
  const zones = await getZones();
  expect(zones).toMatchObject({ region: REGION, ids: ["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"] });
  expect(zones.zones[0]!.availableDiskCategories).toContain("cloud_essd");
  expect(zones.zones[0]!.availableInstanceTypes).toContain("ecs.g7.large");
  expect((await value(getZonesOutput({ region: pulumi.output("cn-beijing") }))).ids).toEqual(["cn-beijing-g", "cn-beijing-h", "cn-beijing-i"]);
});

test("getInstanceStatuses (seed 004) walks every page, 50 at a time: 120 instances in 3 calls", async () => {
  const sg = (await callEcs<{ SecurityGroupId: string }>("CreateSecurityGroup", {})).SecurityGroupId;
  for (const amount of [100, 20]) await callEcs("RunInstances", { ImageId: IMAGE, InstanceType: "ecs.g7.large", SecurityGroupId: sg, ZoneId: "cn-hangzhou-h", Amount: String(amount) });
  emu.admin.resetCallCounts();
  const res = await getInstanceStatuses();
  expect(res.totalCount).toBe(120);
  expect(res.instanceStatuses).toHaveLength(120);
  expect(new Set(res.instanceStatuses.map((s) => s.instanceId)).size).toBe(120);
  expect(res.instanceStatuses.every((s) => s.status === "Running")).toBe(true);
  expect(calls("DescribeInstanceStatus")).toBe(3);
  // a zone with none of them: one call, nothing
  emu.admin.resetCallCounts();
  expect((await value(getInstanceStatusesOutput({ zoneId: "cn-hangzhou-i" }))).instanceStatuses).toEqual([]);
  expect(calls("DescribeInstanceStatus")).toBe(1);
});

test("getReservedInstances (seed 002): the reference's filters, every page", async () => {
  const all = await getReservedInstances();
  expect(all.totalCount).toBe(4);
  expect(all.reservedInstances[0]).toMatchObject({ regionId: REGION, instanceType: "ecs.g7.large", scope: "Region", tags: { team: "platform" } });
  expect((await getReservedInstances({ statuses: ["Expired"] })).reservedInstances.map((r) => r.instanceType)).toEqual(["ecs.c7.large"]);
  expect((await getReservedInstances({ instanceTypeFamily: "ecs.g7" })).reservedInstances).toHaveLength(2);
  expect((await getReservedInstances({ tags: { team: "platform" } })).reservedInstances).toHaveLength(1);
  const shared = await getReservedInstances({ allocationType: "Shared" });
  expect(shared.reservedInstances).toMatchObject([{ instanceType: "ecs.r7.large", allocationStatus: "allocated", operationLocks: ["financial"] }]);
  const byId = await getReservedInstances({ reservedInstanceIds: [all.reservedInstances[1]!.reservedInstanceId] });
  expect(byId.reservedInstances.map((r) => r.reservedInstanceId)).toEqual([all.reservedInstances[1]!.reservedInstanceId]);
  await expect(getReservedInstances({ zoneId: "cn-nowhere-z" })).rejects.toThrow(/InvalidZone\.NotFound/);
  // the walk: one page per reserved instance when pages hold one
  emu.admin.resetCallCounts();
  expect((await collectReservedInstances({}, 1)).reservedInstances.map((r) => r.reservedInstanceId)).toEqual(all.reservedInstances.map((r) => r.reservedInstanceId));
  expect(calls("DescribeReservedInstances")).toBe(4);
});

test("getImages and getInstanceTypes filter by the API and locally", async () => {
  const ubuntu = await getImages({ nameRegex: "^ubuntu_22_04" });
  expect(ubuntu.ids).toEqual([IMAGE]);
  expect(ubuntu.images[0]).toMatchObject({ osType: "linux", size: 20, status: "Available" });
  expect((await getImages({ osType: "windows" })).images.every((i) => i.osType === "windows")).toBe(true);
  expect((await getInstanceTypes({ instanceTypeFamily: "ecs.g7" })).ids.sort()).toEqual(["ecs.g7.large", "ecs.g7.xlarge"]);
  expect((await getInstanceTypes({ cpuCoreCount: 2, memorySize: 16 })).ids).toEqual(["ecs.r7.large"]);
});

test("without stack config, the usual environment chain is used", async () => {
  pulumi.runtime.setAllConfig({});
  Object.assign(process.env, {
    ALIBABA_CLOUD_ECS_ENDPOINT: emu.url,
    ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY_SECRET,
    ALIBABA_CLOUD_REGION_ID: "cn-shanghai",
  });
  try {
    expect((await getZones()).region).toBe("cn-shanghai");
  } finally {
    for (const k of ["ALIBABA_CLOUD_ECS_ENDPOINT", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_REGION_ID"]) delete process.env[k];
  }
  // a wrong secret in the stack config reaches the emulator and is refused there, without being echoed
  stackConfig({ "alicloud-ecs:accessKeySecret": "not-the-right-secret" });
  const err = await getZones().catch((e: Error) => e);
  expect(String(err)).toMatch(/SignatureDoesNotMatch|InvalidAccessKey/);
  expect(String(err)).not.toContain("not-the-right-secret");
});

describe("getTencentBareMetalRegions (seed 001)", () => {
  test("signs with HmacSHA1, maps the region/zone maps to typed, ordered lists", async () => {
    stackConfig({ "alicloud-ecs:tencentSecretId": DEFAULT_ACCESS_KEY_ID, "alicloud-ecs:tencentSecretKey": DEFAULT_ACCESS_KEY_SECRET, "alicloud-ecs:tencentEndpoint": emu.url });
    const res = await getTencentBareMetalRegions();
    expect(res.regions.map((r) => r.regionId)).toEqual([1, 4, 8]);
    expect(res.regions[2]).toEqual({
      regionId: 8,
      regionName: "华北地区（北京）",
      setName: "ap-beijing",
      zones: [
        { zoneId: 1000800001, zoneName: "北京物理机一区", zoneEname: "ap-beijing-bls-1" },
        { zoneId: 1000800002, zoneName: "北京物理机二区", zoneEname: "ap-beijing-bls-2" },
      ],
    });
    expect((await value(getTencentBareMetalRegionsOutput({ regionId: pulumi.output(4) }))).regions.map((r) => r.setName)).toEqual(["ap-shanghai"]);
  });

  test("a bad key is refused by the server's signature check, and named without its value", async () => {
    stackConfig({ "alicloud-ecs:tencentSecretId": DEFAULT_ACCESS_KEY_ID, "alicloud-ecs:tencentSecretKey": "wrong-tencent-key", "alicloud-ecs:tencentEndpoint": emu.url });
    const err = await getTencentBareMetalRegions().catch((e: Error) => e);
    expect(err).toBeInstanceOf(pulumi.RunError);
    expect((err as Error).cause).toBeInstanceOf(TencentApiError);
    expect(((err as Error).cause as TencentApiError).code).toBe(4100);
    expect(String(err)).toMatch(/AuthFailure\.SignatureFailure/);
    expect(String(err)).not.toContain("wrong-tencent-key");
  });

  test("without credentials it says where to set them", async () => {
    delete process.env.TENCENTCLOUD_SECRET_ID;
    delete process.env.TENCENTCLOUD_SECRET_KEY;
    await expect(getTencentBareMetalRegions()).rejects.toThrow(/alicloud-ecs:tencentSecretId.*TENCENTCLOUD_SECRET_ID/s);
  });
});

test("every function in schema.json is exported by the sdk, as a plain and an Output variant", () => {
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "../../schema.json"), "utf8")) as { functions: Record<string, unknown> };
  const names = Object.keys(schema.functions).map((token) => token.split(":")[2]!);
  expect(names).toEqual(Object.keys(FUNCTIONS));
  const exported = sdk as unknown as Record<string, unknown>;
  for (const name of names) {
    expect(typeof exported[name]).toBe("function");
    expect(typeof exported[`${name}Output`]).toBe("function");
  }
});

/** Setup calls go straight to the emulator with the same signed client the functions use. */
async function callEcs<T = Record<string, unknown>>(action: string, params: Record<string, string>): Promise<T> {
  const client = new EcsClient({ endpoint: emu.url, accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET, region: REGION, env: {} });
  try {
    return await client.call<T>(action, { RegionId: REGION, ...params });
  } finally {
    await client.close();
  }
}

describe("arguments are checked before any call, and fail the Pulumi way", () => {
  test.each([
    ["getZones", { region: "Mars" }, /^getZones: region is not a region id such as cn-hangzhou$/],
    ["getImages", { nameRegex: "(unclosed" }, /^getImages: nameRegex is not a valid regular expression: /],
    ["getImages", { osType: "beos" }, /^getImages: osType must be one of linux, windows/],
    ["getInstanceTypes", { cpuCoreCount: "two" }, /^getInstanceTypes: cpuCoreCount must be a whole number$/],
    ["getInstanceStatuses", { zone: "cn-hangzhou-h" }, /^getInstanceStatuses: zone is not an argument of getInstanceStatuses/],
    ["getReservedInstances", { reservedInstanceIds: Array.from({ length: 101 }, (_, i) => `ri-${i}`) }, /reservedInstanceIds must have at most 100 items/],
    ["getReservedInstances", { statuses: ["Active", "Sleeping"] }, /statuses must be one of Creating, Active/],
  ])("%s(%j)", async (name, args, message) => {
    emu.admin.resetCallCounts();
    const fn = (sdk as unknown as Record<string, (a: unknown) => Promise<unknown>>)[name]!;
    const err = await fn(args).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(pulumi.RunError);
    expect((err as Error).message).toMatch(message);
    expect(emu.admin.callCounts()).toEqual({});
  });
  test("a failing call is one line naming the function, the action, the code and the RequestId", async () => {
    const err = (await getZones({ region: "cn-nowhere" }).then(() => undefined, (e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(pulumi.RunError);
    expect(err.message).toMatch(/^getZones failed: ECS DescribeZones failed: \S+ \(HTTP \d+\): .* RequestId: [\w-]+\.?/);
  });
});

describe("lookups of existing resources", () => {
  let api: EcsClient;
  let sg: string;
  let web: string[];
  beforeAll(async () => {
    stackConfig();
    api = new EcsClient({ accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET, endpoint: emu.url, region: REGION });
    const vpcs = await api.call<{ Vpcs: { Vpc: { VpcId: string }[] } }>("DescribeVpcs", { RegionId: REGION });
    const vpcId = vpcs.Vpcs.Vpc[0]!.VpcId;
    sg = (await api.call<{ SecurityGroupId: string }>("CreateSecurityGroup", { RegionId: REGION, VpcId: vpcId, SecurityGroupName: "lookup-web", Tag: [{ Key: "team", Value: "web" }] })).SecurityGroupId;
    await api.call("CreateSecurityGroup", { RegionId: REGION, VpcId: vpcId, SecurityGroupName: "lookup-db" });
    const run = await api.call<{ InstanceIdSets: { InstanceIdSet: string[] } }>("RunInstances", {
      RegionId: REGION, ZoneId: "cn-hangzhou-h", ImageId: IMAGE, InstanceType: "ecs.g7.large", SecurityGroupId: sg, InstanceName: "lookup-web", Amount: 3,
      Tag: [{ Key: "team", Value: "web" }], DataDisk: [{ Category: "cloud_essd", Size: 40 }],
    });
    web = run.InstanceIdSets.InstanceIdSet;
    await api.call("ImportKeyPair", { RegionId: REGION, KeyPairName: "lookup-key", PublicKeyBody: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICeMAYeZE+AlFxHSYqYOjUeZcfj3m6oYevDd+p9InT2g x" });
    await api.call("CreateLaunchTemplate", { RegionId: REGION, LaunchTemplateName: "lookup-lt", ImageId: IMAGE });
    await api.call("CreateDeploymentSet", { RegionId: REGION, DeploymentSetName: "lookup-ds", Strategy: "Availability" });
  });
  afterAll(() => api.close());

  test("getInstances: API filters, nameRegex, every page; items in the Instance resource's property names", async () => {
    emu.admin.resetCallCounts();
    const found = await sdk.getInstances({ tags: { team: "web" }, securityGroupId: sg, nameRegex: "^lookup-" });
    expect(found.ids.sort()).toEqual([...web].sort());
    expect(found.instances[0]).toMatchObject({ region: REGION, zoneId: "cn-hangzhou-h", instanceName: "lookup-web", instanceType: "ecs.g7.large", securityGroupIds: [sg], tags: { team: "web" }, status: "Running" });
    expect(found.instances[0]!.privateIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(calls("DescribeInstances")).toBe(1);
    expect((await sdk.getInstances({ ids: [web[0]!] })).ids).toEqual([web[0]]);
    expect((await sdk.getInstances({ nameRegex: "^nothing$" })).instances).toEqual([]);
    // the Output variant takes Inputs
    expect((await value(sdk.getInstancesOutput({ securityGroupId: pulumi.output(sg) }))).ids.length).toBe(3);
  });

  test("getDisks, getSecurityGroups, getKeyPairs, getLaunchTemplates, getDeploymentSets", async () => {
    const disks = await sdk.getDisks({ instanceId: web[0]!, diskType: "data" });
    expect(disks.disks).toEqual([expect.objectContaining({ instanceId: web[0], category: "cloud_essd", size: 40, region: REGION })]);
    const groups = await sdk.getSecurityGroups({ nameRegex: "^lookup-" });
    expect(groups.securityGroups.map((g) => g.securityGroupName).sort()).toEqual(["lookup-db", "lookup-web"]);
    expect((await sdk.getSecurityGroups({ tags: { team: "web" } })).ids).toEqual([sg]);
    const keys = await sdk.getKeyPairs({ names: ["lookup-key"] });
    expect(keys.keyPairs).toEqual([expect.objectContaining({ keyPairName: "lookup-key", fingerPrint: expect.stringMatching(/^[0-9a-f:]+$/) })]);
    expect((await sdk.getLaunchTemplates({ names: ["lookup-lt"] })).launchTemplates).toEqual([expect.objectContaining({ launchTemplateName: "lookup-lt", latestVersionNumber: 1, defaultVersionNumber: 1 })]);
    expect((await sdk.getDeploymentSets({ nameRegex: "^lookup-" })).deploymentSets).toEqual([expect.objectContaining({ deploymentSetName: "lookup-ds", strategy: "Availability", instanceIds: [] })]);
  });

  test.each([
    ["getInstances", { status: "Sleeping" }, /^getInstances: status must be one of Pending, Running/],
    ["getInstances", { ids: "i-1" }, /^getInstances: ids must be a list$/],
    ["getDisks", { category: "tape" }, /^getDisks: category must be one of /],
    ["getSecurityGroups", { vpcId: "net-1" }, /^getSecurityGroups: vpcId must be a VPC id \(vpc-…\)$/],
    ["getKeyPairs", { nameRegex: "[" }, /^getKeyPairs: nameRegex is not a valid regular expression/],
    ["getDeploymentSets", { strategy: "Anywhere" }, /^getDeploymentSets: strategy must be one of Availability/],
  ])("%s(%j) is refused before any call", async (name, args, message) => {
    emu.admin.resetCallCounts();
    const fn = (sdk as unknown as Record<string, (a: unknown) => Promise<unknown>>)[name]!;
    await expect(fn(args)).rejects.toThrow(message);
    expect(emu.admin.callCounts()).toEqual({});
  });
});
