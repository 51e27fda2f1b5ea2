/** Instance actions and their status machine on a manual clock. */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { defaultVSwitchId } from "../../emulator/catalog";
import { DEFAULT_DELAYS } from "../../emulator/defaults";
import { jsonArray, type Params } from "../../provider/client/params";
import { callV1, createSecurityGroup, ok } from "./helpers";

const R = "cn-hangzhou";
let emu: RunningEmulator;
let sg: string;

beforeAll(async () => {
  emu = await startEmulator({ clock: "manual" });
  sg = await createSecurityGroup(emu.url);
});
afterAll(() => emu.close());

const call = (action: string, params: Params = {}) => callV1(emu.url, action, { RegionId: R, ...params });
const base = (extra: Params = {}): Params => ({
  ImageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd",
  InstanceType: "ecs.g7.large",
  SecurityGroupId: sg,
  VSwitchId: defaultVSwitchId("cn-hangzhou-h"),
  ...extra,
});
const status = async (id: string): Promise<string> => ok(await call("DescribeInstances", { InstanceIds: jsonArray([id]) })).Instances.Instance[0]?.Status;
const run = async (extra: Params = {}): Promise<string[]> => ok(await call("RunInstances", base(extra))).InstanceIdSets.InstanceIdSet;
const settle = () => emu.admin.advanceClock(60_000);

