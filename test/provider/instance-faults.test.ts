/** Idempotent creates, faults, drift and import for Instance, against the emulator over HTTP. */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { configureClient, jsonArray } from "../../provider/client";
import { providerFor } from "../../provider";
import { runInstancesParams } from "../../provider/resources/instance/ecs";
import { createToken } from "../../provider/resources/common";
import { instanceSpec } from "../../provider/resources/instance/spec";
import { harnessClientOptions, hasUndefined, IMAGE, interruptBeforeRecorded, providerSuite, REGION, ZONE, failurePath, newProviderProcess } from "./harness";
import { inVirtualTime } from "./manualClock";

const p = providerFor("Instance");

const { h, checked } = providerSuite(p);
let sg: string;
beforeAll(async () => {
  sg = await h.securityGroup();
});

const base = () => ({ zoneId: ZONE, imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupIds: [sg] });

async function instanceIds(): Promise<string[]> {
  const res = await h.client.call<{ Instances: { Instance: { InstanceId: string }[] } }>("DescribeInstances", { RegionId: REGION, PageSize: 100 });
  return res.Instances.Instance.map((i) => i.InstanceId);
}

test("throttling and 503 during create and wait still give exactly one instance", async () => {
  const before = (await instanceIds()).length;
  const inputs = await checked("throttled", { ...base(), instanceName: "throttled" });
  h.emulator.admin.injectFault({ type: "throttling", action: "RunInstances", count: 2, retryAfterMs: 10 });
  h.emulator.admin.injectFault({ type: "unavailable", action: "RunInstances", count: 1 });
  h.emulator.admin.injectFault({ type: "throttling", action: "DescribeInstances", count: 2, retryAfterMs: 10 });
  h.emulator.admin.injectFault({ type: "unavailable", action: "DescribeInstances", count: 2 });
  const created = await p.create(inputs);
  expect(created.outs.status).toBe("Running");
  // The emulator fires at most one fault of each type per call: 2 refused, then accepted.
  expect(h.calls("RunInstances")).toBe(3);
  expect(h.calls("DescribeInstances")).toBeGreaterThanOrEqual(3);
  expect((await instanceIds()).length).toBe(before + 1);
  await p.delete!(created.id, created.outs);
});

