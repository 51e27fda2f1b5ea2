/** LaunchTemplate through its provider object, against the emulator over HTTP. */
import { providerFor } from "../../provider";
import { versionParams } from "../../provider/resources/launchTemplate/ecs";
import { launchTemplateSpec } from "../../provider/resources/launchTemplate/spec";
import { IMAGE, providerSuite, REGION, ZONE, type Bag, failureAt, failurePath } from "./harness";
import { inVirtualTime } from "./manualClock";

const p = providerFor("LaunchTemplate");
const { h, checked } = providerSuite(p);
let sg: string;
beforeAll(async () => {
  sg = await h.securityGroup();
});

interface VersionSet {
  VersionNumber: number;
  DefaultVersion: boolean;
  LaunchTemplateData: Record<string, unknown>;
}
async function versions(id: string): Promise<VersionSet[]> {
  const res = await h.client.call<{ LaunchTemplateVersionSets: { LaunchTemplateVersionSet: VersionSet[] } }>("DescribeLaunchTemplateVersions", { RegionId: REGION, LaunchTemplateId: id, PageSize: 50 });
  return res.LaunchTemplateVersionSets.LaunchTemplateVersionSet;
}

const base = {
  launchTemplateName: "web-template",
  versionDescription: "first version",
  imageId: IMAGE,
  instanceType: "ecs.g7.large",
  zoneId: ZONE,
  instanceName: "web",
  internetMaxBandwidthOut: 5,
  userData: "#!/bin/sh\necho hello\n",
  systemDisk: { category: "cloud_essd", size: 40 },
  dataDisks: [{ category: "cloud_efficiency", size: 100, deleteWithInstance: true }],
  tags: { app: "web" },
};
const withSg = (extra: Bag = {}): Bag => ({ ...base, securityGroupId: sg, ...extra });

test("lifecycle: create → no diff → new default version per change → replace on name → drift → delete → gone", async () => {
  const inputs = await checked("web", withSg());
  expect(inputs.setDefault).toBe(true); // schema default
  const created = await p.create(inputs);
  const outs = created.outs as Bag;
  expect(created.id).toMatch(/^lt-/);
  expect(outs).toMatchObject({ launchTemplateId: created.id, versionNumber: 1, latestVersionNumber: 1, defaultVersionNumber: 1, userData: base.userData, systemDisk: { category: "cloud_essd", size: 40 } });
  // user data goes over the wire Base64-encoded
  expect((await versions(created.id))[0]!.LaunchTemplateData.UserData).toBe(Buffer.from(base.userData).toString("base64"));

  const read = await p.read!(created.id, outs);
  expect((await p.diff!(created.id, read.props, inputs)).changes).toBe(false);
  const imported = await p.read!(created.id, {} as never);
  expect((await p.diff!(created.id, imported.props, inputs)).changes).toBe(false);

  // a configuration change: one new version, made the default
  h.emulator.admin.resetCallCounts();
  const bigger = await checked("web", withSg({ instanceType: "ecs.g7.xlarge", versionDescription: "bigger" }), inputs);
  expect(await p.diff!(created.id, read.props, bigger)).toMatchObject({ changes: true, replaces: [] });
  const up = (await p.update!(created.id, read.props, bigger)).outs as Bag;
  expect(up).toMatchObject({ instanceType: "ecs.g7.xlarge", versionNumber: 2, latestVersionNumber: 2, defaultVersionNumber: 2, versionDescription: "bigger" });
  expect(h.calls("CreateLaunchTemplateVersion")).toBe(1);
  expect(h.calls("ModifyLaunchTemplateDefaultVersion")).toBe(1);
  expect((await p.diff!(created.id, up, bigger)).changes).toBe(false);

  // setDefault: false keeps the default where it is and reads back the version it created
  h.emulator.admin.resetCallCounts();
  const canary = await checked("web", withSg({ instanceType: "ecs.g7.xlarge", versionDescription: "canary", instanceName: "canary", setDefault: false }), bigger);
  const up2 = (await p.update!(created.id, up, canary)).outs as Bag;
  expect(up2).toMatchObject({ versionNumber: 3, latestVersionNumber: 3, defaultVersionNumber: 2, instanceName: "canary" });
  expect(h.calls("ModifyLaunchTemplateDefaultVersion")).toBe(0);
  expect((await p.diff!(created.id, (await p.read!(created.id, up2)).props, canary)).changes).toBe(false);
  // switching setDefault on makes that version the default without a new version
  h.emulator.admin.resetCallCounts();
  const promote = await checked("web", { ...canary, setDefault: true }, canary);
  expect((await p.diff!(created.id, up2, promote)).changes).toBe(true);
  const up3 = (await p.update!(created.id, up2, promote)).outs as Bag;
  expect(up3).toMatchObject({ versionNumber: 3, defaultVersionNumber: 3 });
  expect(h.calls("CreateLaunchTemplateVersion")).toBe(0);

  // the name replaces
  expect((await p.diff!(created.id, up3, await checked("web", { ...promote, launchTemplateName: "web-template-2" }))).replaces).toEqual(["launchTemplateName"]);

  // drift: a new default made outside Pulumi is what refresh reports, and the next update restores ours
  await h.client.call("CreateLaunchTemplateVersion", { RegionId: REGION, LaunchTemplateId: created.id, ImageId: IMAGE, InstanceType: "ecs.c7.large" });
  await h.client.call("ModifyLaunchTemplateDefaultVersion", { RegionId: REGION, LaunchTemplateId: created.id, DefaultVersionNumber: 4 });
  const drifted = await p.read!(created.id, up3);
  expect(drifted.props).toMatchObject({ instanceType: "ecs.c7.large", defaultVersionNumber: 4, versionNumber: 4 });
  expect((drifted.props as Bag).systemDisk).toBeUndefined();
  expect(await p.diff!(created.id, drifted.props, promote)).toMatchObject({ changes: true, replaces: [] });
  const restored = (await p.update!(created.id, drifted.props, promote)).outs as Bag;
  expect(restored).toMatchObject({ instanceType: "ecs.g7.xlarge", instanceName: "canary", versionNumber: 5, defaultVersionNumber: 5 });

  // delete → gone, twice is fine
  await p.delete!(created.id, restored);
  expect(await p.read!(created.id, restored)).toEqual({});
  await p.delete!(created.id, restored);
});

