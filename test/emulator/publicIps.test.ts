/** Public IP addresses: allocated by RunInstances with outbound bandwidth and by AllocatePublicIpAddress,
 *  reported by DescribeInstances, unique per account and region, released with the instance. */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { defaultVSwitchId } from "../../emulator/catalog";
import { PUBLIC_IP_POOL_SIZE, PublicIpPool } from "../../emulator/models/network";
import { ApiError } from "../../emulator/errors";
import { Store } from "../../emulator/state";
import { jsonArray, type Params } from "../../provider/client/params";
import { callV1, ok, type CallOptions } from "./helpers";

const OTHER: CallOptions = { accessKeyId: "second-account", accessKeySecret: "second-secret" };
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({
    clock: "manual",
    delayScale: 0,
    credentials: [
      { accessKeyId: "ecs-emulator", accessKeySecret: "ecs-emulator-secret" },
      { accessKeyId: OTHER.accessKeyId!, accessKeySecret: OTHER.accessKeySecret! },
    ],
  });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.admin.reset();
  emu.admin.setDelayScale(0);
});

const call = (action: string, params: Params, region = "cn-hangzhou", o: CallOptions = {}) =>
  callV1(emu.url, action, { RegionId: region, ...params }, o);

async function run(extra: Params, region = "cn-hangzhou", o: CallOptions = {}): Promise<string[]> {
  const sg = extra.SecurityGroupId ?? ok(await call("CreateSecurityGroup", {}, region, o)).SecurityGroupId;
  const zone = region === "cn-hangzhou" ? "cn-hangzhou-h" : "cn-shanghai-e";
  const params = { ImageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd", InstanceType: "ecs.g7.large", SecurityGroupId: sg, VSwitchId: defaultVSwitchId(zone), ...extra };
  return ok(await call("RunInstances", params, region, o)).InstanceIdSets.InstanceIdSet;
}

async function publicIps(ids: string[], region = "cn-hangzhou", o: CallOptions = {}): Promise<string[][]> {
  const found = ok(await call("DescribeInstances", { InstanceIds: jsonArray(ids) }, region, o)).Instances.Instance as { InstanceId: string; PublicIpAddress: { IpAddress: string[] } }[];
  return ids.map((id) => found.find((i) => i.InstanceId === id)!.PublicIpAddress.IpAddress);
}

describe("RunInstances", () => {
  it("gives each instance with InternetMaxBandwidthOut > 0 one address from the region's range", async () => {
    const [first] = await run({ InternetMaxBandwidthOut: 5 });
    const fleet = await run({ InternetMaxBandwidthOut: 1, Amount: 3 });
    expect(await publicIps([first, ...fleet])).toEqual([["47.96.0.10"], ["47.96.0.11"], ["47.96.0.12"], ["47.96.0.13"]]);
    const inst = ok(await call("DescribeInstances", { InstanceIds: jsonArray([first]) })).Instances.Instance[0];
    expect(inst.EipAddress.IpAddress).toBe(""); // a public IP, not an EIP
    expect(inst.InternetMaxBandwidthOut).toBe(5);
  });

  it("gives none with InternetMaxBandwidthOut 0 (the default)", async () => {
    const [zero] = await run({ InternetMaxBandwidthOut: 0 });
    const [unset] = await run({});
    expect(await publicIps([zero, unset])).toEqual([[], []]);
  });

  it("keeps addresses unique per account and region: another region or account has its own range", async () => {
    const [hz] = await run({ InternetMaxBandwidthOut: 5 });
    const [sh] = await run({ InternetMaxBandwidthOut: 5 }, "cn-shanghai");
    const [other] = await run({ InternetMaxBandwidthOut: 5 }, "cn-hangzhou", OTHER);
    expect(await publicIps([hz])).toEqual([["47.96.0.10"]]);
    expect(await publicIps([sh], "cn-shanghai")).toEqual([["47.97.0.10"]]);
    expect(await publicIps([other], "cn-hangzhou", OTHER)).toEqual([["47.96.0.10"]]);
  });

  it("takes InternetMaxBandwidthOut from a launch template", async () => {
    const template = ok(await call("CreateLaunchTemplate", { LaunchTemplateName: "with-bandwidth", InternetMaxBandwidthOut: 5 })).LaunchTemplateId as string;
    const [id] = await run({ LaunchTemplateId: template });
    expect(await publicIps([id])).toEqual([["47.96.0.10"]]);
  });

  it("a ClientToken retry returns the same instance and allocates no second address", async () => {
    const sg = ok(await call("CreateSecurityGroup", {})).SecurityGroupId as string;
    const [a] = await run({ InternetMaxBandwidthOut: 5, SecurityGroupId: sg, ClientToken: "retry-1" });
    const [b] = await run({ InternetMaxBandwidthOut: 5, SecurityGroupId: sg, ClientToken: "retry-1" });
    expect(b).toBe(a);
    const [c] = await run({ InternetMaxBandwidthOut: 5 });
    expect(await publicIps([a, c])).toEqual([["47.96.0.10"], ["47.96.0.11"]]);
  });
});

describe("release and lookup", () => {
  it("frees the address when the instance is released; the lowest free address is handed out next", async () => {
    const [a, b] = await run({ InternetMaxBandwidthOut: 5, Amount: 2 });
    expect(await publicIps([a, b])).toEqual([["47.96.0.10"], ["47.96.0.11"]]);
    ok(await call("DeleteInstance", { InstanceId: a, Force: true }));
    const byIp = ok(await call("DescribeInstances", { PublicIpAddresses: jsonArray(["47.96.0.10"]) }));
    expect(byIp.TotalCount).toBe(0);
    const [c] = await run({ InternetMaxBandwidthOut: 5 });
    expect(await publicIps([b, c])).toEqual([["47.96.0.11"], ["47.96.0.10"]]);
  });

  it("DescribeInstances filters by PublicIpAddresses", async () => {
    const [a, b] = await run({ InternetMaxBandwidthOut: 5, Amount: 2 });
    await run({});
    const found = ok(await call("DescribeInstances", { PublicIpAddresses: jsonArray(["47.96.0.11", "47.96.9.9"]) }));
    expect(found.Instances.Instance.map((i: { InstanceId: string }) => i.InstanceId)).toEqual([b]);
    expect(a).not.toBe(b);
  });
});

describe("ModifyInstanceSpec and AllocatePublicIpAddress", () => {
  it("raising the bandwidth from 0 allocates nothing; AllocatePublicIpAddress does, once", async () => {
    await run({ InternetMaxBandwidthOut: 5 }); // holds 47.96.0.10
    const [id] = await run({ InternetMaxBandwidthOut: 0 });
    ok(await call("ModifyInstanceSpec", { InstanceId: id, InternetMaxBandwidthOut: 10 }));
    expect(await publicIps([id])).toEqual([[]]);

    const allocated = ok(await callV1(emu.url, "AllocatePublicIpAddress", { InstanceId: id })); // RegionId is optional
    expect(allocated.IpAddress).toBe("47.96.0.11");
    expect(await publicIps([id])).toEqual([["47.96.0.11"]]);

    const again = await call("AllocatePublicIpAddress", { InstanceId: id });
    expect([again.status, again.body.Code]).toEqual([403, "AllocatedAlready"]);
    expect(await publicIps([id])).toEqual([["47.96.0.11"]]);
  });

  it("works on a Stopped instance and refuses a Pending one", async () => {
    const [stopped] = await run({});
    ok(await call("StopInstance", { InstanceId: stopped }));
    expect(ok(await call("AllocatePublicIpAddress", { InstanceId: stopped })).IpAddress).toBe("47.96.0.10");

    emu.admin.setDelayScale(1);
    const [pending] = await run({});
    const refused = await call("AllocatePublicIpAddress", { InstanceId: pending });
    expect([refused.status, refused.body.Code]).toEqual([403, "IncorrectInstanceStatus"]);
    expect(await publicIps([pending])).toEqual([[]]);
  });

  it("names a missing instance or parameter", async () => {
    const missing = await call("AllocatePublicIpAddress", { InstanceId: "i-doesnotexist0000000" });
    expect([missing.status, missing.body.Code]).toEqual([404, "InvalidInstanceId.NotFound"]);
    const noId = await call("AllocatePublicIpAddress", {});
    expect([noId.status, noId.body.Code]).toEqual([400, "MissingParameter"]);
    expect(noId.body.Message).toContain("InstanceId");
  });
});

describe("PublicIpPool", () => {
  const region = () => new Store(undefined, () => 0).region("ecs-emulator", "cn-beijing");

  it("hands out .1–.254 of each /24 in order and fails with InsufficientPublicIp when used up", () => {
    const reg = region();
    const pool = new PublicIpPool(reg, 247);
    const ips = Array.from({ length: 247 }, () => pool.allocate());
    expect(ips[0]).toBe("47.98.0.10");
    expect(ips[244]).toBe("47.98.0.254");
    expect(ips[245]).toBe("47.98.1.1");
    expect(new Set(ips).size).toBe(247);
    expect(() => pool.allocate()).toThrow(expect.objectContaining({ code: "InsufficientPublicIp", httpStatus: 400 }));
  });

  it("reserve refuses a batch larger than what is free, before anything is allocated", () => {
    const pool = new PublicIpPool(region(), 3);
    pool.allocate();
    expect(() => pool.reserve(2)).not.toThrow();
    expect(() => pool.reserve(3)).toThrow(ApiError);
    expect(PUBLIC_IP_POOL_SIZE).toBe(65015);
  });
});
