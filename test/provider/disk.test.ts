/** Disk through its provider object, against the emulator over HTTP. */
import { providerFor } from "../../provider";
import { poller } from "../../provider/wait";
import { withoutCatalogChecks, hasUndefined, IMAGE, REGION, startHarness, ZONE, type Harness, failurePath, namesPropertyOnce } from "./harness";

const p = providerFor("Disk");
const instanceProvider = providerFor("Instance");

let h: Harness;
let instanceA: string;
let instanceB: string;
beforeAll(async () => {
  h = await startHarness();
  const sg = await h.securityGroup();
  const mk = async (name: string) => {
    const inputs = (await instanceProvider.check!({}, h.inputs(name, { zoneId: ZONE, imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupIds: [sg] }))).inputs;
    return (await instanceProvider.create(inputs)).id;
  };
  instanceA = await mk("disk-host-a");
  instanceB = await mk("disk-host-b");
});
afterAll(async () => h.close());
beforeEach(() => {
  h.emulator.admin.clearFaults();
  h.emulator.admin.resetCallCounts();
});

async function checked(name: string, args: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const res = await p.check!(olds, h.inputs(name, args));
  expect(res.failures).toEqual([]);
  return res.inputs as Record<string, unknown>;
}

async function diskIds(): Promise<string[]> {
  const res = await h.client.call<{ Disks: { Disk: { DiskId: string }[] } }>("DescribeDisks", { RegionId: REGION, PageSize: 100 });
  return res.Disks.Disk.map((d) => d.DiskId);
}