test("old versions are pruned before the limit of 30, never the default one", async () => {
  const inputs = await checked("many", withSg({ launchTemplateName: "many-versions" }));
  const created = await p.create(inputs);
  let state = created.outs as Bag;
  let prev = inputs;
  for (let i = 2; i <= 33; i++) {
    const next = await checked("many", withSg({ launchTemplateName: "many-versions", internetMaxBandwidthOut: i }), prev);
    state = (await p.update!(created.id, state, next)).outs as Bag;
    prev = next;
  }
  const left = (await versions(created.id)).map((v) => v.VersionNumber).sort((a, b) => a - b);
  expect(left.length).toBeLessThanOrEqual(30);
  expect(left[left.length - 1]).toBe(33);
  expect(state).toMatchObject({ versionNumber: 33, defaultVersionNumber: 33, latestVersionNumber: 33, internetMaxBandwidthOut: 33 });
  expect(left).not.toContain(1); // the oldest went first
  await p.delete!(created.id, state);
});

test("a version made the default outside Pulumi is never pruned", async () => {
  const created = await p.create(await checked("pinned", withSg({ launchTemplateName: "pinned" })));
  // fill the template to the limit outside Pulumi, keeping version 1 the default
  for (let i = 2; i <= 30; i++) await h.client.call("CreateLaunchTemplateVersion", { RegionId: REGION, LaunchTemplateId: created.id, ImageId: IMAGE, InternetMaxBandwidthOut: i });
  const next = await checked("pinned", withSg({ launchTemplateName: "pinned", instanceType: "ecs.r7.large", setDefault: false }));
  const up = (await p.update!(created.id, created.outs, next)).outs as Bag;
  expect(up).toMatchObject({ versionNumber: 31, defaultVersionNumber: 1 });
  const left = (await versions(created.id)).map((v) => v.VersionNumber);
  expect(left).toContain(1);
  expect(left).toContain(31);
  expect(left.length).toBeLessThanOrEqual(30);
  await p.delete!(created.id, up);
});

test("check names the property and the rule, and makes no API call", async () => {
  const res = await p.check!({}, h.inputs("bad", {
    launchTemplateName: "1bad",
    internetMaxBandwidthOut: 101,
    systemDisk: { size: 10 },
    dataDisks: [{ category: "cloud", size: 4000 }],
    userData: "x".repeat(32 * 1024 + 1), // today's limit: 32 KiB before encoding
    internetChargeType: "PayByDay",
  }));
  expect((res.failures ?? []).map(failurePath).sort()).toEqual(
    ["dataDisks[0].size", "internetChargeType", "internetMaxBandwidthOut", "launchTemplateName", "systemDisk.size", "userData"].sort(),
  );
  expect(failureAt(res.failures, "dataDisks[0].size")?.reason).toMatch(/5 and 2000 GiB for cloud/);
  expect((await p.check!({}, h.inputs("none", {}))).failures).toEqual([]); // the name is made up (auto-naming)
  expect(Object.values(h.emulator.admin.callCounts()).reduce((a, b) => a + b, 0)).toBe(0);
});