test("a create whose answer is lost (the connection drops after ECS acted) is retried with the same ClientToken: one instance", async () => {
  // A real local HTTP proxy in front of the emulator: it forwards every request, but for the first
  // RunInstances it waits for the emulator's answer (the instance exists) and then drops the
  // connection instead of delivering it. No timer decides anything: the drop is the event.
  let dropped = 0;
  const proxy = http.createServer((req, res) => {
    const target = new URL(req.url ?? "/", h.emulator.url);
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
      const action = String(req.headers["x-acs-action"] ?? target.searchParams.get("Action") ?? "");
      if (action === "RunInstances" && dropped === 0) {
        dropped++;
        answer.resume();
        answer.on("end", () => req.socket.destroy());
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const { port } = proxy.address() as AddressInfo;
  configureClient({ ...harnessClientOptions(h.emulator.url), endpoint: `http://127.0.0.1:${port}` });
  try {
    const before = (await instanceIds()).length;
    const inputs = await checked("lost-answer", base());
    const created = await p.create(inputs);
    expect(dropped).toBe(1);
    expect(h.calls("RunInstances")).toBe(2);
    expect((await instanceIds()).length).toBe(before + 1);
    await p.delete!(created.id, created.outs);
  } finally {
    configureClient(harnessClientOptions(h.emulator.url));
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  }
});

test("a re-run after a crash adopts the instance the crashed run created", async () => {
  const inputs = await checked("crashy", { ...base(), instanceName: "crashy" });
  // The crashed run: RunInstances went out (with the ownership tag, as every create's does), then
  // the process died before the state recorded the instance.
  const params = runInstancesParams(REGION, inputs);
  const token = createToken();
  const res = await h.client.call<{ InstanceIdSets: { InstanceIdSet: string[] } }>("RunInstances", { ...params, ClientToken: token });
  const orphan = res.InstanceIdSets.InstanceIdSet[0];
  const before = (await instanceIds()).length;
  newProviderProcess(); // the re-run
  const created = await p.create(inputs);
  expect(created.id).toBe(orphan);
  expect((await instanceIds()).length).toBe(before);
  await p.delete!(created.id, created.outs);
});

test("destroy, then create with the same inputs, gives a fresh instance", async () => {
  const inputs = await checked("phoenix", { ...base(), instanceName: "phoenix" });
  const first = await p.create(inputs);
  await p.delete!(first.id, first.outs);
  // Nothing live carries its ownership tag any more: the create goes ahead at once.
  h.emulator.admin.resetCallCounts();
  const second = await p.create(inputs);
  expect(h.calls("RunInstances")).toBe(1);
  expect(second.id).not.toBe(first.id);
  expect(second.outs.status).toBe("Running");
  expect(await instanceIds()).toContain(second.id);
  await p.delete!(second.id, second.outs);
});

test("refresh returns the cloud's values in the program's shape, so drift shows and nothing else does", async () => {
  const program = { ...base(), instanceName: "shaped", dataDisks: [{ size: 40 }] };
  const inputs = await checked("shaped", program);
  const created = await p.create(inputs);
  const refreshed = await p.read!(created.id, created.outs);
  expect(Object.keys(refreshed.inputs as object).sort()).toEqual(Object.keys(inputs).sort());
  expect((refreshed.inputs as Record<string, unknown>).dataDisks).toEqual([{ size: 40 }]);
  // drift in a property the program sets is reported in its inputs and by diff
  expect(h.emulator.admin.modifyResource("instance", created.id, { name: "renamed-outside" })).toBe(true);
  const drifted = await p.read!(created.id, refreshed.props);
  expect((drifted.inputs as Record<string, unknown>).instanceName).toBe("renamed-outside");
  expect(await p.diff!(created.id, drifted.props, inputs)).toMatchObject({ changes: true, replaces: [] });
  await p.delete!(created.id, created.outs);
});

test("out-of-band deletion: read returns no id", async () => {
  const created = await p.create(await checked("drifter", base()));
  expect(h.emulator.admin.deleteResource("instance", created.id)).toBe(true);
  const read = await p.read!(created.id, created.outs);
  expect(read.id).toBeUndefined();
  await p.delete!(created.id, created.outs); // not found is success
});

test("IncorrectInstanceStatus on delete is retried", async () => {
  const created = await p.create(await checked("busy", base()));
  h.emulator.admin.injectFault({ type: "throttling", code: "IncorrectInstanceStatus", action: "DeleteInstance", count: 2, retryAfterMs: 10 });
  await p.delete!(created.id, created.outs);
  expect(h.calls("DeleteInstance")).toBe(3);
  expect(await instanceIds()).not.toContain(created.id);
});

test("import: read with only an id reproduces inputs that diff as no-op against the program", async () => {
  const program = { ...base(), instanceName: "imported", description: "made elsewhere", tags: { owner: "ops" }, internetMaxBandwidthOut: 5, dataDisks: [{ size: 50, category: "cloud_essd" }] };
  const created = await p.create(await checked("elsewhere", program));
  const imported = await p.read!(created.id);
  expect(imported.id).toBe(created.id);
  expect(hasUndefined(imported)).toBe(false);
  expect(imported.inputs).toMatchObject({ instanceName: "imported", description: "made elsewhere", tags: { owner: "ops" }, internetMaxBandwidthOut: 5, imageId: IMAGE, securityGroupIds: [sg] });
  const news = (await p.check!(imported.inputs as Record<string, unknown>, h.inputs("imported", program))).inputs;
  expect(await p.diff!(created.id, imported.props, news)).toMatchObject({ changes: false, replaces: [] });
  // refresh (read with prior state) is a no-op too
  const refreshed = await p.read!(created.id, created.outs);
  expect((await p.diff!(created.id, refreshed.props, news)).changes).toBe(false);
  await p.delete!(created.id, created.outs);
});

test("check rejects each rule naming the property, and makes no API call", async () => {
  h.emulator.admin.resetCallCounts();
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ imageId: undefined }, "imageId", /^is required unless launchTemplateId is set/],
    [{ instanceType: undefined }, "instanceType", /^is required unless launchTemplateId is set/],
    [{ securityGroupIds: [] }, "securityGroupIds", /at least one/],
    [{ instanceName: "x" }, "instanceName", /2-128 characters/],
    [{ instanceName: "http://evil" }, "instanceName", /http/],
    [{ instanceName: "9starts-with-digit" }, "instanceName", /start with a letter/],
    [{ description: "https://x.example" }, "description", /http/],
    [{ hostName: "-bad" }, "hostName", /start or end/],
    [{ password: "short1A" }, "password", /^password: must be 8-30/],
    [{ password: "alllowercase1" }, "password", /^password: must contain at least three/],
    [{ systemDisk: { size: 10 } }, "systemDisk.size", /between 20 and 2048 GiB for cloud_efficiency/],
    [{ systemDisk: { size: 501, category: "cloud" } }, "systemDisk.size", /between 20 and 500 GiB for cloud/],
    [{ systemDisk: { category: "floppy" } }, "systemDisk.category", /one of/],
    [{ dataDisks: [{ size: 1, category: "cloud_essd" }] }, "dataDisks[0].size", /between 20 and 65536/],
    [{ dataDisks: [{ size: 2001, category: "cloud" }] }, "dataDisks[0].size", /between 5 and 2000/],
    [{ dataDisks: [{ category: "cloud" }] }, "dataDisks[0].size", /is required/],
    [{ dataDisks: Array.from({ length: 17 }, () => ({ size: 20 })) }, "dataDisks", /at most 16/],
    [{ tags: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, "v"])) }, "tags", /at most 19 tags \(got 20\): ECS allows 20, one is the provider's ownership tag/],
    [{ tags: { "aliyun:x": "v" } }, "tags", /must not start with "aliyun"/],
    [{ internetMaxBandwidthOut: 101 }, "internetMaxBandwidthOut", /between 0 and 100/],
    [{ status: "Paused" }, "status", /one of Running, Stopped/],
    [{ timeouts: { create: "ten minutes" } }, "timeouts.create", /duration/],
    [{ region: "Mars" }, "region", /region id/],
  ];
  for (const [patch, property, reason] of cases) {
    const res = await p.check!({}, h.inputs("bad", { ...base(), ...patch }));
    const f = res.failures ?? [];
    expect(f.length).toBeGreaterThanOrEqual(1);
    expect(f.some((x) => failurePath(x) === property && reason.test(x.reason))).toBe(true);
  }
  // the secret never appears in a failure, and the engine is given no property to print the value of
  const pw = await p.check!({}, h.inputs("bad", { ...base(), password: "onlylowercaseletters" }));
  expect(JSON.stringify(pw.failures)).not.toContain("onlylowercaseletters");
  expect(pw.failures?.[0]?.property).toBe("");
  // shrinking the system disk
  const shrink = await p.check!(h.inputs("x", { ...base(), systemDisk: { size: 80 } }), h.inputs("x", { ...base(), systemDisk: { size: 40 } }));
  expect(failurePath(shrink.failures![0]!)).toBe("systemDisk.size");
  expect(shrink.failures?.[0].reason).toMatch(/cannot shrink/);
  expect(h.emulator.admin.callCounts()).toEqual({});
});