test("lifecycle: create attached → no diff → updates in place → attach elsewhere → replaces → delete", async () => {
  const base = { zoneId: ZONE, category: "cloud_essd", size: 40, diskName: "data-1", tags: { env: "test" }, instanceId: instanceA, deleteWithInstance: false };
  const inputs = await checked("data", base);
  const created = await p.create(inputs);
  const outs = created.outs as Record<string, unknown>;
  expect(created.id).toMatch(/^d-/);
  expect(outs).toMatchObject({ status: "In_use", instanceId: instanceA, size: 40, category: "cloud_essd", diskName: "data-1", tags: { env: "test" }, deleteWithInstance: false });
  expect(outs.device).toMatch(/^\/dev\//);
  expect(hasUndefined(outs)).toBe(false);

  const read = await p.read!(created.id, outs);
  expect(hasUndefined(read)).toBe(false);
  expect((await p.diff!(created.id, read.props, inputs)).changes).toBe(false);

  // name, description, size, tags, release settings in place
  const next = await checked("data", { ...base, diskName: "data-2", description: "grown", size: 80, tags: { env: "prod" }, deleteAutoSnapshot: false }, inputs);
  expect(await p.diff!(created.id, read.props, next)).toMatchObject({ changes: true, replaces: [] });
  const up = (await p.update!(created.id, read.props, next)).outs as Record<string, unknown>;
  expect(up).toMatchObject({ diskName: "data-2", description: "grown", size: 80, tags: { env: "prod" }, deleteAutoSnapshot: false, status: "In_use" });

  // move to another instance: detach + attach
  h.emulator.admin.resetCallCounts();
  const moved = await checked("data", { ...base, diskName: "data-2", description: "grown", size: 80, tags: { env: "prod" }, instanceId: instanceB }, next);
  const up2 = (await p.update!(created.id, up, moved)).outs as Record<string, unknown>;
  expect(up2).toMatchObject({ instanceId: instanceB, status: "In_use" });
  expect(h.calls("DetachDisk")).toBe(1);
  expect(h.calls("AttachDisk")).toBe(1);

  // detach entirely
  const { instanceId: _gone, ...detachedArgs } = { ...base, diskName: "data-2", description: "grown", size: 80, tags: { env: "prod" } };
  void _gone;
  const detached = await checked("data", detachedArgs, moved);
  const up3 = (await p.update!(created.id, up2, detached)).outs as Record<string, unknown>;
  expect(up3.status).toBe("Available");
  expect(up3.instanceId).toBeUndefined();

  for (const [prop, value] of [["region", "cn-shanghai"], ["zoneId", "cn-hangzhou-i"], ["category", "cloud_ssd"], ["encrypted", true], ["snapshotId", "s-other"]] as const) {
    // Replace semantics only: a zone of another region is no catalogue's.
    const d = await p.diff!(created.id, up3, await withoutCatalogChecks(() => checked("data", { ...detachedArgs, [prop]: value })));
    expect(d.replaces).toEqual([prop]);
  }
  // a shrink is refused by check (against old inputs) and by diff (against the cloud)
  const shrink = await p.check!(detached, h.inputs("data", { ...detachedArgs, size: 20 }));
  expect(shrink.failures?.[0]).toMatchObject({ property: "size" });
  await expect(p.diff!(created.id, up3, { ...detached, size: 20 })).rejects.toThrow(/cannot shrink/);

  await p.delete!(created.id, up3);
  expect((await p.read!(created.id, up3)).id).toBeUndefined();
  await p.delete!(created.id, up3);
});

test("create builds its outputs from the poller's DescribeDisks; a setting written after that answer is read back", async () => {
  const pollerDescribes = () => poller().stats.describeCalls;
  // Attached: the record of the In_use wait is the outputs; no DescribeDisks beyond the waits'.
  let before = pollerDescribes();
  const attached = await p.create(await checked("reuse-attached", { zoneId: ZONE, category: "cloud_essd", size: 20, instanceId: instanceB, deleteWithInstance: true }));
  expect(attached.outs).toMatchObject({ status: "In_use", instanceId: instanceB, deleteWithInstance: true, size: 20 });
  expect(attached.outs.device).toMatch(/^\/dev\//);
  expect(h.calls("DescribeDisks")).toBe(pollerDescribes() - before);
  // Detached, with a release setting (ModifyDiskAttribute after the wait): one read after the write.
  h.emulator.admin.resetCallCounts();
  before = pollerDescribes();
  const loose = await p.create(await checked("reuse-loose", { zoneId: ZONE, category: "cloud_essd", size: 20, deleteAutoSnapshot: true }));
  expect(loose.outs).toMatchObject({ status: "Available", deleteAutoSnapshot: true });
  expect(h.calls("DescribeDisks")).toBe(pollerDescribes() - before + 1);
  await Promise.all([p.delete!(attached.id, attached.outs), p.delete!(loose.id, loose.outs)]);
});

test("out-of-band deletion: read returns no id, delete is a no-op", async () => {
  const created = await p.create(await checked("gone", { zoneId: ZONE, size: 20 }));
  expect(h.emulator.admin.deleteResource("disk", created.id)).toBe(true);
  expect((await p.read!(created.id, created.outs)).id).toBeUndefined();
  await p.delete!(created.id, created.outs);
});

test("delete of an attached disk detaches first", async () => {
  const created = await p.create(await checked("attached", { zoneId: ZONE, size: 20, instanceId: instanceA }));
  expect(created.outs.status).toBe("In_use");
  await p.delete!(created.id, created.outs);
  expect(await diskIds()).not.toContain(created.id);
  expect(h.calls("DetachDisk")).toBe(1);
});

test("import reproduces inputs; throttled create makes one disk; check makes no call", async () => {
  const before = (await diskIds()).length;
  h.emulator.admin.injectFault({ type: "unavailable", action: "CreateDisk", count: 1 });
  h.emulator.admin.injectFault({ type: "throttling", action: "CreateDisk", count: 1, retryAfterMs: 10 });
  const program = { zoneId: ZONE, category: "cloud_efficiency", size: 30, diskName: "imp", description: "imported disk", tags: { a: "b" } };
  const created = await p.create(await checked("imp", program));
  expect((await diskIds()).length).toBe(before + 1);
  const imported = await p.read!(created.id);
  const news = (await p.check!(imported.inputs as Record<string, unknown>, h.inputs("imp", program))).inputs;
  expect(await p.diff!(created.id, imported.props, news)).toMatchObject({ changes: false, replaces: [] });

  h.emulator.admin.resetCallCounts();
  const bad: [Record<string, unknown>, string][] = [
    [{ zoneId: undefined }, "zoneId"],
    [{ size: undefined }, "size"],
    [{ size: 3 }, "size"],
    [{ category: "cloud", size: 2001 }, "size"],
    [{ category: "tape" }, "category"],
    [{ diskName: "a" }, "diskName"],
    [{ description: "http://x" }, "description"],
    [{ instanceId: "web" }, "instanceId"],
    [{ tags: { "acs:x": "1" } }, "tags"],
    [{ timeouts: { delete: "0s" } }, "timeouts.delete"],
  ];
  for (const [patch, prop] of bad) {
    const res = await p.check!({}, h.inputs("bad", { ...program, ...patch }));
    expect(res.failures?.map(failurePath)).toContain(prop);
    expect(res.failures?.every(namesPropertyOnce)).toBe(true);
  }
  expect(h.emulator.admin.callCounts()).toEqual({});
  await p.delete!(created.id, created.outs);
});
