/** The `import` option on every kind (provider/adoption; SecurityGroup's cases in detail are in
 *  ./adoption.test.ts): a resource made out of band is adopted with reads only when the program
 *  declares what exists, and a difference fails check, naming the property. Through the real
 *  CLI: test/e2e/import.test.ts and test/e2e/ecsImport.test.ts. */
import { providerFor } from "../../provider";
import { IMAGE, providerSuite, REGION, ZONE, type Bag } from "./harness";

// A public key made by ssh-keygen (the KeyPair suite's).
const ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICjE4i9mhj/TDRmCB84S1oXrLGr8hA1YbPdUKycZ+7pr root@vm";
const OTHER_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ1dXpyWlH6rNSTyG5bXw3x4G7+XbH0e9y2Xq3bk9Ec other@vm";

const { h } = providerSuite(providerFor("Instance"));
const WRITES = /^(Run|Create|Import|Authorize|Revoke|Modify|Delete|Add|Remove|Tag|Untag|Attach|Detach|Join|Leave|Start|Stop|Resize|Allocate)/;

interface Case {
  kind: string;
  /** Makes the resource as another tool would (the API, no ownership tag); returns its id. */
  make(sg: string): Promise<string>;
  /** What the program declares: exactly what exists. */
  program(sg: string): Bag;
  /** One property that differs from what exists, and its program value. */
  differing: [string, unknown];
}

const call = async <T>(action: string, params: Bag): Promise<T> => h.client.call<T>(action, { RegionId: REGION, ...params });

const CASES: Case[] = [
  {
    kind: "Instance",
    // With a data disk of its own and a disk attached later (a Disk resource of its own, not one of its dataDisks).
    make: async (sg) => {
      const params = { ZoneId: ZONE, ImageId: IMAGE, InstanceType: "ecs.g7.large", SecurityGroupId: sg, InstanceName: "legacy-vm", Amount: 1, DataDisk: [{ Size: 40, Category: "cloud_essd" }] };
      const id = (await call<{ InstanceIdSets: { InstanceIdSet: string[] } }>("RunInstances", params)).InstanceIdSets.InstanceIdSet[0];
      const { DiskId } = await call<{ DiskId: string }>("CreateDisk", { ZoneId: ZONE, Size: 20, DiskCategory: "cloud_essd" });
      await call("AttachDisk", { InstanceId: id, DiskId });
      return id;
    },
    program: (sg) => ({ zoneId: ZONE, imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupIds: [sg], instanceName: "legacy-vm", dataDisks: [{ size: 40, category: "cloud_essd" }] }),
    differing: ["instanceType", "ecs.g7.xlarge"],
  },
  {
    kind: "Disk",
    make: async () => (await call<{ DiskId: string }>("CreateDisk", { ZoneId: ZONE, Size: 40, DiskCategory: "cloud_essd", DiskName: "legacy-data" })).DiskId,
    program: () => ({ zoneId: ZONE, size: 40, category: "cloud_essd", diskName: "legacy-data" }),
    differing: ["size", 50],
  },
  {
    kind: "KeyPair",
    make: async () => {
      await call("ImportKeyPair", { KeyPairName: "legacy-key", PublicKeyBody: ED25519 });
      return "legacy-key";
    },
    program: () => ({ keyPairName: "legacy-key", publicKey: ED25519 }),
    differing: ["publicKey", OTHER_KEY],
  },
  {
    kind: "LaunchTemplate",
    make: async (sg) =>
      (await call<{ LaunchTemplateId: string }>("CreateLaunchTemplate", { LaunchTemplateName: "legacy-lt", ImageId: IMAGE, InstanceType: "ecs.g7.large", SecurityGroupId: sg, ZoneId: ZONE }))
        .LaunchTemplateId,
    program: (sg) => ({ launchTemplateName: "legacy-lt", imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupId: sg, zoneId: ZONE }),
    differing: ["instanceType", "ecs.g7.xlarge"],
  },
  {
    kind: "DeploymentSet",
    make: async () => (await call<{ DeploymentSetId: string }>("CreateDeploymentSet", { DeploymentSetName: "legacy-ds", Description: "made by hand" })).DeploymentSetId,
    program: () => ({ deploymentSetName: "legacy-ds", description: "made by hand" }),
    differing: ["description", "the web tier"],
  },
];

let sg: string;
beforeAll(async () => {
  sg = await h.securityGroup();
});

const writes = (): string[] => Object.entries(h.emulator.admin.callCounts()).filter(([a, n]) => WRITES.test(a) && n > 0).map(([a]) => a);

describe.each(CASES)("$kind", ({ kind, make, program, differing }) => {
  const p = providerFor(kind);

  test("a program that declares what exists adopts it: the existing id, no write call, then no diff", async () => {
    const id = await make(sg);
    h.emulator.admin.resetCallCounts();
    const checked = await p.check!({}, h.inputs("legacy", { ...program(sg), __ecsImport: id }));
    expect(checked.failures).toEqual([]);
    const created = await p.create(checked.inputs);
    expect(created.id).toBe(id);
    expect(writes()).toEqual([]);
    expect(await p.diff!(id, created.outs, checked.inputs)).toMatchObject({ changes: false, replaces: [] });
    const refreshed = await p.read!(id, created.outs);
    expect(await p.diff!(id, refreshed.props, checked.inputs)).toMatchObject({ changes: false });
    await p.delete!(id, created.outs);
  });

  test(`a program that differs (${differing[0]}) fails check naming it, and create refuses; nothing is changed`, async () => {
    const id = await make(sg);
    h.emulator.admin.resetCallCounts();
    const inputs = { ...program(sg), [differing[0]]: differing[1], __ecsImport: id };
    const res = await p.check!({}, h.inputs("legacy", inputs));
    expect(res.failures?.map((f) => f.property)).toEqual([differing[0]]);
    expect(res.failures?.[0]?.reason).toMatch(new RegExp(`^differs from the existing ${kind} ${id} in ${REGION} \\(the import option\\), which has `));
    await expect(p.create(res.inputs)).rejects.toThrow(new RegExp(`the program's inputs do not match the existing ${kind} ${id}.*Differences: ${differing[0]}: program`));
    expect(writes()).toEqual([]);
  });
});
