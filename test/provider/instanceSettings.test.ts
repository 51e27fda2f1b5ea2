/** Instance changes that apply in place through the actions ECS has for them (emulator/README.md):
 *  bandwidth and network billing (ModifyInstanceNetworkSpec), deployment set (ModifyInstanceDeployment),
 *  user data read back (DescribeUserData), RAM role (Attach/Detach/DescribeInstanceRamRole), release
 *  time (ModifyInstanceAutoReleaseTime), billing method (ModifyInstanceChargeType), and a basic system
 *  disk grown offline. Each: the spec's change, the calls it makes, the read back, and check. */
import { flattenParams, getClient, type Params } from "../../provider/client";
import { providerFor } from "../../provider";
import { IMAGE, providerSuite, ZONE, failureAt, type Bag } from "./harness";

const p = providerFor("Instance");
const ds = providerFor("DeploymentSet");
const { h, checked } = providerSuite(p);

/** Every call the provider makes while `fn` runs: the action and its wire parameters, but RegionId
 *  (the provider passes it with every call; the client sends it only to actions that declare it). */
async function callsDuring(fn: () => Promise<unknown>): Promise<{ action: string; params: Record<string, string> }[]> {
  const spy = jest.spyOn(getClient(), "call");
  try {
    await fn();
    return spy.mock.calls.map(([action, params]) => {
      const { RegionId: _region, ...rest } = flattenParams((params ?? {}) as Params);
      return { action, params: rest };
    });
  } finally {
    spy.mockRestore();
  }
}

/** The wire parameters of every call of `action` while `fn` runs. */
const sent = async (action: string, fn: () => Promise<unknown>): Promise<Record<string, string>[]> => (await callsDuring(fn)).filter((c) => c.action === action).map((c) => c.params);

const base = async (extra: Bag = {}): Promise<Bag> => ({ zoneId: ZONE, imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupIds: [await h.securityGroup()], ...extra });
const utc = (msAhead: number, seconds = "00"): string => `${new Date(Date.now() + msAhead).toISOString().slice(0, 17)}${seconds}Z`;
const HOUR = 3600_000;

async function update(name: string, olds: Bag, args: Bag, oldInputs: Bag): Promise<Bag> {
  const news = await checked(name, args, oldInputs);
  const d = await p.diff!(String(olds.instanceId), olds, news);
  expect(d).toMatchObject({ changes: true, replaces: [] });
  return (await p.update!(String(olds.instanceId), olds, news)).outs as Bag;
}

