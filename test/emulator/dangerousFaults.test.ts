/** Faults that reach the dangerous cases: the answer lost after the action took effect, any code
 *  with the reference's HTTP status, faults aimed at one resource or region, stale reads after
 *  writes, an accepted create that fails later, and credentials changed at runtime. */
import { defaultVSwitchId } from "../../emulator/catalog";
import { jsonArray, type Params } from "../../provider/client/params";
import { adminCall, callV1, createSecurityGroup, ok, regionSuite } from "./helpers";

const suite = regionSuite();
afterEach(() => suite.emu.admin.clearFaults());
const call = (action: string, params: Params = {}) => suite.call(action, params);
const admin = (method: string, path: string, body?: unknown) => adminCall(suite.emu.url, method, path, body);
const disk = async (name = "disk") => ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20, DiskName: name })).DiskId as string;
const describeDisk = async (id: string) => ok(await call("DescribeDisks", { DiskIds: jsonArray([id]) })).Disks.Disk[0] as Record<string, any> | undefined;

describe("lost responses: the action takes effect, then the answer is an error or nothing", () => {
  it("503 after CreateDisk: the disk exists, and the same ClientToken returns it", async () => {
    suite.emu.admin.injectFault({ type: "unavailable", action: "CreateDisk", when: "after" });
    const params = { ZoneId: "cn-hangzhou-h", Size: 20, DiskName: "lost", ClientToken: "lost-answer-1" };
    const first = await call("CreateDisk", params);
    expect([first.status, first.body.Code]).toEqual([503, "ServiceUnavailable"]);
    const lost = ok(await call("DescribeDisks", { DiskName: "lost" })).Disks.Disk;
    expect(lost).toHaveLength(1);
    expect(ok(await call("CreateDisk", params)).DiskId).toBe(lost[0].DiskId);
    expect(ok(await call("DescribeDisks", { DiskName: "lost" })).TotalCount).toBe(1);
  });

  it("a dropped connection after DeleteDisk: the disk is gone all the same", async () => {
    const id = await disk();
    suite.emu.admin.injectFault({ type: "drop", action: "DeleteDisk", when: "after" });
    await expect(call("DeleteDisk", { DiskId: id })).rejects.toThrow();
    expect(await describeDisk(id)).toBeUndefined();
    expect((await call("DeleteDisk", { DiskId: id })).body.Code).toBe("InvalidDiskId.NotFound");
  });

  it("500 after a failed action is not spent: after-faults fire only when the action succeeded", async () => {
    suite.emu.admin.injectFault({ type: "internal", action: "DeleteDisk", when: "after" });
    expect((await call("DeleteDisk", { DiskId: "d-doesnotexist" })).body.Code).toBe("InvalidDiskId.NotFound");
    const id = await disk();
    expect((await call("DeleteDisk", { DiskId: id })).status).toBe(500);
    expect(await describeDisk(id)).toBeUndefined();
  });

  it("refuses after-faults that make no sense (throttling happens before any work)", async () => {
    expect((await admin("POST", "faults", { type: "throttling", when: "after" })).status).toBe(400);
    expect((await admin("POST", "faults", { type: "error" })).status).toBe(400);
  });
});

