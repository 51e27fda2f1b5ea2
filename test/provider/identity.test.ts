/** Creates without a silent duplicate (provider/resources/common/identity.ts), against the
 *  emulator over HTTP: invisibility of any length up to the deadline, destroy and create again at
 *  full speed any number of times, a replacement with identical inputs (a create without a diff, as
 *  `pulumi up --replace` sends it), the ownership tag and its "creating" mark. */
import { providerFor } from "../../provider";
import { stackResources } from "../../provider/resources/owned";
import { diskSpec } from "../../provider/resources/disk/spec";
import { launchTemplateSpec } from "../../provider/resources/launchTemplate/spec";
import { IMAGE, interruptBeforeRecorded, newProviderProcess, REGION, startHarness, ZONE, type Harness } from "./harness";
import { inVirtualTime } from "./manualClock";

const instance = providerFor("Instance");
const disk = providerFor("Disk");
const launchTemplate = providerFor("LaunchTemplate");

let h: Harness;
let sg: string;
beforeAll(async () => {
  h = await startHarness();
  sg = await h.securityGroup();
});
afterAll(async () => h.close());
beforeEach(() => {
  h.emulator.admin.clearFaults();
  h.emulator.admin.resetCallCounts();
  newProviderProcess();
});

const checked = async (name: string, extra: Record<string, unknown> = {}) =>
  (await instance.check!({}, { zoneId: ZONE, imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupIds: [sg], ...extra, __ecsName: name, __ecsScope: "proj/dev", __ecsStack: "proj/dev" })).inputs;

async function instancesNamed(tagValue: string): Promise<string[]> {
  const res = await h.client.call<{ Instances: { Instance: { InstanceId: string }[] } }>("DescribeInstances", { RegionId: REGION, Tag: [{ Key: "pulumi:proj/dev", Value: tagValue }], PageSize: 100 });
  return res.Instances.Instance.map((i) => i.InstanceId);
}

test("an instance invisible to Describe for 60 s (emulated) is waited for, never created twice", async () => {
  h.emulator.admin.injectFault({ type: "invisible", action: "RunInstances", invisibleMs: 60_000 });
  const inputs = await checked("shy");
  const created = await inVirtualTime(h.emulator, () => instance.create(inputs));
  expect(created.outs.status).toBe("Running");
  expect(h.calls("RunInstances")).toBe(1);
  expect(await instancesNamed("Instance/shy")).toEqual([created.id]);
  await instance.delete!(created.id, created.outs);
});

test("destroy, then up with identical inputs, ten times: a fresh instance each time, one RunInstances each, no wait", async () => {
  const inputs = await checked("phoenix");
  const ids: string[] = [];
  for (let cycle = 0; cycle < 10; cycle++) {
    newProviderProcess(); // every `pulumi up` is a new provider process
    h.emulator.admin.resetCallCounts();
    const created = await instance.create(inputs);
    expect(h.calls("RunInstances")).toBe(1);
    ids.push(created.id);
    await instance.delete!(created.id, created.outs);
  }
  expect(new Set(ids).size).toBe(10);
  expect(await instancesNamed("Instance/phoenix")).toEqual([]);
});

test("a replacement with identical inputs creates a new instance; it never adopts the one being replaced", async () => {
  const inputs = await checked("twin");
  const old = await instance.create(inputs);
  expect(await instancesNamed("Instance/twin")).toEqual([old.id]); // ready and returned: the "creating" mark is gone
  newProviderProcess();
  // `pulumi up --replace`: the engine sends the replacement's create without a diff of the old one
  h.emulator.admin.resetCallCounts();
  const replacement = await instance.create(inputs);
  expect(replacement.id).not.toBe(old.id);
  expect(h.calls("RunInstances")).toBe(1);
  expect((await instancesNamed("Instance/twin")).sort()).toEqual([old.id, replacement.id].sort());
  await instance.delete!(old.id, old.outs);
  await instance.delete!(replacement.id, replacement.outs);
});

test("an interrupted run's launch template is adopted by name; a recorded one never is", async () => {
  const args = { launchTemplateName: "lt-interrupted", imageId: IMAGE, instanceType: "ecs.g7.large", zoneId: ZONE, securityGroupId: sg };
  const inputs = (await launchTemplate.check!({}, { ...args, __ecsName: "tpl", __ecsScope: "proj/dev", __ecsStack: "proj/dev" })).inputs;
  const first = await launchTemplate.create(inputs);
  // recorded: a create of the same name (`up --replace`) is refused, the template in the state kept
  await expect(launchTemplate.create(inputs)).rejects.toThrow(/a launch template named "lt-interrupted" already exists in cn-hangzhou \(LaunchTemplateName.Duplicated/);
  // the run died before the state got it: the re-run adopts it
  await interruptBeforeRecorded(h.client, launchTemplateSpec, first.id, inputs);
  newProviderProcess();
  h.emulator.admin.resetCallCounts();
  expect((await launchTemplate.create(inputs)).id).toBe(first.id);
  expect(h.calls("AddTags")).toBe(1);
  await launchTemplate.delete!(first.id, first.outs);
});

test("every created resource carries the ownership tag; the program's tags never show it, and it leaves them 19", async () => {
  const inputs = await checked("owned", { tags: { team: "web" } });
  const created = await instance.create(inputs);
  expect(created.outs.tags).toEqual({ team: "web" });
  expect(await instancesNamed("Instance/owned")).toEqual([created.id]);
  const read = await instance.read!(created.id, created.outs);
  expect((read.props as Record<string, unknown>).tags).toEqual({ team: "web" });
  expect((await instance.diff!(created.id, read.props, inputs)).changes).toBe(false);
  // its data disks, system disk and a Disk resource carry it too
  const d = await disk.create((await disk.check!({}, { zoneId: ZONE, size: 20, __ecsName: "owned-disk", __ecsScope: "proj/dev", __ecsStack: "proj/dev" })).inputs);
  const tagged = await h.client.call<{ Disks: { Disk: { DiskId: string }[] } }>("DescribeDisks", { RegionId: REGION, Tag: [{ Key: "pulumi:proj/dev" }], PageSize: 100 });
  expect(tagged.Disks.Disk.map((x) => x.DiskId)).toEqual(expect.arrayContaining([d.id, String(created.outs.systemDiskId)]));
  await disk.delete!(d.id, d.outs);
  await instance.delete!(created.id, created.outs);
});

test("the stack's resources are listed by their ownership tag, an instance's disks as part of it", async () => {
  const inputs = await checked("listed");
  const created = await instance.create(inputs);
  const d = await disk.create((await disk.check!({}, { zoneId: ZONE, size: 20, __ecsName: "listed", __ecsScope: "proj/dev", __ecsStack: "proj/dev" })).inputs);
  await interruptBeforeRecorded(h.client, diskSpec, d.id, { __ecsName: "listed", __ecsStack: "proj/dev" });
  const listed = await stackResources(h.client, REGION, "proj/dev");
  expect(listed).toEqual(
    expect.arrayContaining([
      { kind: "Instance", id: created.id, name: "listed", region: REGION, interrupted: false },
      { kind: "Disk", id: d.id, name: "listed", region: REGION, interrupted: true },
    ]),
  );
  expect(listed.map((r) => r.id)).not.toContain(created.outs.systemDiskId);
  expect(await stackResources(h.client, REGION, "proj/other")).toEqual([]);
  await disk.delete!(d.id, d.outs);
  await instance.delete!(created.id, created.outs);
});
