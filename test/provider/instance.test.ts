import { providerFor } from "../../provider";
import { hasUndefined, IMAGE, startHarness, ZONE, type Harness } from "./harness";
import { inVirtualTime } from "./manualClock";

const p = providerFor("Instance");

let h: Harness;
let sg: string;
beforeAll(async () => {
  h = await startHarness();
  sg = await h.securityGroup();
});
afterAll(async () => h.close());

async function checked(name: string, args: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const res = await p.check!(olds, h.inputs(name, args));
  expect(res.failures).toEqual([]);
  return res.inputs as Record<string, unknown>;
}

describe("Instance lifecycle", () => {
  test("create → read → update in place → replaces → delete → read gone", async () => {
    const base = { zoneId: ZONE, imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupIds: [sg], instanceName: "web-1", password: "Passw0rd!x", tags: { env: "test" }, dataDisks: [{ size: 40, category: "cloud_essd", encrypted: true, description: "data" }] };
    const inputs = await checked("web", base);
    expect(inputs.region).toBe("cn-hangzhou");
    expect(inputs.status).toBe("Running");
    const created = await p.create(inputs);
    const outs = created.outs as Record<string, unknown>;
    expect(created.id).toMatch(/^i-/);
    expect(outs.status).toBe("Running");
    expect(outs.systemDiskId).toMatch(/^d-/);
    expect((outs.dataDiskIds as string[]).length).toBe(1);
    expect(outs.privateIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(outs.password).toBe("Passw0rd!x");
    expect(outs.dataDisks).toEqual([expect.objectContaining({ size: 40, category: "cloud_essd", encrypted: true, description: "data" })]);
    expect(hasUndefined(outs)).toBe(false);

    // read right after create: no diff
    const read = await p.read!(created.id, outs);
    expect(read.id).toBe(created.id);
    expect(hasUndefined(read)).toBe(false);
    expect((await p.diff!(created.id, read.props, inputs)).changes).toBe(false);

    // in-place updates
    const updatedInputs = await checked("web", { ...base, instanceName: "web-2", description: "the web server", tags: { env: "prod", team: "a" }, systemDisk: { size: 60 }, internetMaxBandwidthOut: 10, deletionProtection: true }, inputs);
    const d1 = await p.diff!(created.id, read.props, updatedInputs);
    expect(d1).toMatchObject({ changes: true, replaces: [] });
    h.emulator.admin.resetCallCounts();
    const up = (await p.update!(created.id, read.props, updatedInputs)).outs as Record<string, unknown>;
    expect(up).toMatchObject({ instanceName: "web-2", description: "the web server", tags: { env: "prod", team: "a" }, internetMaxBandwidthOut: 10, deletionProtection: true });
    expect((up.systemDisk as { size: number }).size).toBe(60);
    // bandwidth raised from 0: a public IP is allocated (RunInstances gave none), in the same ModifyInstanceNetworkSpec call
    expect(outs.publicIp).toBe("");
    expect(up.publicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect([h.calls("ModifyInstanceNetworkSpec"), h.calls("ModifyInstanceSpec"), h.calls("AllocatePublicIpAddress"), h.calls("StopInstance")]).toEqual([1, 0, 0, 0]);
    expect(hasUndefined(up)).toBe(false);
    expect((await p.diff!(created.id, up, updatedInputs)).changes).toBe(false);

    // a change that needs Stopped is refused at preview without stopForUpdate, allowed with it
    const typeChange = await checked("web", { ...base, instanceType: "ecs.g7.xlarge" }, updatedInputs);
    await expect(p.diff!(created.id, up, typeChange)).rejects.toThrow(/instanceType .*stopForUpdate/);
    const typeChangeOk = await checked("web", { ...base, instanceType: "ecs.g7.xlarge", stopForUpdate: true, deletionProtection: true, tags: { env: "prod", team: "a" } }, updatedInputs);
    expect((await p.diff!(created.id, up, typeChangeOk)).replaces).toEqual([]);
    const up2 = (await p.update!(created.id, up, typeChangeOk)).outs as Record<string, unknown>;
    expect(up2).toMatchObject({ instanceType: "ecs.g7.xlarge", status: "Running" });

    // status Stopped, then back
    const stopped = await checked("web", { ...base, instanceType: "ecs.g7.xlarge", status: "Stopped", deletionProtection: true, tags: { env: "prod", team: "a" } }, typeChangeOk);
    const up3 = (await p.update!(created.id, up2, stopped)).outs as Record<string, unknown>;
    expect(up3.status).toBe("Stopped");

    // every replacing change is reported as a replace (and only that property)
    const replacing: [string, unknown][] = [
      ["region", "cn-shanghai"], ["zoneId", "cn-hangzhou-i"], ["imageId", "debian_12_5_x64_20G_alibase_20240530.vhd"], ["vswitchId", "vsw-other"],
      ["dataDisks", [{ size: 80 }]], ["systemDisk", { category: "cloud_ssd" }], ["launchTemplateId", "lt-other"], ["launchTemplateVersion", "2"],
    ];
    for (const [prop, value] of replacing) {
      const d = await p.diff!(created.id, up3, { ...stopped, [prop]: value });
      expect([prop, d.replaces]).toEqual([prop, [prop]]);
    }

    // deletion protection gives a clear error
    await expect(p.delete!(created.id, up3)).rejects.toThrow(/deletion protection is on.*deletionProtection: false/);
    const unprotected = await checked("web", { ...base, instanceType: "ecs.g7.xlarge", status: "Stopped", deletionProtection: false, tags: { env: "prod", team: "a" } }, stopped);
    const up4 = (await p.update!(created.id, up3, unprotected)).outs as Record<string, unknown>;
    await p.delete!(created.id, up4);
    expect((await p.read!(created.id, up4)).id).toBeUndefined();
    // deleting again is fine
    await p.delete!(created.id, up4);
  });
});

describe("Instance create that is not ready in time", () => {
  test("reports the id and keeps __provider so the engine can manage it", async () => {
    h.emulator.admin.setDelays({ instancePending: 600_000 });
    h.emulator.admin.setDelayScale(1);
    try {
      const inputs = { ...(await checked("late", { zoneId: ZONE, imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupIds: [sg], password: "Secret-Pass-1234", timeouts: { create: "1s" } })), __provider: "serialized-shim" };
      const err = (await inVirtualTime(h.emulator, () => p.create(inputs).catch((e: unknown) => e))) as Error & { id?: string; properties?: Record<string, unknown>; reasons?: string[] };
      expect(err.id).toMatch(/^i-/);
      expect(err.message).toMatch(/^Instance "late" \(i-[a-z0-9]+\) did not reach Running within 1s: it is Pending\. Raise the resource's timeouts/);
      expect(err.properties).toMatchObject({ instanceId: err.id, instanceType: "ecs.g7.large", securityGroupIds: [sg], __provider: "serialized-shim", __ecsName: "late" });
      // The engine stores these properties as they are: never a secret input.
      expect(err.properties).not.toHaveProperty("password");
      expect(err.reasons?.[0]).toContain("did not reach Running");
      h.emulator.admin.deleteResource("instance", err.id as string);
    } finally {
      h.emulator.admin.setDelayScale(0);
    }
  });
});

describe("configure", () => {
  test("alicloud-ecs:* stack config reaches the client (region default, endpoint, credentials, signature)", async () => {
    const config: Record<string, string> = {
      "alicloud-ecs:endpoint": h.emulator.url,
      "alicloud-ecs:accessKeyId": "ecs-emulator",
      "alicloud-ecs:accessKeySecret": "ecs-emulator-secret",
      "alicloud-ecs:region": "cn-shanghai",
      "alicloud-ecs:signatureVersion": "v1",
    };
    await p.configure!({ config: { get: (k: string) => config[k], require: (k: string) => config[k] } });
    const sgSh = (await h.client.call<{ SecurityGroupId: string }>("CreateSecurityGroup", { RegionId: "cn-shanghai", SecurityGroupName: "sh" })).SecurityGroupId;
    const inputs = await checked("shanghai", { imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupIds: [sgSh] });
    expect(inputs.region).toBe("cn-shanghai"); // the region default comes from the stack config
    const created = await p.create(inputs);
    expect(created.outs.region).toBe("cn-shanghai");
    expect(created.outs.zoneId).toMatch(/^cn-shanghai-/);
    await p.delete!(created.id, created.outs);
  });
});

describe("Instance updates that need more than one call", () => {
  test("security groups, key pair, host name, password, user data (with stopForUpdate)", async () => {
    const sg2 = await h.securityGroup();
    await h.client.call("CreateKeyPair", { RegionId: "cn-hangzhou", KeyPairName: "kp-one" });
    await h.client.call("CreateKeyPair", { RegionId: "cn-hangzhou", KeyPairName: "kp-two" });
    const base = { region: "cn-hangzhou", zoneId: ZONE, imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupIds: [sg], keyPairName: "kp-one", userData: "#!/bin/sh\necho one" };
    const inputs = await checked("multi", base);
    const created = await p.create(inputs);
    expect(created.outs).toMatchObject({ keyPairName: "kp-one", securityGroupIds: [sg], userData: "#!/bin/sh\necho one" });
    h.emulator.admin.resetCallCounts();

    const next = await checked("multi", { ...base, securityGroupIds: [sg2], keyPairName: "kp-two", hostName: "web-host", password: "N3w-Passw0rd", userData: "#!/bin/sh\necho two" }, inputs);
    // user data needs the instance stopped: refused at preview, unless stopForUpdate
    await expect(p.diff!(created.id, created.outs, next)).rejects.toThrow(/userData needs the instance stopped/);
    const allowed = { ...next, stopForUpdate: true };
    expect(await p.diff!(created.id, created.outs, allowed)).toMatchObject({ changes: true, replaces: [] });
    const outs = (await p.update!(created.id, created.outs, allowed)).outs as Record<string, unknown>;
    expect(outs).toMatchObject({ securityGroupIds: [sg2], keyPairName: "kp-two", hostName: "web-host", status: "Running", userData: "#!/bin/sh\necho two", password: "N3w-Passw0rd" });
    for (const action of ["JoinSecurityGroup", "LeaveSecurityGroup", "DetachKeyPair", "AttachKeyPair", "ModifyInstanceAttribute", "StopInstance", "StartInstance"]) {
      expect([action, h.calls(action)]).toEqual([action, 1]);
    }
    expect((await p.diff!(created.id, outs, allowed)).changes).toBe(false);
    await p.delete!(created.id, outs);
  });
});

describe("a property added by its spec entry alone (creditSpecification)", () => {
  test("is sent at create, changes in place with the call its spec names, reads back, and is checked", async () => {
    const base = { region: "cn-hangzhou", zoneId: ZONE, imageId: IMAGE, instanceType: "ecs.t6-c1m1.large", securityGroupIds: [sg], creditSpecification: "Standard" };
    const inputs = await checked("burst", base);
    h.emulator.admin.resetCallCounts();
    const created = await p.create(inputs);
    expect(created.outs).toMatchObject({ creditSpecification: "Standard" });
    const unlimited = await checked("burst", { ...base, creditSpecification: "Unlimited" }, inputs);
    expect(await p.diff!(created.id, created.outs, unlimited)).toMatchObject({ changes: true, replaces: [] });
    const up = (await p.update!(created.id, created.outs, unlimited)).outs as Record<string, unknown>;
    expect(up.creditSpecification).toBe("Unlimited");
    expect(h.calls("ModifyInstanceAttribute")).toBe(1);
    expect((await p.diff!(created.id, (await p.read!(created.id, up)).props, unlimited)).changes).toBe(false);
    const bad = await p.check!({}, h.inputs("burst", { ...base, creditSpecification: "Turbo" }));
    expect(bad.failures).toEqual([{ property: "creditSpecification", reason: 'must be one of Standard, Unlimited (got "Turbo")' }]);
    await p.delete!(created.id, up);
  });
});
