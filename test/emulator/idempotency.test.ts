/** ClientToken, per-action rate limits and call counters. */
import { startEmulator, type RunningEmulator } from "../../emulator";
import type { Params } from "../../provider/client/params";
import { callV1, callV3, ok } from "./helpers";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ delayScale: 0, credentials: [
    { accessKeyId: "ecs-emulator", accessKeySecret: "ecs-emulator-secret" },
    { accessKeyId: "other", accessKeySecret: "other-secret" },
  ] });
});
afterAll(() => emu.close());
const call = (action: string, params: Params = {}) => callV1(emu.url, action, { RegionId: "cn-hangzhou", ...params });

describe("ClientToken", () => {
  it("returns the first answer for the same token and parameters", async () => {
    const a = ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20, ClientToken: "tok-1" }));
    const b = ok(await callV3(emu.url, "CreateDisk", { RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-h", Size: 20, ClientToken: "tok-1" }));
    expect(b.DiskId).toBe(a.DiskId);
    expect(b.RequestId).not.toBe(a.RequestId);
    const disks = ok(await call("DescribeDisks", { PageSize: 100 })).Disks.Disk.filter((d: { DiskId: string }) => d.DiskId === a.DiskId);
    expect(disks).toHaveLength(1);
  });
  it("answers IdempotentParameterMismatch for the same token with other parameters", async () => {
    ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20, ClientToken: "tok-2" }));
    const r = await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 30, ClientToken: "tok-2" });
    expect([r.status, r.body.Code]).toEqual([400, "IdempotentParameterMismatch"]);
  });
  it("scopes tokens per action and per account", async () => {
    const a = ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20, ClientToken: "tok-3" }));
    const other = ok(await callV1(emu.url, "CreateDisk", { RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-h", Size: 20, ClientToken: "tok-3" }, { accessKeyId: "other", accessKeySecret: "other-secret" }));
    expect(other.DiskId).not.toBe(a.DiskId);
  });
  it("rejects a token longer than 64 characters", async () => {
    const r = await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20, ClientToken: "x".repeat(65) });
    expect([r.body.Code, r.body.Message]).toEqual(["InvalidParameter", expect.stringContaining('"ClientToken"')]);
  });
  it("does not remember failed calls", async () => {
    expect((await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 1, ClientToken: "tok-4" })).status).toBe(400);
    expect((await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 1, ClientToken: "tok-4" })).body.Code).toBe("InvalidSize.ValueNotSupported");
  });
});

describe("rate limit and counters", () => {
  afterEach(() => emu.admin.setRateLimit(undefined));
  it("throttles beyond N requests/s per action and account with Throttling.User", async () => {
    emu.admin.setRateLimit(3);
    const results = await Promise.all(Array.from({ length: 6 }, () => call("DescribeRegions")));
    const codes = results.map((r) => (r.status === 200 ? "OK" : r.body.Code));
    expect(codes.filter((c) => c === "OK")).toHaveLength(3);
    expect(codes.filter((c) => c === "Throttling.User")).toHaveLength(3);
    const throttled = results.find((r) => r.status !== 200)!;
    expect(throttled.status).toBe(400);
    expect(Number(throttled.headers.get("x-acs-retry-after"))).toBeGreaterThan(0);
    // Another action, and another account, have their own budgets.
    expect((await call("DescribeZones")).status).toBe(200);
    expect((await callV1(emu.url, "DescribeRegions", {}, { accessKeyId: "other", accessKeySecret: "other-secret" })).status).toBe(200);
  });
  it("counts calls per action", async () => {
    emu.admin.resetCallCounts();
    await call("DescribeZones");
    await call("DescribeZones");
    await call("DescribeVpcs");
    expect(emu.admin.callCounts()).toEqual({ DescribeZones: 2, DescribeVpcs: 1 });
  });
});
