/** DeploymentSet through its provider object, against the emulator over HTTP. */
import { providerFor } from "../../provider";
import { IMAGE, providerSuite, REGION, ZONE, type Bag, failurePath } from "./harness";
import { inVirtualTime } from "./manualClock";

const p = providerFor("DeploymentSet");
const { h, checked } = providerSuite(p);

test("lifecycle: create → no diff → rename in place → strategy replaces → drift → delete → gone", async () => {
  const inputs = await checked("spread", { deploymentSetName: "spread-web", description: "web tier", onUnableToRedeployFailedInstance: "KeepStopped" });
  expect(inputs.strategy).toBe("Availability"); // schema default
  const created = await p.create(inputs);
  const outs = created.outs as Bag;
  expect(created.id).toMatch(/^ds-/);
  expect(outs).toMatchObject({ deploymentSetId: created.id, deploymentSetName: "spread-web", description: "web tier", strategy: "Availability", onUnableToRedeployFailedInstance: "KeepStopped", instanceIds: [] });
  expect(h.calls("CreateDeploymentSet")).toBe(1);

  const read = await p.read!(created.id, outs);
  // ECS never reports the redeploy fallback: refresh keeps the state's value.
  expect(read.props).toMatchObject({ onUnableToRedeployFailedInstance: "KeepStopped" });
  expect(read.inputs).toMatchObject({ onUnableToRedeployFailedInstance: "KeepStopped" });
  expect((await p.diff!(created.id, read.props, inputs)).changes).toBe(false);
  // import (no prior state) cannot know it: the program's KeepStopped is recorded in place, never a replace, with no call
  const imported = await p.read!(created.id, {} as never);
  expect(imported.inputs).toMatchObject({ deploymentSetName: "spread-web", strategy: "Availability" });
  expect(imported.inputs).not.toHaveProperty("onUnableToRedeployFailedInstance");
  expect(imported.props).not.toHaveProperty("onUnableToRedeployFailedInstance");
  expect(await p.diff!(created.id, imported.props, inputs)).toMatchObject({ changes: true, replaces: [] });
  h.emulator.admin.resetCallCounts();
  const recorded = (await p.update!(created.id, imported.props, inputs)).outs as Bag;
  expect(recorded).toMatchObject({ onUnableToRedeployFailedInstance: "KeepStopped" });
  expect(h.calls("ModifyDeploymentSetAttribute")).toBe(0);
  expect(await p.diff!(created.id, recorded, inputs)).toMatchObject({ changes: false, replaces: [] });
  // once the state knows it, a change replaces
  expect((await p.diff!(created.id, recorded, await checked("spread", { ...inputs, onUnableToRedeployFailedInstance: "CancelMembershipAndStart" }))).replaces).toEqual(["onUnableToRedeployFailedInstance"]);
  // an import with the default stated (or omitted) is no change at all
  expect(await p.diff!(created.id, imported.props, await checked("spread", { ...inputs, onUnableToRedeployFailedInstance: undefined }))).toMatchObject({ changes: false });

  // name and description in place
  h.emulator.admin.resetCallCounts();
  const renamed = await checked("spread", { ...inputs, deploymentSetName: "spread-api", description: "api tier" }, inputs);
  expect(await p.diff!(created.id, read.props, renamed)).toMatchObject({ changes: true, replaces: [] });
  const up = (await p.update!(created.id, read.props, renamed)).outs as Bag;
  expect(up).toMatchObject({ deploymentSetName: "spread-api", description: "api tier", onUnableToRedeployFailedInstance: "KeepStopped" });
  expect(h.calls("ModifyDeploymentSetAttribute")).toBe(1); // today's name (the 2019 reference: ModifyDeploymentSetAttributes)

  // strategy and the redeploy fallback replace
  expect((await p.diff!(created.id, up, await checked("spread", { ...renamed, strategy: "AvailabilityGroup" }))).replaces).toEqual(["strategy"]);
  expect((await p.diff!(created.id, up, await checked("spread", { ...renamed, onUnableToRedeployFailedInstance: "CancelMembershipAndStart" }))).replaces).toEqual([
    "onUnableToRedeployFailedInstance",
  ]);

  // drift: renamed outside Pulumi
  h.emulator.admin.modifyResource("deploymentset", created.id, { name: "by-hand" });
  const drifted = await p.read!(created.id, up);
  expect((drifted.props as Bag).deploymentSetName).toBe("by-hand");
  expect((await p.diff!(created.id, drifted.props, renamed)).changes).toBe(true);

  await p.delete!(created.id, up);
  expect(await p.read!(created.id, up)).toEqual({});
  await p.delete!(created.id, up); // not found is success
});