test("template data is the spec's inputs minus the template's own; a version carries it under the spec's wire names", async () => {
  const own = ["region", "launchTemplateName", "versionDescription", "setDefault", "timeouts"];
  const data = Object.entries(launchTemplateSpec.inputs).filter(([k]) => !own.includes(k));
  // Every template datum makes a new version when it changes, and is sent and read back.
  for (const [k, p] of data) {
    expect(`${k}: ${p.change.kind}`).toBe(`${k}: updater`);
    expect(`${k}: ${p.wire?.create !== undefined && p.wire?.read !== undefined}`).toBe(`${k}: true`);
  }
  const params = versionParams({ launchTemplateName: "x", internetMaxBandwidthOut: 5, spotPriceLimit: 0.25, systemDisk: { size: 40, name: "root" }, dataDisks: [{ size: 100, encrypted: true }], userData: "hi" });
  expect(params).toEqual({ InternetMaxBandwidthOut: 5, SpotPriceLimit: 0.25, SystemDisk: { Size: 40, DiskName: "root" }, DataDisk: [{ Size: 100, Encrypted: true }], UserData: Buffer.from("hi").toString("base64") });
  // Types are check's job: a string where the spec says integer never reaches the wire.
  const res = await p.check!({}, h.inputs("typed", { launchTemplateName: "typed", internetMaxBandwidthOut: "5", systemDisk: { size: "40" }, dataDisks: [{ encrypted: "true" }] }));
  expect(res.failures?.map((f) => f.reason).sort()).toEqual(["dataDisks[0].encrypted: must be true or false", "must be a whole number", "systemDisk.size: must be a whole number"]);
});

test("a new template not listed for 60 s: the create waits for it, one template", async () => {
  const inputs = await checked("late", withSg({ launchTemplateName: "late" }));
  h.emulator.admin.resetCallCounts();
  h.emulator.admin.injectFault({ type: "invisible", action: "CreateLaunchTemplate", invisibleMs: 60_000, count: 1 });
  const created = await inVirtualTime(h.emulator, () => p.create(inputs));
  expect(created.id).toMatch(/^lt-/);
  expect(created.outs).toMatchObject({ launchTemplateId: created.id, launchTemplateName: "late", versionNumber: 1, instanceType: base.instanceType });
  expect(h.calls("CreateLaunchTemplate")).toBe(1);
  expect(h.calls("DescribeLaunchTemplates")).toBeGreaterThan(1); // asked until it was listed
  await p.delete!(created.id, created.outs);
});

test("a read refused right after the create: the template's id goes to the engine (an init error), the next update completes it, no second template", async () => {
  const inputs = await checked("refused", withSg({ launchTemplateName: "refused" }));
  h.emulator.admin.resetCallCounts();
  h.emulator.admin.injectFault({ type: "error", action: "DescribeLaunchTemplates", code: "Forbidden.RAM", httpStatus: 403, message: "User not authorized to operate on the specified resource.", count: 1 });
  const err = (await p.create(inputs).then(
    () => undefined,
    (e: unknown) => e,
  )) as { id?: string; properties?: Bag; message: string } | undefined;
  expect(err?.message).toMatch(/^LaunchTemplate "refused": .*Forbidden\.RAM.*RequestId/);
  expect(err?.id).toMatch(/^lt-/);
  const id = err!.id!;
  expect(err?.properties).toMatchObject({ launchTemplateId: id, launchTemplateName: "refused" });
  expect(await p.diff!(id, err!.properties as never, inputs)).toMatchObject({ changes: false });
  const completed = (await p.update!(id, err!.properties as never, inputs)).outs as Bag;
  expect(completed).toMatchObject({ launchTemplateId: id, launchTemplateName: "refused", versionNumber: 1, defaultVersionNumber: 1 });
  expect(h.calls("CreateLaunchTemplate")).toBe(1);
  expect(h.calls("CreateLaunchTemplateVersion")).toBe(0);
  await p.delete!(id, completed as never);
});
