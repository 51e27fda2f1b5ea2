/** Fault injection and the admin API (in-process and over HTTP). */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { jsonArray, type Params } from "../../provider/client/params";
import { defaultVSwitchId } from "../../emulator/catalog";
import { adminCall, callV1, createSecurityGroup, ok } from "./helpers";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ clock: "manual", delayScale: 0 });
});
afterAll(() => emu.close());
afterEach(() => emu.admin.clearFaults());
const call = (action: string, params: Params = {}) => callV1(emu.url, action, { RegionId: "cn-hangzhou", ...params });
const admin = (method: string, path: string, body?: unknown) => adminCall(emu.url, method, path, body);

describe("faults", () => {
  it("throttling: HTTP 400 with x-acs-retry-after, for count calls", async () => {
    emu.admin.injectFault({ type: "throttling", action: "DescribeZones", count: 2, retryAfterMs: 250 });
    const a = await call("DescribeZones");
    expect([a.status, a.body.Code, a.headers.get("x-acs-retry-after")]).toEqual([400, "Throttling", "250"]);
    expect((await call("DescribeVpcs")).status).toBe(200); // other actions unaffected
    expect((await call("DescribeZones")).body.Code).toBe("Throttling");
    expect((await call("DescribeZones")).status).toBe(200);
  });
  it("503 ServiceUnavailable and 500 InternalError", async () => {
    emu.admin.injectFault({ type: "unavailable", action: "DescribeZones" });
    emu.admin.injectFault({ type: "internal", action: "DescribeVpcs" });
    const u = await call("DescribeZones");
    const i = await call("DescribeVpcs");
    expect([u.status, u.body.Code, i.status, i.body.Code]).toEqual([503, "ServiceUnavailable", 500, "InternalError"]);
  });
  it("LastTokenProcessing", async () => {
    emu.admin.injectFault({ type: "lastTokenProcessing", action: "CreateDisk" });
    const r = await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20, ClientToken: "t" });
    expect([r.status, r.body.Code]).toEqual([403, "LastTokenProcessing"]);
    expect(ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20, ClientToken: "t" })).DiskId).toMatch(/^d-/);
  });
  it("slow answers", async () => {
    emu.admin.injectFault({ type: "slow", action: "DescribeZones", delayMs: 300 });
    const t0 = Date.now();
    expect((await call("DescribeZones")).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });
  it("dropped connections", async () => {
    emu.admin.injectFault({ type: "drop", action: "DescribeZones" });
    await expect(call("DescribeZones")).rejects.toThrow();
    expect((await call("DescribeZones")).status).toBe(200);
  });
  it("probability 1 fires every time, probability 0 never", async () => {
    emu.admin.injectFault({ type: "internal", action: "DescribeVpcs", probability: 0 });
    expect((await call("DescribeVpcs")).status).toBe(200);
    emu.admin.clearFaults();
    emu.admin.injectFault({ type: "internal", action: "DescribeVpcs", probability: 1, count: 3 });
    const codes = await Promise.all([1, 2, 3, 4].map(() => call("DescribeVpcs").then((r) => r.status)));
    expect(codes.sort()).toEqual([200, 500, 500, 500]);
  });
  it("invisible after create, for N ms of emulated time", async () => {
    emu.admin.injectFault({ type: "invisible", action: "CreateDisk", invisibleMs: 5000 });
    const { DiskId } = ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20 }));
    expect(ok(await call("DescribeDisks", { DiskIds: jsonArray([DiskId]) })).TotalCount).toBe(0);
    emu.admin.advanceClock(5000);
    expect(ok(await call("DescribeDisks", { DiskIds: jsonArray([DiskId]) })).TotalCount).toBe(1);
  });
});

describe("invisible instances", () => {
  it("hide a RunInstances result (and its disks) from Describe* until the emulated time passes", async () => {
    const sg = await createSecurityGroup(emu.url);
    emu.admin.injectFault({ type: "invisible", action: "RunInstances", invisibleMs: 3000 });
    const [id] = ok(
      await call("RunInstances", { ImageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd", InstanceType: "ecs.g7.large", SecurityGroupId: sg, VSwitchId: defaultVSwitchId("cn-hangzhou-h") }),
    ).InstanceIdSets.InstanceIdSet;
    expect(ok(await call("DescribeInstances", { InstanceIds: jsonArray([id]) })).TotalCount).toBe(0);
    expect(ok(await call("DescribeDisks", { InstanceId: id })).TotalCount).toBe(0);
    // Not gone: actions on it still work.
    expect((await call("StopInstance", { InstanceId: id })).body.Code).not.toBe("InvalidInstanceId.NotFound");
    emu.admin.advanceClock(3000);
    expect(ok(await call("DescribeInstances", { InstanceIds: jsonArray([id]) })).TotalCount).toBe(1);
    expect(ok(await call("DescribeDisks", { InstanceId: id })).TotalCount).toBe(1);
  });
});

describe("admin over HTTP", () => {
  it("injects and clears faults, reads counters, advances the clock", async () => {
    expect((await admin("POST", "faults", { type: "unavailable", action: "DescribeZones" })).status).toBe(200);
    expect((await call("DescribeZones")).status).toBe(503);
    await admin("DELETE", "counters");
    await call("DescribeZones");
    expect((await admin("GET", "counters")).body.counts).toEqual({ DescribeZones: 1 });
    const before = (await admin("GET", "clock")).body.now as number;
    expect((await admin("POST", "clock/advance", { ms: 1000 })).body.now).toBe(before + 1000);
    expect((await admin("POST", "faults", { type: "nonsense" })).status).toBe(400);
  });
  it("deletes and modifies resources out of band (drift)", async () => {
    const { DiskId } = ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20, DiskName: "before" }));
    expect((await admin("PATCH", `resources/disk/${DiskId}`, { name: "drifted", size: 99 })).status).toBe(200);
    const d = ok(await call("DescribeDisks", { DiskIds: jsonArray([DiskId]) })).Disks.Disk[0];
    expect([d.DiskName, d.Size]).toEqual(["drifted", 99]);
    expect((await admin("DELETE", `resources/disk/${DiskId}`)).status).toBe(200);
    expect(ok(await call("DescribeDisks", { DiskIds: jsonArray([DiskId]) })).TotalCount).toBe(0);
    expect((await admin("DELETE", `resources/disk/${DiskId}`)).status).toBe(404);
  });
  it("sets a status out of band, shows state, resets", async () => {
    const { DiskId } = ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20 }));
    emu.admin.modifyResource("disk", DiskId, { status: "In_use" });
    expect(ok(await call("DescribeDisks", { DiskIds: jsonArray([DiskId]) })).Disks.Disk[0].Status).toBe("In_use");
    const state = (await admin("GET", "state")).body;
    expect(state.accounts["ecs-emulator"].regions["cn-hangzhou"].disks[DiskId]).toBeDefined();
    expect((await admin("POST", "reset")).status).toBe(200);
    expect(ok(await call("DescribeDisks", {})).TotalCount).toBe(0);
  });
  it("changes the delay profile", async () => {
    expect((await admin("POST", "delays", { scale: 1, profile: { diskCreating: 700 } })).body.profile.diskCreating).toBe(700);
    const { DiskId } = ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20 }));
    expect(ok(await call("DescribeDisks", { DiskIds: jsonArray([DiskId]) })).Disks.Disk[0].Status).toBe("Creating");
    emu.admin.advanceClock(700);
    expect(ok(await call("DescribeDisks", { DiskIds: jsonArray([DiskId]) })).Disks.Disk[0].Status).toBe("Available");
    emu.admin.setDelayScale(0);
  });
});
