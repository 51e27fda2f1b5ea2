/** examples/web through the real Pulumi CLI: the lifecycle a user goes through, checked against
 *  what the emulator holds after each step. The steps share one stack and run in order. */
import { rfc4716Fingerprint, parseOpenSshPublicKey } from "../../provider/ssh/publicKey";
import type { RunningEmulator } from "../../emulator";
import { EcsClient } from "../../provider/client";
import {
  CLI_TIMEOUT_MS,
  orphans,
  REGION,
  EventLog,
  changes,
  createStack,
  disposeAll,
  emulatorResources,
  exampleDir,
  newCredentials,
  NOTHING_LEFT,
  pulumiSdkCopies,
  stackResourceCounts,
  stateAsStored,
  startTestEmulator,
  type Credentials,
  type E2eStack,
} from "./harness";

jest.setTimeout(CLI_TIMEOUT_MS);

const ROTATED_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICeMAYeZE+AlFxHSYqYOjUeZcfj3m6oYevDd+p9InT2g web-demo-rotated";
const PASSWORD = "Web-e2e-Passw0rd!";
const fingerprintOf = (key: string): string => rfc4716Fingerprint(parseOpenSshPublicKey(key).blob);

describe("examples/web with credentials from stack config", () => {
  let emulator: RunningEmulator;
  let creds: Credentials;
  let e2e: E2eStack;
  let firstOutputs: Record<string, unknown>;

  const outputs = async (): Promise<Record<string, unknown>> =>
    Object.fromEntries(Object.entries(await e2e.stack.outputs()).map(([k, v]) => [k, v.value]));

  beforeAll(async () => {
    creds = newCredentials("web");
    emulator = await startTestEmulator(creds);
    e2e = await createStack({
      example: "web",
      emulator,
      credentials: creds,
      credentialSource: "config",
      config: { "web:password": { value: PASSWORD, secret: true } },
    });
  });

  afterAll(() => disposeAll(e2e, emulator));

  test("the program and the package share one @pulumi/pulumi", () => {
    const { fromProgram, fromPackage } = pulumiSdkCopies(exampleDir("web"));
    expect(fromProgram).toBe(fromPackage);
  });

  test("up creates the security group, key pair, instance and attached data disk", async () => {
    const result = await e2e.stack.up();
    expect(result.summary.result).toBe("succeeded");
    expect(Object.keys(changes(result.summary.resourceChanges))).toEqual(["create"]);

    firstOutputs = await outputs();
    const held = emulatorResources(emulator, creds.accessKeyId);
    expect(held.instances).toHaveLength(1);
    const instance = held.instances[0];
    expect(firstOutputs.instanceId).toBe(instance.id);
    expect(firstOutputs.privateIp).toBe(instance.privateIpAddress);
    // internetMaxBandwidthOut 5: RunInstances gave it a public address (the emulator's range is 47.96.0.0/11).
    expect(firstOutputs.publicIp).toMatch(/^47\.(9[6-9]|1[01]\d|12[0-7])\.\d{1,3}\.\d{1,3}$/);
    expect(firstOutputs.publicIp).toBe(instance.publicIpAddress);
    expect(firstOutputs.url).toBe(`http://${instance.publicIpAddress}/`);
    expect(instance.name).toBe("web-server");
    expect(instance.tags).toEqual(expect.arrayContaining([{ Key: "environment", Value: "demo" }]));
    expect(instance.hasPassword).toBe(true);

    expect(held.keyPairs).toHaveLength(1);
    expect(instance.keyPairName).toBe(held.keyPairs[0].name);
    expect(firstOutputs.keyFingerprint).toBe(held.keyPairs[0].fingerprint);

    expect(held.securityGroups).toHaveLength(1);
    expect(instance.securityGroupIds).toEqual([held.securityGroups[0].id]);
    const ports = held.securityGroups[0].rules.filter((r) => r.direction === "ingress").map((r) => r.portRange);
    expect(ports.sort()).toEqual(["22/22", "80/80"]);

    expect(held.dataDisks).toHaveLength(1);
    expect(held.dataDisks[0].id).toBe(firstOutputs.dataDiskId);
    expect(held.dataDisks[0].instanceId).toBe(instance.id);
  });

  test("refresh right after up finds nothing changed", async () => {
    const result = await e2e.stack.refresh();
    expect(changes(result.summary.resourceChanges)).toEqual({});
  });

  test("preview right after up plans no change", async () => {
    const result = await e2e.stack.preview();
    expect(changes(result.changeSummary)).toEqual({});
  });

  test("a new tag value and instance name update the instance in place", async () => {
    await e2e.stack.setAllConfig({ "web:instanceName": { value: "web-server-renamed" }, "web:environment": { value: "staging" } });
    const events = new EventLog();
    const result = await e2e.stack.up({ onEvent: events.onEvent });
    expect(result.summary.result).toBe("succeeded");
    const ops = events.ops();
    expect(ops.get("web-server")).toEqual(["update"]);
    for (const [name, steps] of ops) expect({ name, steps: steps.filter((s) => s !== "same" && s !== "update") }).toEqual({ name, steps: [] });

    const after = await outputs();
    expect(after.instanceId).toBe(firstOutputs.instanceId);
    expect(after.publicIp).toBe(firstOutputs.publicIp); // an update in place keeps the address
    const [instance] = emulatorResources(emulator, creds.accessKeyId).instances;
    expect(instance.id).toBe(firstOutputs.instanceId);
    expect(instance.name).toBe("web-server-renamed");
    expect(instance.tags).toEqual(expect.arrayContaining([{ Key: "environment", Value: "staging" }]));
  });

  test("bandwidth and its billing change in place with one ModifyInstanceNetworkSpec; the server joins a deployment set and leaves it, never replaced", async () => {
    const before = await outputs();
    await e2e.stack.setAllConfig({ "web:bandwidth": { value: "20" }, "web:internetChargeType": { value: "PayByBandwidth" }, "web:spread": { value: "true" } });
    emulator.admin.resetCallCounts();
    const events = new EventLog();
    const joined = await e2e.stack.up({ onEvent: events.onEvent });
    expect(joined.summary.result).toBe("succeeded");
    expect(events.ops().get("web-server")).toEqual(["update"]);
    expect(events.ops().get("web-spread")).toEqual(["create"]);
    const calls = emulator.admin.callCounts();
    expect({ network: calls.ModifyInstanceNetworkSpec, spec: calls.ModifyInstanceSpec ?? 0, allocate: calls.AllocatePublicIpAddress ?? 0, deployment: calls.ModifyInstanceDeployment, run: calls.RunInstances ?? 0, stop: calls.StopInstance ?? 0 }).toEqual({
      network: 1, spec: 0, allocate: 0, deployment: 1, run: 0, stop: 0,
    });
    let [instance] = emulatorResources(emulator, creds.accessKeyId).instances;
    const [set] = emulatorResources(emulator, creds.accessKeyId).deploymentSets;
    expect(instance).toMatchObject({ id: before.instanceId, internetMaxBandwidthOut: 20, internetChargeType: "PayByBandwidth", deploymentSetId: set.id, publicIpAddress: before.publicIp });
    expect(await outputs()).toMatchObject({ instanceId: before.instanceId, publicIp: before.publicIp });
    expect(changes((await e2e.stack.preview()).changeSummary)).toEqual({});

    // Leaving the set: the server moves out in place, then the empty set is deleted.
    await e2e.stack.setConfig("web:spread", { value: "false" });
    emulator.admin.resetCallCounts();
    const left = new EventLog();
    await e2e.stack.up({ onEvent: left.onEvent });
    expect(left.ops().get("web-server")).toEqual(["update"]);
    expect(left.ops().get("web-spread")).toEqual(["delete"]);
    expect(emulator.admin.callCounts()).toMatchObject({ ModifyInstanceDeployment: 1, DeleteDeploymentSet: 1 });
    [instance] = emulatorResources(emulator, creds.accessKeyId).instances;
    expect(instance).toMatchObject({ id: before.instanceId, internetMaxBandwidthOut: 20 });
    expect(instance.deploymentSetId).toBeUndefined();
    expect(emulatorResources(emulator, creds.accessKeyId).deploymentSets).toEqual([]);
  });

  test("a new instance type fails the preview unless stopForUpdate allows it; then the server is stopped, changed and started, never replaced", async () => {
    const before = await outputs();
    await e2e.stack.setConfig("web:instanceType", { value: "ecs.c7.large" });
    emulator.admin.resetCallCounts();
    const refused = (await e2e.stack.preview().then(
      () => undefined,
      (e: Error) => e,
    )) as Error;
    expect(refused?.message).toMatch(/instanceType/);
    expect(refused?.message).toMatch(/stopForUpdate/);
    expect(emulator.admin.callCounts().StopInstance ?? 0).toBe(0);

    await e2e.stack.setConfig("web:stopForUpdate", { value: "true" });
    const events = new EventLog();
    expect((await e2e.stack.up({ onEvent: events.onEvent })).summary.result).toBe("succeeded");
    expect(events.ops().get("web-server")).toEqual(["update"]);
    expect(emulator.admin.callCounts()).toMatchObject({ StopInstance: 1, ModifyInstanceSpec: 1, StartInstance: 1 });
    expect(emulator.admin.callCounts().RunInstances ?? 0).toBe(0);
    const [instance] = emulatorResources(emulator, creds.accessKeyId).instances;
    expect(instance).toMatchObject({ id: before.instanceId, instanceType: "ecs.c7.large" });
    // Started again: a refresh finds the server Running, as the program wants it.
    expect(changes((await e2e.stack.refresh()).summary.resourceChanges ?? {})).toEqual({});
    expect(changes((await e2e.stack.preview()).changeSummary)).toEqual({});
  });

  test("a new public key replaces the key pair and re-attaches the instance to it", async () => {
    await e2e.stack.setConfig("web:publicKey", { value: ROTATED_KEY });
    const events = new EventLog();
    const result = await e2e.stack.up({ onEvent: events.onEvent });
    expect(result.summary.result).toBe("succeeded");
    expect(events.ops().get("web-key")).toEqual(expect.arrayContaining(["replace"]));
    // The key pair keeps its name (web-<stack>), so the instance's keyPairName input is unchanged.
    expect(events.ops().get("web-server")).toEqual(["same"]);

    const after = await outputs();
    expect(after.instanceId).toBe(firstOutputs.instanceId);
    expect(after.keyFingerprint).toBe(fingerprintOf(ROTATED_KEY));
    const held = emulatorResources(emulator, creds.accessKeyId);
    expect(held.keyPairs.map((k) => k.fingerprint)).toEqual([fingerprintOf(ROTATED_KEY)]);
    expect(held.instances[0].keyPairName).toBe(after.keyPairName);
  });

  test("a disk deleted out of band is dropped by refresh and recreated by up", async () => {
    const before = await outputs();
    expect(emulator.admin.deleteResource("disk", String(before.dataDiskId))).toBe(true);

    const refreshed = await e2e.stack.refresh();
    expect(changes(refreshed.summary.resourceChanges)).toEqual({ delete: 1 });

    const result = await e2e.stack.up();
    expect(changes(result.summary.resourceChanges)).toEqual({ create: 1 });
    const after = await outputs();
    expect(after.dataDiskId).not.toBe(before.dataDiskId);
    const held = emulatorResources(emulator, creds.accessKeyId);
    expect(held.dataDisks.map((d) => [d.id, d.instanceId])).toEqual([[after.dataDiskId, before.instanceId]]);
  });

  test("ecs-orphans: none after up; an instance a killed run left behind is listed by its ownership tag", async () => {
    const clean = await orphans(e2e, "web");
    expect(clean).toMatchObject({ code: 0 });
    expect(clean.stdout).toMatch(/no orphans/);
    // What a run killed between RunInstances' answer and the state write leaves: an instance no state
    // holds, its ownership tag still marked "creating".
    const client = new EcsClient({ accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret, endpoint: emulator.url, region: REGION });
    const stack = `web/${e2e.stackName}`;
    const res = await client.call<{ InstanceIdSets: { InstanceIdSet: string[] } }>("RunInstances", {
      RegionId: REGION, ZoneId: "cn-hangzhou-h", ImageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd", InstanceType: "ecs.t6-c1m1.large",
      SecurityGroupId: String(firstOutputs.securityGroupId), Tag: [{ Key: `pulumi:${stack}`, Value: "Instance/web-server?creating" }], Amount: 1,
    });
    const ghost = res.InstanceIdSets.InstanceIdSet[0]!;
    const found = await orphans(e2e, "web");
    expect(found.code).toBe(1);
    expect(found.stdout).toMatch(new RegExp(`Instance\\s+${ghost}\\s+web-server\\s+${REGION}\\s+interrupted create: the next \`pulumi up\` adopts it`));
    expect(found.stdout.match(/^  \w+/gm)).toHaveLength(1); // the stack's own resources are not orphans
    await client.call("DeleteInstance", { RegionId: REGION, InstanceId: ghost, Force: true });
    await client.close();
  });

  test("the exported state holds no secret in plain text and a small serialized provider", async () => {
    const { exported, checkpoint } = stateAsStored(e2e, "web");
    for (const text of [exported, checkpoint]) {
      expect(text).not.toContain(creds.accessKeySecret);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    }

    const state = JSON.parse(exported) as { deployment: { resources?: { type: string; outputs?: Record<string, unknown> }[] } };
    const providers = (state.deployment.resources ?? []).map((r) => r.outputs?.__provider).filter((p): p is string => typeof p === "string");
    expect(providers).toHaveLength(4);
    const largest = Math.max(...providers.map((p) => p.length));
    console.log(`web: largest serialized __provider is ${largest} characters`);
    expect(largest).toBeLessThan(1024);
  });

  test("destroy leaves nothing of the stack in the emulator", async () => {
    const result = await e2e.stack.destroy();
    expect(result.summary.result).toBe("succeeded");
    expect(stackResourceCounts(emulator, creds.accessKeyId)).toEqual(NOTHING_LEFT);
  });
});

