/** DeploymentSet through its provider object, against the emulator over HTTP. */
import { providerFor } from "../../provider";
import { IMAGE, REGION, startHarness, ZONE, type Harness } from "./harness";

const p = providerFor("DeploymentSet");
type Bag = Record<string, unknown>;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
beforeEach(() => {
  h.emulator.admin.clearFaults();
  h.emulator.admin.resetCallCounts();
});

async function checked(name: string, args: Bag, olds: Bag = {}): Promise<Bag> {
  const res = await p.check!(olds, h.inputs(name, args));
  expect(res.failures).toEqual([]);
  return res.inputs as Bag;
}

test("lifecycle: create → no diff → rename in place → strategy replaces → drift → delete → gone", async () => {
  const inputs = await checked("spread", { deploymentSetName: "spread-web", description: "web tier", onUnableToRedeployFailedInstance: "KeepStopped" });
  expect(inputs.strategy).toBe("Availability"); // schema default
  const created = await p.create(inputs);
  const outs = created.outs as Bag;
  expect(created.id).toMatch(/^ds-/);
  expect(outs).toMatchObject({ deploymentSetId: created.id, deploymentSetName: "spread-web", description: "web tier", strategy: "Availability", onUnableToRedeployFailedInstance: "KeepStopped", instanceIds: [] });
  expect(h.calls("CreateDeploymentSet")).toBe(1);

  const read = await p.read!(created.id, outs);
  expect((await p.diff!(created.id, read.props, inputs)).changes).toBe(false);
  const imported = await p.read!(created.id, {} as never);
  expect((imported.inputs as Bag).deploymentSetName).toBe("spread-web");

  // name and description in place
  h.emulator.admin.resetCallCounts();
  const renamed = await checked("spread", { ...inputs, deploymentSetName: "spread-api", description: "api tier" }, inputs);
  expect(await p.diff!(created.id, read.props, renamed)).toMatchObject({ changes: true, replaces: [] });
  const up = (await p.update!(created.id, read.props, renamed)).outs as Bag;
  expect(up).toMatchObject({ deploymentSetName: "spread-api", description: "api tier", onUnableToRedeployFailedInstance: "KeepStopped" });
  expect(h.calls("ModifyDeploymentSetAttributes")).toBe(1);

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

test("delete with instances still in the set fails clearly, naming them; succeeds once they are gone", async () => {
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

  h.emulator.admin.resetCallCounts();
  const err = await p.delete!(created.id, { ...(created.outs as Bag), timeouts: { delete: "2s" } } as never).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(err?.message).toContain(`still has instances in it: ${instanceId}`);
  expect(err?.message).toContain("DependencyViolation.NotEmpty");
  expect(h.calls("DeleteDeploymentSet")).toBeGreaterThan(1); // retried while they might be draining

  await h.client.call("DeleteInstance", { RegionId: REGION, InstanceId: instanceId, Force: true });
  await p.delete!(created.id, created.outs);
  expect(await p.read!(created.id, created.outs)).toEqual({});
});

test("check names the property and the rule, and makes no API call", async () => {
  const res = await p.check!({}, h.inputs("bad", { deploymentSetName: "-dash", description: "http://x", strategy: "Anywhere", onUnableToRedeployFailedInstance: "Pray" }));
  expect((res.failures ?? []).map((f) => f.property)).toEqual(["deploymentSetName", "description", "strategy", "onUnableToRedeployFailedInstance"]);
  expect(Object.values(h.emulator.admin.callCounts()).reduce((a, b) => a + b, 0)).toBe(0);
});