test("delete with instances still in the set fails clearly at the deadline, naming them; succeeds once they are gone", async () => {
  const created = await p.create(await checked("busy", { deploymentSetName: "busy" }));
  const sg = await h.securityGroup();
  const run = await h.client.call<{ InstanceIdSets: { InstanceIdSet: string[] } }>("RunInstances", {
    RegionId: REGION,
    ImageId: IMAGE,
    InstanceType: "ecs.g7.large",
    SecurityGroupId: sg,
    ZoneId: ZONE,
    DeploymentSetId: created.id,
  });
  const instanceId = run.InstanceIdSets.InstanceIdSet[0]!;
  expect((await p.read!(created.id, created.outs)).props).toMatchObject({ instanceIds: [instanceId] });

  // However few attempts fit before the deadline (machine load decides), the loop ends on the
  // "not empty" answer: the message is always the clear one, and it counts the attempts made.
  h.emulator.admin.resetCallCounts();
  const err = await inVirtualTime(h.emulator, () =>
    p.delete!(created.id, { ...(created.outs as Bag), timeouts: { delete: "1s" } } as never).then(
      () => undefined,
      (e: Error) => e,
    ),
  );
  expect(err?.message).toContain(`still has instances in it: ${instanceId}`);
  expect(err?.message).toContain("DependencyViolation.NotEmpty");
  expect(err?.message).toMatch(/RequestId [0-9A-F-]{8,}/i);
  expect(err?.message).toContain(`${h.calls("DeleteDeploymentSet")} attempt(s)`);

  await h.client.call("DeleteInstance", { RegionId: REGION, InstanceId: instanceId, Force: true });
  await p.delete!(created.id, created.outs);
  expect(await p.read!(created.id, created.outs)).toEqual({});
});

test("delete retries DependencyViolation.NotEmpty while instances drain, then succeeds", async () => {
  const created = await p.create(await checked("draining", { deploymentSetName: "draining" }));
  // The emulator answers NotEmpty exactly three times (as while members are being released); the
  // deadline is far, so the count of attempts is decided by the answers, not by the clock.
  h.emulator.admin.injectFault({ type: "throttling", action: "DeleteDeploymentSet", code: "DependencyViolation.NotEmpty", count: 3, retryAfterMs: 0 });
  h.emulator.admin.resetCallCounts();
  await inVirtualTime(h.emulator, () => p.delete!(created.id, { ...(created.outs as Bag), timeouts: { delete: "10m" } } as never));
  expect(h.calls("DeleteDeploymentSet")).toBe(4);
  expect(await p.read!(created.id, created.outs)).toEqual({});
});

test("check names the property and the rule, and makes no API call", async () => {
  const res = await p.check!({}, h.inputs("bad", { deploymentSetName: "-dash", description: "http://x", strategy: "Anywhere", onUnableToRedeployFailedInstance: "Pray" }));
  expect((res.failures ?? []).map(failurePath)).toEqual(["deploymentSetName", "description", "strategy", "onUnableToRedeployFailedInstance"]);
  expect(Object.values(h.emulator.admin.callCounts()).reduce((a, b) => a + b, 0)).toBe(0);
});

test("a read refused right after CreateDeploymentSet: the set goes to the engine with its id (an init error), the next update completes it, no second set", async () => {
  const inputs = await checked("refused", { deploymentSetName: "refused", description: "made once" });
  h.emulator.admin.resetCallCounts();
  h.emulator.admin.injectFault({ type: "error", action: "DescribeDeploymentSets", code: "Forbidden.RAM", httpStatus: 403, message: "User not authorized to operate on the specified resource.", count: 1 });
  const err = (await p.create(inputs).then(
    () => undefined,
    (e: unknown) => e,
  )) as { id?: string; properties?: Bag; message: string } | undefined;
  expect(err?.message).toMatch(/^DeploymentSet "refused": .*Forbidden\.RAM.*RequestId/);
  expect(err?.id).toMatch(/^ds-/);
  const id = err!.id!;
  // The engine records these properties as the set's state: the program's inputs, so the next
  // up sees no change and updates it (as it does any resource with init errors).
  expect(err?.properties).toMatchObject({ deploymentSetId: id, region: REGION, deploymentSetName: "refused", description: "made once", __ecsName: "refused" });
  expect(await p.diff!(id, err!.properties as never, inputs)).toMatchObject({ changes: false });
  const completed = (await p.update!(id, err!.properties as never, inputs)).outs as Bag;
  expect(completed).toMatchObject({ deploymentSetId: id, deploymentSetName: "refused", strategy: "Availability", instanceIds: [] });
  expect(h.calls("CreateDeploymentSet")).toBe(1);
  await p.delete!(id, completed as never);
});