describe("RunInstances and the instance status machine", () => {
  it("goes Pending → Starting → Running as the clock advances", async () => {
    const [id] = await run({ InstanceName: "web-1" });
    expect(id).toMatch(/^i-[0-9a-z]{20}$/);
    expect(await status(id)).toBe("Pending");
    emu.admin.advanceClock(DEFAULT_DELAYS.instancePending);
    expect(await status(id)).toBe("Starting");
    emu.admin.advanceClock(DEFAULT_DELAYS.instanceStarting);
    expect(await status(id)).toBe("Running");
  });

  it("creates system and data disks with tags, and renders the reference shape", async () => {
    const [id] = await run({
      Tag: [{ Key: "env", Value: "test" }, { Key: "team", Value: "a" }],
      DataDisk: [{ Size: 40, Category: "cloud_essd" }, { Size: 100, DeleteWithInstance: false }],
      SystemDisk: { Category: "cloud_essd", Size: 50 },
      HostName: "web-host",
      Password: "Passw0rd!",
    });
    const inst = ok(await call("DescribeInstances", { InstanceIds: jsonArray([id]) })).Instances.Instance[0];
    expect(inst.Tags.Tag).toEqual([{ TagKey: "env", TagValue: "test" }, { TagKey: "team", TagValue: "a" }]);
    expect(inst.VpcAttributes.VSwitchId).toBe(defaultVSwitchId("cn-hangzhou-h"));
    expect(inst.VpcAttributes.PrivateIpAddress.IpAddress[0]).toMatch(/^172\.16\./);
    expect(inst.SecurityGroupIds.SecurityGroupId).toEqual([sg]);
    expect(inst.HostName).toBe("web-host");
    expect(inst).not.toHaveProperty("Password");
    const disks = ok(await call("DescribeDisks", { InstanceId: id })).Disks.Disk;
    expect(disks.map((d: { Type: string; Size: number }) => `${d.Type}:${d.Size}`).sort()).toEqual(["data:100", "data:40", "system:50"]);
  });

  it("creates Amount instances (up to 100) and rejects 101", async () => {
    const ids = await run({ Amount: 100, InstanceName: "fleet", UniqueSuffix: true });
    expect(new Set(ids).size).toBe(100);
    const page = ok(await call("DescribeInstances", { InstanceName: "fleet*", PageSize: 100 }));
    expect(page.TotalCount).toBe(100);
    expect(page.Instances.Instance[0].InstanceName).toBe("fleet001");
    const bad = await call("RunInstances", base({ Amount: 101 }));
    expect([bad.status, bad.body.Code]).toEqual([400, "InvalidParameter"]);
    expect(bad.body.Message).toContain('"Amount"');
  });

  it.each([
    ["16 data disks max", { DataDisk: Array.from({ length: 17 }, () => ({ Size: 20 })) }, "InstanceDiskNumber.LimitExceed", 400],
    ["data disk size range", { DataDisk: [{ Size: 10, Category: "cloud_essd" }] }, "InvalidDataDiskSize.ValueNotSupported", 400],
    ["system disk below image size", { SystemDisk: { Size: 10 } }, "InvalidSystemDiskSize.LessThanImageSize", 404],
    ["system disk above max", { SystemDisk: { Size: 4000 } }, "InvalidSystemDiskSize.MoreThanMaxSize", 404],
    ["21 tags", { Tag: Array.from({ length: 21 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) }, "InvalidTagCount", 400],
    ["instance name rule", { InstanceName: "1bad" }, "InvalidInstanceName.Malformed", 400],
    ["host name rule", { HostName: "-bad-" }, "InvalidHostName.Malformed", 400],
    ["password rule", { Password: "password" }, "InvalidPassword.Malformed", 400],
    ["unknown image", { ImageId: "nope.vhd" }, "InvalidImageId.NotFound", 404],
    ["unknown instance type", { InstanceType: "ecs.nope" }, "InvalidInstanceType.ValueNotSupported", 400],
    ["unknown key pair", { KeyPairName: "missing" }, "InvalidKeyPairName.NotFound", 404],
    ["unknown security group", { SecurityGroupId: "sg-missing" }, "InvalidSecurityGroupId.NotFound", 404],
    ["unknown vswitch", { VSwitchId: "vsw-missing" }, "InvalidVSwitchId.NotFound", 404],
    ["vswitch outside the zone", { ZoneId: "cn-hangzhou-i" }, "InvalidParameter.Mismatch", 400],
    ["unknown deployment set", { DeploymentSetId: "ds-missing" }, "InvalidDeploymentSetId.NotFound", 404],
    ["unknown launch template", { LaunchTemplateId: "lt-missing" }, "InvalidLaunchTemplate.NotExist", 404],
  ])("rejects %s", async (_label, extra, code, httpStatus) => {
    const r = await call("RunInstances", base(extra as Params));
    expect([r.status, r.body.Code]).toEqual([httpStatus, code]);
  });

  it("rejects a security group of another VPC than the vswitch", async () => {
    const vpcs = ok(await call("DescribeVpcs")).Vpcs.Vpc;
    expect(vpcs).toHaveLength(1);
    // A classic-style group (no VpcId) is accepted anywhere; a group whose VPC differs is not.
    const other = await createSecurityGroup(emu.url);
    emu.admin.modifyResource("securitygroup", other, { vpcId: "vpc-elsewhere" });
    const r = await call("RunInstances", base({ SecurityGroupId: other }));
    expect([r.status, r.body.Code]).toEqual([400, "InvalidParameter.Mismatch"]);
    expect(r.body.Message).toContain("same VPC");
  });

  it("accepts SecurityGroupIds.N and rejects it together with SecurityGroupId", async () => {
    const sg2 = await createSecurityGroup(emu.url);
    const [id] = await run({ SecurityGroupId: undefined, SecurityGroupIds: [sg, sg2] });
    const inst = ok(await call("DescribeInstances", { InstanceIds: jsonArray([id]) })).Instances.Instance[0];
    expect(inst.SecurityGroupIds.SecurityGroupId).toEqual([sg, sg2]);
    const r = await call("RunInstances", base({ SecurityGroupIds: [sg2] }));
    expect(r.body.Code).toBe("InvalidParameter.Conflict");
  });

  it("uses a launch template version, explicit fields winning", async () => {
    const lt = ok(
      await call("CreateLaunchTemplate", {
        LaunchTemplateName: "tpl-run",
        ImageId: "aliyun_3_x64_20G_alibase_20240528.vhd",
        InstanceType: "ecs.c7.large",
        SecurityGroupId: sg,
        VSwitchId: defaultVSwitchId("cn-hangzhou-h"),
        InstanceName: "from-template",
      }),
    );
    const [id] = ok(await call("RunInstances", { LaunchTemplateId: lt.LaunchTemplateId, InstanceType: "ecs.g7.xlarge" })).InstanceIdSets.InstanceIdSet;
    const inst = ok(await call("DescribeInstances", { InstanceIds: jsonArray([id]) })).Instances.Instance[0];
    expect([inst.ImageId, inst.InstanceType, inst.InstanceName]).toEqual(["aliyun_3_x64_20G_alibase_20240528.vhd", "ecs.g7.xlarge", "from-template"]);
  });
});

describe("DescribeInstances", () => {
  it("filters by status, zone, VPC, security group, tags and pages with NextToken", async () => {
    const ids = await run({ Amount: 5, Tag: [{ Key: "batch", Value: "nt" }] });
    settle();
    const byTag = ok(await call("DescribeInstances", { Tag: [{ Key: "batch", Value: "nt" }], MaxResults: 2 }));
    expect(byTag.Instances.Instance).toHaveLength(2);
    expect(byTag.NextToken).not.toBe("");
    const seen: string[] = byTag.Instances.Instance.map((i: { InstanceId: string }) => i.InstanceId);
    let token = byTag.NextToken as string;
    while (token) {
      const next = ok(await call("DescribeInstances", { Tag: [{ Key: "batch", Value: "nt" }], MaxResults: 2, NextToken: token }));
      seen.push(...next.Instances.Instance.map((i: { InstanceId: string }) => i.InstanceId));
      token = next.NextToken;
    }
    expect(seen.sort()).toEqual([...ids].sort());
    const running = ok(await call("DescribeInstances", { InstanceIds: jsonArray(ids), Status: "Running", ZoneId: "cn-hangzhou-h", SecurityGroupId: sg }));
    expect(running.TotalCount).toBe(5);
    expect(ok(await call("DescribeInstances", { InstanceIds: jsonArray(ids), Status: "Stopped" })).TotalCount).toBe(0);
    expect(ok(await call("DescribeInstances", { InstanceIds: jsonArray(ids), VpcId: "vpc-other" })).TotalCount).toBe(0);
  });

  it("accepts InstanceIds as RepeatList too, and limits it to 100", async () => {
    const [id] = await run();
    expect(ok(await call("DescribeInstances", { InstanceIds: [id] })).TotalCount).toBe(1);
    const tooMany = await call("DescribeInstances", { InstanceIds: jsonArray(Array.from({ length: 101 }, (_, i) => `i-${i}`)) });
    expect([tooMany.status, tooMany.body.Code]).toEqual([400, "InvalidParameter"]);
  });

  it("rejects an unknown Status and a PageSize above 100", async () => {
    expect((await call("DescribeInstances", { Status: "Sleeping" })).body.Code).toBe("InvalidStatus.NotFound");
    expect((await call("DescribeInstances", { PageSize: 101 })).body.Code).toBe("InvalidParameter");
  });
});

describe("lifecycle rules", () => {
  let id: string;
  beforeEach(async () => {
    [id] = await run();
    settle();
  });

  it("stops (Stopping → Stopped) and starts (Starting → Running)", async () => {
    ok(await call("StopInstance", { InstanceId: id }));
    expect(await status(id)).toBe("Stopping");
    emu.admin.advanceClock(DEFAULT_DELAYS.instanceStopping);
    expect(await status(id)).toBe("Stopped");
    expect((await call("StopInstance", { InstanceId: id })).body.Code).toBe("IncorrectInstanceStatus");
    ok(await call("StartInstance", { InstanceId: id }));
    expect(await status(id)).toBe("Starting");
    settle();
    expect(await status(id)).toBe("Running");
    const again = await call("StartInstance", { InstanceId: id });
    expect([again.status, again.body.Code]).toEqual([403, "IncorrectInstanceStatus"]);
  });

  it("reboots only a Running instance", async () => {
    ok(await call("RebootInstance", { InstanceId: id }));
    expect(await status(id)).toBe("Stopping");
    expect((await call("RebootInstance", { InstanceId: id })).body.Code).toBe("IncorrectInstanceStatus");
    settle();
    expect(await status(id)).toBe("Running");
  });

  it("refuses to delete a Running instance without Force; Force releases it with its disks", async () => {
    const r = await call("DeleteInstance", { InstanceId: id });
    expect([r.status, r.body.Code]).toEqual([403, "IncorrectInstanceStatus"]);
    const disks = ok(await call("DescribeDisks", { InstanceId: id })).Disks.Disk;
    expect(disks.length).toBe(1);
    ok(await call("DeleteInstance", { InstanceId: id, Force: true }));
    expect(await status(id)).toBe("Stopping");
    settle();
    expect(ok(await call("DescribeInstances", { InstanceIds: jsonArray([id]) })).TotalCount).toBe(0);
    expect(ok(await call("DescribeDisks", { DiskIds: jsonArray([disks[0].DiskId]) })).TotalCount).toBe(0);
    expect((await call("DeleteInstance", { InstanceId: id })).body.Code).toBe("InvalidInstanceId.NotFound");
  });

  it("keeps data disks with DeleteWithInstance=false as Available", async () => {
    const [withDisk] = await run({ DataDisk: [{ Size: 20, DeleteWithInstance: false }, { Size: 20 }] });
    settle();
    ok(await call("StopInstance", { InstanceId: withDisk }));
    settle();
    ok(await call("DeleteInstance", { InstanceId: withDisk }));
    settle();
    const left = ok(await call("DescribeDisks", { DiskType: "data", Status: "Available", PageSize: 100 })).Disks.Disk.filter(
      (d: { DeleteWithInstance: boolean; Size: number }) => d.Size === 20 && !d.DeleteWithInstance,
    );
    expect(left.length).toBeGreaterThanOrEqual(1);
  });

  it("honours deletion protection", async () => {
    ok(await call("ModifyInstanceAttribute", { InstanceId: id, DeletionProtection: true }));
    const r = await call("DeleteInstance", { InstanceId: id, Force: true });
    expect([r.status, r.body.Code]).toEqual([400, "InvalidOperation.DeletionProtection"]);
    ok(await call("ModifyInstanceAttribute", { InstanceId: id, DeletionProtection: false }));
    ok(await call("DeleteInstance", { InstanceId: id, Force: true }));
  });

  it("refuses to delete a Pending instance without Force", async () => {
    const [fresh] = await run();
    expect((await call("DeleteInstance", { InstanceId: fresh })).body.Code).toBe("IncorrectInstanceStatus.Initializing");
  });

  it("modifies attributes and validates them", async () => {
    ok(await call("ModifyInstanceAttribute", { InstanceId: id, InstanceName: "renamed", Description: "dd", HostName: "new-host" }));
    const inst = ok(await call("DescribeInstances", { InstanceIds: jsonArray([id]) })).Instances.Instance[0];
    expect([inst.InstanceName, inst.Description, inst.HostName]).toEqual(["renamed", "dd", "new-host"]);
    // Descriptions are 2-256 characters (provider/spec/limits.ts DESCRIPTION, today's API).
    expect((await call("ModifyInstanceAttribute", { InstanceId: id, Description: "d" })).body.Code).toBe("InvalidDescription.Malformed");
    expect((await call("ModifyInstanceAttribute", { InstanceId: id, Password: "short" })).body.Code).toBe("InvalidPassword.Malformed");
    expect((await call("ModifyInstanceAttribute", { InstanceId: "i-missing", InstanceName: "x1" })).body.Code).toBe("InvalidInstanceId.NotFound");
  });

  it("changes the instance type only when Stopped; bandwidth when Running", async () => {
    const r = await call("ModifyInstanceSpec", { InstanceId: id, InstanceType: "ecs.g7.xlarge" });
    expect([r.status, r.body.Code]).toEqual([400, "InvalidInstanceStatus.NotStopped"]);
    ok(await call("ModifyInstanceSpec", { InstanceId: id, InternetMaxBandwidthOut: 10 }));
    expect((await call("ModifyInstanceSpec", { InstanceId: id, InstanceType: "ecs.g7.xlarge", InternetMaxBandwidthOut: 5 })).body.Code).toBe(
      "InvalidParameter.Mismatch",
    );
    ok(await call("StopInstance", { InstanceId: id }));
    settle();
    ok(await call("ModifyInstanceSpec", { InstanceId: id, InstanceType: "ecs.g7.xlarge" }));
    const inst = ok(await call("DescribeInstances", { InstanceIds: jsonArray([id]) })).Instances.Instance[0];
    expect([inst.InstanceType, inst.Cpu, inst.Memory, inst.InternetMaxBandwidthOut]).toEqual(["ecs.g7.xlarge", 4, 16384, 10]);
  });

  it("moves to another vswitch of the VPC only when Stopped, and to the same zone", async () => {
    const target = defaultVSwitchId("cn-hangzhou-i");
    expect((await call("ModifyInstanceVpcAttribute", { InstanceId: id, VSwitchId: defaultVSwitchId("cn-hangzhou-h") })).body.Code).toBe("IncorrectInstanceStatus");
    ok(await call("StopInstance", { InstanceId: id }));
    settle();
    expect((await call("ModifyInstanceVpcAttribute", { InstanceId: id, VSwitchId: target })).body.Code).toBe("InvalidVSwitchId.Mismatch");
    const bad = await call("ModifyInstanceVpcAttribute", { InstanceId: id, VSwitchId: defaultVSwitchId("cn-hangzhou-h"), PrivateIpAddress: "10.0.0.5" });
    expect(bad.body.Code).toBe("InvalidPrivateIpAddress.Mismatch");
    ok(await call("ModifyInstanceVpcAttribute", { InstanceId: id, VSwitchId: defaultVSwitchId("cn-hangzhou-h"), PrivateIpAddress: "172.16.0.200" }));
    const inst = ok(await call("DescribeInstances", { InstanceIds: jsonArray([id]) })).Instances.Instance[0];
    expect(inst.VpcAttributes.PrivateIpAddress.IpAddress).toEqual(["172.16.0.200"]);
  });

  it("joins and leaves security groups with the documented rules", async () => {
    const sg2 = await createSecurityGroup(emu.url);
    ok(await call("JoinSecurityGroup", { InstanceId: id, SecurityGroupId: sg2 }));
    expect((await call("JoinSecurityGroup", { InstanceId: id, SecurityGroupId: sg2 })).body.Code).toBe("InvalidInstanceId.AlreadyExists");
    ok(await call("LeaveSecurityGroup", { InstanceId: id, SecurityGroupId: sg }));
    const last = await call("LeaveSecurityGroup", { InstanceId: id, SecurityGroupId: sg2 });
    expect([last.status, last.body.Code]).toEqual([403, "InstanceLastSecurityGroup"]);
    const inst = ok(await call("DescribeInstances", { InstanceIds: jsonArray([id]) })).Instances.Instance[0];
    expect(inst.SecurityGroupIds.SecurityGroupId).toEqual([sg2]);
  });

  it("attaches and detaches a key pair", async () => {
    ok(await call("CreateKeyPair", { KeyPairName: `kp-${id.slice(2, 10)}` }));
    const name = `kp-${id.slice(2, 10)}`;
    const att = ok(await call("AttachKeyPair", { KeyPairName: name, InstanceIds: jsonArray([id, "i-missing"]) }));
    expect([att.TotalCount, att.FailCount]).toEqual(["2", "1"]);
    expect(ok(await call("DescribeInstances", { InstanceIds: jsonArray([id]) })).Instances.Instance[0].KeyPairName).toBe(name);
    ok(await call("DetachKeyPair", { KeyPairName: name, InstanceIds: jsonArray([id]) }));
    expect(ok(await call("DescribeInstances", { InstanceIds: jsonArray([id]) })).Instances.Instance[0].KeyPairName).toBe("");
    expect((await call("AttachKeyPair", { KeyPairName: "nope", InstanceIds: jsonArray([id]) })).body.Code).toBe("InvalidKeyPairName.NotFound");
  });
});

describe("actions without RegionId", () => {
  it("find the resource's region from its id, as the real endpoint-scoped API does", async () => {
    const sgShanghai = await createSecurityGroup(emu.url, "cn-shanghai");
    const [id] = ok(
      await callV1(emu.url, "RunInstances", { ...base({ SecurityGroupId: sgShanghai, VSwitchId: defaultVSwitchId("cn-shanghai-e") }), RegionId: "cn-shanghai" }),
    ).InstanceIdSets.InstanceIdSet;
    settle();
    ok(await callV1(emu.url, "StopInstance", { InstanceId: id }));
    settle();
    const inst = ok(await callV1(emu.url, "DescribeInstances", { RegionId: "cn-shanghai", InstanceIds: jsonArray([id]) })).Instances.Instance[0];
    expect([inst.RegionId, inst.Status]).toEqual(["cn-shanghai", "Stopped"]);
    expect((await callV1(emu.url, "StopInstance", { InstanceId: "i-nowhere" })).body.Code).toBe("InvalidInstanceId.NotFound");
  });
});

describe("DescribeInstanceStatus (seed 004)", () => {
  it("pages with PageSize ≤ 50", async () => {
    const all = ok(await call("DescribeInstanceStatus", { PageSize: 50 }));
    expect(all.PageSize).toBe(50);
    expect(all.TotalCount).toBeGreaterThan(100);
    expect(all.InstanceStatuses.InstanceStatus).toHaveLength(50);
    const p3 = ok(await call("DescribeInstanceStatus", { PageSize: 50, PageNumber: 3 }));
    expect(p3.PageNumber).toBe(3);
    expect(p3.InstanceStatuses.InstanceStatus[0]).toEqual({ InstanceId: expect.stringMatching(/^i-/), Status: expect.any(String) });
    expect((await call("DescribeInstanceStatus", { PageSize: 51 })).body.Code).toBe("InvalidParameter");
    expect((await callV1(emu.url, "DescribeInstanceStatus", {})).body.Code).toBe("MissingParameter");
  });
});