describe("examples/web with credentials from environment variables only", () => {
  let emulator: RunningEmulator;
  let creds: Credentials;
  let e2e: E2eStack;

  beforeAll(async () => {
    creds = newCredentials("webenv");
    emulator = await startTestEmulator(creds);
    e2e = await createStack({ example: "web", emulator, credentials: creds, credentialSource: "env" });
  });

  afterAll(() => disposeAll(e2e, emulator));

  test("up, state without the secret, destroy", async () => {
    const config = await e2e.stack.getAllConfig();
    expect(Object.keys(config).filter((k) => k.startsWith("alicloud-ecs:"))).toEqual([]);

    const up = await e2e.stack.up();
    expect(up.summary.result).toBe("succeeded");
    const outputs = await e2e.stack.outputs();
    expect(emulatorResources(emulator, creds.accessKeyId).instances.map((i) => i.id)).toEqual([outputs.instanceId.value]);
    const { exported, checkpoint } = stateAsStored(e2e, "web");
    expect(exported).not.toContain(creds.accessKeySecret);
    expect(checkpoint).not.toContain(creds.accessKeySecret);

    const destroy = await e2e.stack.destroy();
    expect(destroy.summary.result).toBe("succeeded");
    expect(emulatorResources(emulator, creds.accessKeyId).instances).toEqual([]);
  });
});