test("unknown values during preview are not validated and diff as changes", async () => {
  const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
  const res = await p.check!({}, h.inputs("preview", { ...base(), securityGroupIds: [U], instanceName: U, systemDisk: { size: U }, tags: U }));
  expect(res.failures).toEqual([]);
  // a launch template created in the same run is unknown at preview: what it provides is not demanded
  const fromTemplate = await p.check!({}, h.inputs("fleet-0", { zoneId: ZONE, launchTemplateId: U }));
  expect(fromTemplate.failures).toEqual([]);
  const noTemplate = await p.check!({}, h.inputs("fleet-0", { zoneId: ZONE }));
  expect((noTemplate.failures ?? []).map((f) => f.property)).toEqual(expect.arrayContaining(["imageId", "instanceType", "securityGroupIds"]));
  const olds = { ...base(), region: REGION, instanceName: "a", status: "Running", systemDisk: { category: "cloud_essd", size: 40 } };
  const d1 = await p.diff!("i-x", olds, { ...olds, instanceName: U });
  expect(d1).toMatchObject({ changes: true, replaces: [] });
  const d2 = await p.diff!("i-x", olds, { ...olds, imageId: U });
  expect(d2.replaces).toEqual(["imageId"]);
  const d3 = await p.diff!("i-x", olds, { ...olds, systemDisk: U });
  expect(d3.replaces).toEqual(["systemDisk"]);
  expect(jsonArray(["a"]).items).toEqual(["a"]);
});

test("a transitional status read by refresh diffs as where it is heading", async () => {
  const olds = { ...base(), region: REGION, status: "Starting" };
  expect((await p.diff!("i-x", olds, { ...olds, status: "Running" })).changes).toBe(false);
  expect((await p.diff!("i-x", { ...olds, status: "Stopping" }, { ...olds, status: "Running" })).changes).toBe(true);
  expect((await p.diff!("i-x", { ...olds, status: "Stopping" }, { ...olds, status: "Stopped" })).changes).toBe(false);
});

test("status Stopped at create; a re-run of the same create adopts the stopped instance", async () => {
  const inputs = await checked("sleeper", { ...base(), status: "Stopped" });
  const first = await p.create(inputs);
  expect(first.outs.status).toBe("Stopped");
  await interruptBeforeRecorded(h.client, instanceSpec, first.id, inputs); // that run died before the state got it
  newProviderProcess(); // the re-run: the marked ownership tag finds it
  const again = await p.create(inputs);
  expect(again.id).toBe(first.id);
  expect(again.outs.status).toBe("Stopped");
  expect(h.calls("StartInstance")).toBe(0);
  await p.delete!(first.id, first.outs);
});