test("bandwidth and internet charge type change in place with one ModifyInstanceNetworkSpec; from 0 it allocates a public IP", async () => {
  const program = await base();
  const inputs = await checked("net", program);
  const created = (await p.create(inputs)).outs as Bag;
  expect(created).toMatchObject({ internetMaxBandwidthOut: 0, internetChargeType: "PayByTraffic", publicIp: "" });

  const wider = { ...program, internetMaxBandwidthOut: 10, internetChargeType: "PayByBandwidth" };
  let up: Bag = {};
  const calls = await sent("ModifyInstanceNetworkSpec", async () => (up = await update("net", created, wider, inputs)));
  expect(calls).toEqual([{ InstanceId: created.instanceId, InternetMaxBandwidthOut: "10", NetworkChargeType: "PayByBandwidth", AllocatePublicIp: "true" }]);
  expect(up).toMatchObject({ instanceId: created.instanceId, internetMaxBandwidthOut: 10, internetChargeType: "PayByBandwidth", status: "Running" });
  expect(up.publicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect([h.calls("ModifyInstanceSpec"), h.calls("AllocatePublicIpAddress"), h.calls("StopInstance"), h.calls("RunInstances")]).toEqual([0, 0, 0, 1]);

  // Down, and the billing alone: the address stays, no second allocation.
  const narrower = { ...program, internetMaxBandwidthOut: 2, internetChargeType: "PayByBandwidth" };
  const down = await sent("ModifyInstanceNetworkSpec", async () => (up = await update("net", up, narrower, await checked("net", wider))));
  expect(down).toEqual([{ InstanceId: created.instanceId, InternetMaxBandwidthOut: "2" }]);
  const traffic = { ...narrower, internetChargeType: "PayByTraffic" };
  const billing = await sent("ModifyInstanceNetworkSpec", async () => (up = await update("net", up, traffic, await checked("net", narrower))));
  expect(billing).toEqual([{ InstanceId: created.instanceId, NetworkChargeType: "PayByTraffic" }]);
  expect(up).toMatchObject({ internetMaxBandwidthOut: 2, internetChargeType: "PayByTraffic" });
  expect((await p.diff!(String(up.instanceId), (await p.read!(String(up.instanceId), up as never)).props, await checked("net", traffic))).changes).toBe(false);
  await p.delete!(String(up.instanceId), up as never);
});

test("deploymentSetId moves in place: a Running instance with Force (and Running after), another set, out of the set; a Stopped one without Force", async () => {
  const setA = (await ds.create(await (async () => (await ds.check!({}, h.inputs("a", { deploymentSetName: "set-a" }))).inputs)())).id;
  const setB = (await ds.create(await (async () => (await ds.check!({}, h.inputs("b", { deploymentSetName: "set-b" }))).inputs)())).id;
  const program = await base();
  const inputs = await checked("placed", program);
  const created = (await p.create(inputs)).outs as Bag;
  expect(created).not.toHaveProperty("deploymentSetId");

  let up: Bag = {};
  const into = await sent("ModifyInstanceDeployment", async () => (up = await update("placed", created, { ...program, deploymentSetId: setA }, inputs)));
  expect(into).toEqual([{ InstanceId: created.instanceId, DeploymentSetId: setA, Force: "true" }]);
  expect(up).toMatchObject({ instanceId: created.instanceId, deploymentSetId: setA, status: "Running" });
  expect(((await ds.read!(setA, {} as never)).props as Bag).instanceIds).toEqual([created.instanceId]);

  const moved = await sent("ModifyInstanceDeployment", async () => (up = await update("placed", up, { ...program, deploymentSetId: setB }, await checked("placed", { ...program, deploymentSetId: setA }))));
  expect(moved).toEqual([{ InstanceId: created.instanceId, DeploymentSetId: setB, Force: "true" }]);
  expect(((await ds.read!(setA, {} as never)).props as Bag).instanceIds).toEqual([]);

  // Removed from the program: the instance leaves the set it is in.
  const out = await sent("ModifyInstanceDeployment", async () => (up = await update("placed", up, program, await checked("placed", { ...program, deploymentSetId: setB }))));
  expect(out).toEqual([{ InstanceId: created.instanceId, DeploymentSetId: setB, RemoveFromDeploymentSet: "true" }]);
  expect(up).not.toHaveProperty("deploymentSetId");
  expect(((await ds.read!(setB, {} as never)).props as Bag).instanceIds).toEqual([]);

  // A Stopped instance joins without Force (nothing to restart).
  const stopped = { ...program, status: "Stopped" };
  up = await update("placed", up, stopped, inputs);
  const quiet = await sent("ModifyInstanceDeployment", async () => (up = await update("placed", up, { ...stopped, deploymentSetId: setA }, await checked("placed", stopped))));
  expect(quiet).toEqual([{ InstanceId: created.instanceId, DeploymentSetId: setA, Force: "false" }]);
  expect(up).toMatchObject({ deploymentSetId: setA, status: "Stopped" });
  expect(h.calls("RunInstances")).toBe(1);

  // With a launch template, an omitted set is the template's to give: no change.
  expect((await p.diff!(String(up.instanceId), up, { ...(await checked("placed", stopped)), launchTemplateId: undefined })).changes).toBe(true);
  const viaTemplate = p.diff!(String(up.instanceId), { ...up, launchTemplateId: "lt-1" }, { ...(await checked("placed", stopped)), launchTemplateId: "lt-1" });
  expect(await viaTemplate).toMatchObject({ changes: false });
  await p.delete!(String(up.instanceId), up as never);
});

test("userData is read back: refresh shows a change made outside Pulumi, and import knows it", async () => {
  const program = await base({ userData: "#!/bin/sh\necho one\n" });
  const inputs = await checked("ud", program);
  const created = (await p.create(inputs)).outs as Bag;
  expect(h.calls("DescribeUserData")).toBe(0); // create knows what it sent
  const id = String(created.instanceId);
  expect((await p.read!(id, created as never)).props).toMatchObject({ userData: "#!/bin/sh\necho one\n" });

  h.emulator.admin.modifyResource("instance", id, { userData: Buffer.from("#!/bin/sh\necho other\n").toString("base64") });
  const drifted = await p.read!(id, created as never);
  expect(drifted.props).toMatchObject({ userData: "#!/bin/sh\necho other\n" });
  expect(drifted.inputs).toMatchObject({ userData: "#!/bin/sh\necho other\n" });
  await expect(p.diff!(id, drifted.props, inputs)).rejects.toThrow(/userData needs the instance stopped/);

  const imported = await p.read!(id, {} as never);
  expect(imported.inputs).toMatchObject({ userData: "#!/bin/sh\necho other\n" });
  await p.delete!(id, created as never);
});

test("refresh asks for user data only where the state holds some (DescribeUserData is one call per instance); an import always does", async () => {
  const created = (await p.create(await checked("plain", await base({})))).outs as Bag;
  const id = String(created.instanceId);
  expect(created.userData).toBeUndefined();
  h.emulator.admin.resetCallCounts();
  expect(((await p.read!(id, created as never)).props as Bag).userData).toBeUndefined();
  expect(h.calls("DescribeUserData")).toBe(0);

  // Added outside Pulumi: refresh does not see it (the property is computed: the program that omits
  // it asks for nothing either); an import does.
  h.emulator.admin.modifyResource("instance", id, { userData: Buffer.from("#!/bin/sh\necho added\n").toString("base64") });
  expect(((await p.read!(id, created as never)).props as Bag).userData).toBeUndefined();
  expect((await p.read!(id, {} as never)).inputs).toMatchObject({ userData: "#!/bin/sh\necho added\n" });
  expect(h.calls("DescribeUserData")).toBe(1); // the import
  await p.delete!(id, created as never);
});

test("ramRoleName: given at create, read back, changed (detach, attach), removed (detach); a refusal names the action, code and RequestId", async () => {
  const program = await base({ ramRoleName: "EcsReader" });
  const inputs = await checked("role", program);
  const created = (await p.create(inputs)).outs as Bag;
  const id = String(created.instanceId);
  expect(created).toMatchObject({ ramRoleName: "EcsReader" });
  const read = await p.read!(id, created as never);
  expect(read.props).toMatchObject({ ramRoleName: "EcsReader" });
  expect((await p.read!(id, {} as never)).inputs).toMatchObject({ ramRoleName: "EcsReader" }); // import knows it
  expect((await p.diff!(id, read.props, await checked("role", { ...program, ramRoleName: "ecsreader" }))).changes).toBe(false); // role names ignore case

  h.emulator.admin.resetCallCounts();
  let up = await update("role", read.props as Bag, { ...program, ramRoleName: "EcsWriter" }, inputs);
  expect([h.calls("DetachInstanceRamRole"), h.calls("AttachInstanceRamRole")]).toEqual([1, 1]);
  expect(up).toMatchObject({ ramRoleName: "EcsWriter", status: "Running" });

  h.emulator.admin.resetCallCounts();
  const { ramRoleName: _gone, ...without } = program;
  up = await update("role", up, without, await checked("role", { ...program, ramRoleName: "EcsWriter" }));
  expect([h.calls("DetachInstanceRamRole"), h.calls("AttachInstanceRamRole")]).toEqual([1, 0]);
  expect(up).not.toHaveProperty("ramRoleName");

  // The state says EcsWriter, but someone attached another role: ECS refuses the detach in its per-instance result.
  up = await update("role", up, program, await checked("role", without));
  h.emulator.admin.modifyResource("instance", id, { ramRoleName: "SomeoneElses" });
  const next = await checked("role", { ...program, ramRoleName: "EcsAdmin" }, inputs);
  await expect(p.update!(id, up as never, next)).rejects.toThrow(/DetachInstanceRamRole EcsReader on instance i-\w+ failed: InvalidRamRole\.NotFound: .*RequestId [0-9A-F-]{8,}/i);
  await p.delete!(id, up as never);
});

test("instanceChargeType: PostPaid → PrePaid (period required; a release time cancelled first) → PostPaid; a subscription is not deleted", async () => {
  const program = await base({ autoReleaseTime: utc(3 * HOUR) });
  const inputs = await checked("billing", program);
  const created = (await p.create(inputs)).outs as Bag;
  const id = String(created.instanceId);
  expect(created).toMatchObject({ instanceChargeType: "PostPaid" });

  const { autoReleaseTime: _t, ...noRelease } = program;
  const noPeriod = await p.check!(inputs, h.inputs("billing", { ...noRelease, instanceChargeType: "PrePaid" }));
  expect(failureAt(noPeriod.failures, "period")?.reason).toMatch(/required when instanceChargeType is PrePaid/);
  expect(failureAt((await p.check!(inputs, h.inputs("billing", { ...noRelease, instanceChargeType: "PrePaid", period: 10 }))).failures, "period")?.reason).toMatch(/one of 1, 2, .* for periodUnit Month/);

  const prePaid = { ...noRelease, instanceChargeType: "PrePaid", period: 1, periodUnit: "Month" };
  let up: Bag = {};
  const calls = await callsDuring(async () => (up = await update("billing", created, prePaid, inputs)));
  // A subscription cannot carry a release time: it is cancelled before the switch.
  expect(calls.filter((c) => c.action.startsWith("Modify"))).toEqual([
    { action: "ModifyInstanceAutoReleaseTime", params: { InstanceId: id } },
    { action: "ModifyInstanceChargeType", params: { InstanceIds: JSON.stringify([id]), InstanceChargeType: "PrePaid", Period: "1", PeriodUnit: "Month", AutoPay: "true" } },
  ]);
  expect(up).toMatchObject({ instanceChargeType: "PrePaid", period: 1, periodUnit: "Month", status: "Running" });
  expect(up).not.toHaveProperty("autoReleaseTime");
  // The period is not reported: refresh keeps it, and a new one alone calls nothing.
  const refreshed = (await p.read!(id, up as never)).props as Bag;
  expect(refreshed).toMatchObject({ period: 1 });
  h.emulator.admin.resetCallCounts();
  up = await update("billing", refreshed, { ...prePaid, period: 3 }, await checked("billing", prePaid));
  expect(h.calls("ModifyInstanceChargeType")).toBe(0);

  await expect(p.delete!(id, up as never)).rejects.toThrow(/subscription \(PrePaid\) instance .*ChargeTypeViolation.*set instanceChargeType: "PostPaid"/);
  const postPaid = { ...noRelease, instanceChargeType: "PostPaid" };
  const back = await sent("ModifyInstanceChargeType", async () => (up = await update("billing", up, postPaid, await checked("billing", { ...prePaid, period: 3 }))));
  expect(back).toEqual([{ InstanceIds: JSON.stringify([id]), InstanceChargeType: "PostPaid" }]);
  await p.delete!(id, up as never);
  expect(await p.read!(id, up as never)).toEqual({});
});

test("a basic (cloud) system disk grows offline (online is refused for it); other categories online", async () => {
  const cloud = await base({ systemDisk: { category: "cloud", size: 40 } });
  const inputs = await checked("basic", cloud);
  const created = (await p.create(inputs)).outs as Bag;
  const resized = await sent("ResizeDisk", async () => {
    const up = await update("basic", created, { ...cloud, systemDisk: { category: "cloud", size: 60 } }, inputs);
    expect(up).toMatchObject({ systemDisk: { category: "cloud", size: 60 }, status: "Running" });
  });
  expect(resized).toEqual([{ DiskId: created.systemDiskId, NewSize: "60", Type: "offline" }]);
  await p.delete!(String(created.instanceId), created as never);

  const essd = await base({ systemDisk: { category: "cloud_essd", size: 40 } });
  const essdInputs = await checked("fast", essd);
  const made = (await p.create(essdInputs)).outs as Bag;
  const online = await sent("ResizeDisk", async () => void (await update("fast", made, { ...essd, systemDisk: { category: "cloud_essd", size: 50 } }, essdInputs)));
  expect(online).toEqual([{ DiskId: made.systemDiskId, NewSize: "50", Type: "online" }]);
  await p.delete!(String(made.instanceId), made as never);
});

// Last: it moves the emulator's clock two hours ahead.
test("autoReleaseTime: set at create, equal to the minute, changed, cancelled; checked when set or changed; released by ECS when due", async () => {
  const at = utc(2 * HOUR, "30");
  const program = await base({ autoReleaseTime: at });
  const inputs = await checked("release", program);
  const created = (await p.create(inputs)).outs as Bag;
  const id = String(created.instanceId);
  // ECS drops the seconds; the program's spelling stays and is no change.
  expect(created).toMatchObject({ autoReleaseTime: at });
  expect((await p.diff!(id, (await p.read!(id, created as never)).props, inputs)).changes).toBe(false);

  const later = utc(5 * HOUR);
  const set = await sent("ModifyInstanceAutoReleaseTime", async () => void (await update("release", created, { ...program, autoReleaseTime: later }, inputs)));
  expect(set).toEqual([{ InstanceId: id, AutoReleaseTime: later }]);
  const cancelled = await sent("ModifyInstanceAutoReleaseTime", async () => {
    const outs = await update("release", { ...created, autoReleaseTime: later }, (({ autoReleaseTime: _t, ...rest }) => rest)(program), await checked("release", { ...program, autoReleaseTime: later }));
    expect(outs).not.toHaveProperty("autoReleaseTime");
  });
  expect(cancelled).toEqual([{ InstanceId: id }]); // no time: cancel

  // check: the form always, how far ahead only when set or changed, never on a subscription
  const failures = async (args: Bag, olds: Bag = {}) => (await p.check!(olds, h.inputs("release", { ...program, ...args }))).failures ?? [];
  expect(failureAt(await failures({ autoReleaseTime: "tomorrow" }), "autoReleaseTime")?.reason).toMatch(/yyyy-MM-ddTHH:mm:ssZ/);
  expect(failureAt(await failures({ autoReleaseTime: utc(10 * 60_000) }), "autoReleaseTime")?.reason).toMatch(/at least 30 minutes/);
  expect(failureAt(await failures({ autoReleaseTime: utc(10 * 60_000) }, { ...inputs, autoReleaseTime: utc(10 * 60_000) }), "autoReleaseTime")).toBeUndefined();
  expect(failureAt(await failures({ autoReleaseTime: utc(4 * 366 * 24 * HOUR) }), "autoReleaseTime")?.reason).toMatch(/at most 3 years/);
  expect(failureAt(await failures({ instanceChargeType: "PrePaid", period: 1 }), "autoReleaseTime")?.reason).toMatch(/pay-as-you-go instances only/);

  // Due: ECS releases it, and a refresh drops it.
  const due = await update("release", created, { ...program, autoReleaseTime: utc(HOUR) }, inputs);
  h.emulator.admin.advanceClock(2 * HOUR);
  expect(await p.read!(id, due as never)).toEqual({});
});