describe("any error code, with the reference's HTTP status", () => {
  it.each([
    ["OperationConflict", 409],
    ["IncorrectInstanceStatus", 403],
    ["IncorrectDiskStatus", 403],
    ["LastTokenProcessing", 403],
    ["UnknownError", 400],
    ["ServiceUnavailable", 503],
    ["InternalError", 500],
    ["Some.UnknownCode", 400],
  ])("%s → HTTP %i", async (code, status) => {
    suite.emu.admin.injectFault({ type: "error", action: "DescribeZones", code });
    const r = await call("DescribeZones");
    expect([r.status, r.body.Code]).toEqual([status, code]);
    expect(r.body.Message).toMatch(/\S/);
    expect(r.body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
  });

  it("takes an explicit status and message, before or after the action", async () => {
    const id = await disk();
    suite.emu.admin.injectFault({ type: "error", action: "ModifyDiskAttribute", code: "OperationConflict", httpStatus: 403, message: "busy, try later", when: "after" });
    const r = await call("ModifyDiskAttribute", { DiskId: id, DiskName: "renamed" });
    expect([r.status, r.body.Code, r.body.Message]).toEqual([403, "OperationConflict", "busy, try later"]);
    expect((await describeDisk(id))?.DiskName).toBe("renamed");
  });
});

describe("faults aimed at one resource or one region", () => {
  it("fires only for calls naming that id (a parameter, or a JSON list holding it)", async () => {
    const [a, b] = [await disk("disk-a"), await disk("disk-b")];
    suite.emu.admin.injectFault({ type: "error", code: "IncorrectDiskStatus", resourceId: a, count: 2 });
    expect((await call("ModifyDiskAttribute", { DiskId: b, DiskName: "disk-b2" })).status).toBe(200);
    expect((await call("ModifyDiskAttribute", { DiskId: a, DiskName: "disk-a2" })).body.Code).toBe("IncorrectDiskStatus");
    expect((await call("DescribeDisks", { DiskIds: jsonArray([a]) })).body.Code).toBe("IncorrectDiskStatus");
    expect((await call("DescribeDisks", { DiskIds: jsonArray([a]) })).status).toBe(200);
  });

  it("fires only in that region", async () => {
    suite.emu.admin.injectFault({ type: "unavailable", regionId: "cn-shanghai", count: 1 });
    expect((await call("DescribeZones")).status).toBe(200);
    expect((await callV1(suite.emu.url, "DescribeZones", { RegionId: "cn-shanghai" })).status).toBe(503);
  });
});

describe("stale reads after writes (emulated time)", () => {
  it("a modified disk reads as before, then as changed", async () => {
    const id = await disk("old-name");
    suite.emu.admin.injectFault({ type: "stale", action: "ModifyDiskAttribute", staleMs: 3000 });
    ok(await call("ModifyDiskAttribute", { DiskId: id, DiskName: "new-name" }));
    expect((await describeDisk(id))?.DiskName).toBe("old-name");
    // Writes act on the real state meanwhile.
    expect((await call("ModifyDiskAttribute", { DiskId: id, Description: "changed meanwhile" })).status).toBe(200);
    suite.emu.admin.advanceClock(3000);
    expect(await describeDisk(id)).toMatchObject({ DiskName: "new-name", Description: "changed meanwhile" });
  });

  it("a deleted disk is still listed for a while", async () => {
    const id = await disk();
    suite.emu.admin.injectFault({ type: "stale", action: "DeleteDisk", staleMs: 10_000 });
    ok(await call("DeleteDisk", { DiskId: id }));
    expect((await describeDisk(id))?.Status).toBe("Available");
    suite.emu.admin.advanceClock(10_000);
    expect(await describeDisk(id)).toBeUndefined();
  });

  it("tags and security group rules: the change is not visible yet", async () => {
    const sg = await createSecurityGroup(suite.emu.url);
    suite.emu.admin.injectFault({ type: "stale", action: "AddTags", staleMs: 2000 });
    suite.emu.admin.injectFault({ type: "stale", action: "AuthorizeSecurityGroup", staleMs: 2000 });
    ok(await call("AddTags", { ResourceType: "securitygroup", ResourceId: sg, Tag: [{ Key: "env", Value: "prod" }] }));
    ok(await call("AuthorizeSecurityGroup", { SecurityGroupId: sg, IpProtocol: "tcp", PortRange: "22/22", SourceCidrIp: "10.0.0.0/8" }));
    const group = async () => ok(await call("DescribeSecurityGroups", { SecurityGroupIds: jsonArray([sg]) })).SecurityGroups.SecurityGroup[0];
    const rules = async () => ok(await call("DescribeSecurityGroupAttribute", { SecurityGroupId: sg })).Permissions.Permission as unknown[];
    expect((await group()).Tags.Tag).toEqual([]);
    expect(await rules()).toEqual([]);
    suite.emu.admin.advanceClock(2000);
    expect((await group()).Tags.Tag).toEqual([{ TagKey: "env", TagValue: "prod" }]);
    expect(await rules()).toHaveLength(1);
  });
});

describe("an accepted RunInstances that fails later", () => {
  const run = async (sg: string) =>
    ok(await call("RunInstances", { ImageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd", InstanceType: "ecs.g7.large", SecurityGroupId: sg, VSwitchId: defaultVSwitchId("cn-hangzhou-h") })).InstanceIdSets
      .InstanceIdSet[0] as string;
  const instance = async (id: string) => ok(await call("DescribeInstances", { InstanceIds: jsonArray([id]) })).Instances.Instance[0] as Record<string, any> | undefined;

  it("Deleted: the instance answers Pending, then is released with its disks and never runs", async () => {
    await suite.emu.admin.setDelayScale(1);
    try {
      const sg = await createSecurityGroup(suite.emu.url);
      suite.emu.admin.injectFault({ type: "asyncFailure", action: "RunInstances" });
      const id = await run(sg);
      expect((await instance(id))?.Status).toBe("Pending");
      expect(ok(await call("DescribeDisks", { InstanceId: id })).TotalCount).toBe(1);
      suite.emu.admin.advanceClock(60_000);
      expect(await instance(id)).toBeUndefined();
      expect(ok(await call("DescribeDisks", { InstanceId: id })).TotalCount).toBe(0);
    } finally {
      suite.emu.admin.setDelayScale(0);
    }
  });

  it("Stopped after afterMs (whatever the delay scale): the instance settles in Stopped instead of Running", async () => {
    const sg = await createSecurityGroup(suite.emu.url);
    suite.emu.admin.injectFault({ type: "asyncFailure", action: "RunInstances", outcome: "Stopped", afterMs: 4000 });
    const id = await run(sg);
    suite.emu.admin.advanceClock(3999);
    expect((await instance(id))?.Status).toBe("Pending");
    suite.emu.admin.advanceClock(1);
    expect((await instance(id))?.Status).toBe("Stopped");
  });
});

describe("credentials changed at runtime (admin API)", () => {
  it("rotates a secret, expires an STS token, removes a key; never shows secrets", async () => {
    const old = { accessKeyId: "rotating", accessKeySecret: "old-secret-value" };
    expect((await admin("POST", "credentials", old)).status).toBe(200);
    const as = (c: { accessKeyId: string; accessKeySecret: string; securityToken?: string }) => callV1(suite.emu.url, "DescribeRegions", {}, c);
    expect((await as(old)).status).toBe(200);

    const rotated = { accessKeyId: "rotating", accessKeySecret: "new-secret-value" };
    await admin("POST", "credentials", rotated);
    expect((await as(old)).body.Code).toBe("SignatureDoesNotMatch");
    expect((await as(rotated)).status).toBe(200);

    const sts = { accessKeyId: "STS.temp", accessKeySecret: "sts-secret", securityToken: "token-1" };
    await admin("POST", "credentials", { ...sts, expiresInMs: 60_000 });
    expect((await as(sts)).status).toBe(200);
    suite.emu.admin.advanceClock(60_000);
    const expired = await as(sts);
    expect([expired.status, expired.body.Code]).toEqual([400, "InvalidSecurityToken.Expired"]);
    await admin("POST", "credentials", { ...sts, securityToken: "token-2", expiresInMs: 60_000 });
    expect((await as({ ...sts, securityToken: "token-2" })).status).toBe(200);
    expect((await as(sts)).body.Code).toBe("InvalidSecurityToken.MismatchWithAccessKey");

    const listed = await admin("GET", "credentials");
    expect(JSON.stringify(listed.body)).not.toMatch(/secret-value|sts-secret|token-2/);
    expect(listed.body.credentials).toContainEqual({ accessKeyId: "STS.temp", securityToken: true, expiresAt: expect.any(Number) });

    expect((await admin("DELETE", "credentials/rotating")).status).toBe(200);
    expect((await as(rotated)).body.Code).toBe("InvalidAccessKeyId.NotFound");
    expect((await admin("DELETE", "credentials/rotating")).status).toBe(404);
    expect((await admin("POST", "credentials", { accessKeyId: "x" })).status).toBe(400);
  });
});
