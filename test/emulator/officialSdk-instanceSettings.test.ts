/** The official Alibaba Cloud SDK (@alicloud/ecs20140526) drives the actions on an instance's
 *  bandwidth, billing, release, user data, RAM role, deployment set and disks, and the catalogue's
 *  DescribeAvailableResource, with V3 and V1 signing: each answer parses into the SDK's typed models,
 *  and the state changes the emulator models are visible. The automatic release happens on the
 *  manual clock. */
import type Ecs from "@alicloud/ecs20140526";
import * as $Ecs from "@alicloud/ecs20140526";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { defaultVpcId } from "../../emulator/catalog";
import { diskSizeRange } from "../../provider/spec/limits";
import { officialSdk } from "./officialSdk";

const REGION = "cn-hangzhou";
const ZONE = "cn-hangzhou-h";
const IMAGE = "aliyun_3_x64_20G_alibase_20240528.vhd";
const MINUTE = 60_000;
let emu: RunningEmulator;
let sg: string;

beforeAll(async () => {
  emu = await startEmulator({ clock: "manual", delayScale: 0, sts: { roles: [{ name: "EcsInstanceRole" }] } });
  const { body } = await sdk().createSecurityGroup(new $Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: defaultVpcId(REGION) }));
  sg = body!.securityGroupId!;
});
afterAll(() => emu.close());

const sdk = (signatureAlgorithm?: "v2"): Ecs => officialSdk(emu.port, { signatureAlgorithm });

/** ECS's form of a time `ms` from the emulated now, seconds dropped. */
const releaseTime = (ms: number): string => new Date(emu.admin.now() + ms).toISOString().replace(/:\d{2}\.\d{3}Z$/, ":00Z");

describe.each([
  ["V3 (default)", undefined],
  ["V1 (signatureAlgorithm v2)", "v2" as const],
])("official SDK, %s", (_label, algo) => {
  const client = () => sdk(algo);
  const describe1 = async (id: string) =>
    (await client().describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: REGION, instanceIds: JSON.stringify([id]) }))).body!.instances!.instance![0];
  const run = async (extra: Partial<$Ecs.RunInstancesRequest> = {}): Promise<string> => {
    const { body } = await client().runInstances(
      new $Ecs.RunInstancesRequest({
        regionId: REGION,
        imageId: IMAGE,
        instanceType: "ecs.g7.large",
        zoneId: ZONE,
        securityGroupId: sg,
        dataDisk: [new $Ecs.RunInstancesRequestDataDisk({ size: 40, category: "cloud_essd", deleteWithInstance: true })],
        ...extra,
      }),
    );
    return body!.instanceIdSets!.instanceIdSet![0]!;
  };

  it("launches with a RAM role and a release time, and releases the instance when the clock gets there, deletion protection or not", async () => {
    const when = releaseTime(2 * 60 * MINUTE);
    const id = await run({ ramRoleName: "ecsinstancerole", autoReleaseTime: when, deletionProtection: true });
    expect(await describe1(id)).toMatchObject({ autoReleaseTime: when, deletionProtection: true });
    const { body: roles } = await client().describeInstanceRamRole(new $Ecs.DescribeInstanceRamRoleRequest({ regionId: REGION, instanceIds: JSON.stringify([id]) }));
    expect(roles!.instanceRamRoleSets!.instanceRamRoleSet).toEqual([expect.objectContaining({ instanceId: id, ramRoleName: "EcsInstanceRole" })]);

    // Postponed, then it happens: the instance and its DeleteWithInstance disks go.
    const later = releaseTime(3 * 60 * MINUTE);
    await client().modifyInstanceAutoReleaseTime(new $Ecs.ModifyInstanceAutoReleaseTimeRequest({ regionId: REGION, instanceId: id, autoReleaseTime: later }));
    emu.admin.advanceClock(2 * 60 * MINUTE + MINUTE);
    expect(await describe1(id)).toMatchObject({ instanceId: id, autoReleaseTime: later });
    emu.admin.advanceClock(60 * MINUTE);
    expect(await describe1(id)).toBeUndefined();
    const { body: disks } = await client().describeDisks(new $Ecs.DescribeDisksRequest({ regionId: REGION, instanceId: id }));
    expect(disks!.totalCount).toBe(0);
  });

  it("a cancelled release time releases nothing", async () => {
    const id = await run();
    await client().modifyInstanceAutoReleaseTime(new $Ecs.ModifyInstanceAutoReleaseTimeRequest({ regionId: REGION, instanceId: id, autoReleaseTime: releaseTime(60 * MINUTE) }));
    await client().modifyInstanceAutoReleaseTime(new $Ecs.ModifyInstanceAutoReleaseTimeRequest({ regionId: REGION, instanceId: id }));
    emu.admin.advanceClock(2 * 60 * MINUTE);
    expect(await describe1(id)).toMatchObject({ instanceId: id, autoReleaseTime: "" });
  });

  it("changes bandwidth, network billing and public IP, then billing with the disks, and reads the user data", async () => {
    const userData = Buffer.from("#cloud-config\n").toString("base64");
    const id = await run({ userData });
    const { body: ud } = await client().describeUserData(new $Ecs.DescribeUserDataRequest({ regionId: REGION, instanceId: id }));
    expect(ud).toMatchObject({ instanceId: id, regionId: REGION, userData });

    const { body: net } = await client().modifyInstanceNetworkSpec(
      new $Ecs.ModifyInstanceNetworkSpecRequest({ instanceId: id, internetMaxBandwidthOut: 20, networkChargeType: "PayByBandwidth", allocatePublicIp: true }),
    );
    expect(net!.orderId).toBeUndefined(); // pay-as-you-go: no order
    const after = await describe1(id);
    expect(after).toMatchObject({ internetMaxBandwidthOut: 20, internetChargeType: "PayByBandwidth" });
    expect(after!.publicIpAddress!.ipAddress).toHaveLength(1);

    const { body: charged } = await client().modifyInstanceChargeType(
      new $Ecs.ModifyInstanceChargeTypeRequest({ regionId: REGION, instanceIds: JSON.stringify([id]), instanceChargeType: "PrePaid", period: 1, periodUnit: "Month", includeDataDisks: true }),
    );
    expect(charged!.orderId).toMatch(/^\d+$/);
    const { body: disks } = await client().describeDisks(new $Ecs.DescribeDisksRequest({ regionId: REGION, instanceId: id }));
    expect(disks!.disks!.disk!.map((d) => d.diskChargeType)).toEqual(["PrePaid", "PrePaid"]);
    await expect(client().deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId: id, force: true }))).rejects.toMatchObject({ code: "ChargeTypeViolation" });

    const { body: back } = await client().modifyInstanceChargeType(
      new $Ecs.ModifyInstanceChargeTypeRequest({ regionId: REGION, instanceIds: JSON.stringify([id]), instanceChargeType: "PostPaid", isDetailFee: true }),
    );
    expect(back!.feeOfInstances!.feeOfInstance).toEqual([expect.objectContaining({ instanceId: id, fee: "0", currency: "CNY" })]);
  });

  it("attaches, lists and detaches RAM roles with a result per instance", async () => {
    const a = await run();
    const b = await run({ ramRoleName: "EcsInstanceRole" });
    const { body: attached } = await client().attachInstanceRamRole(
      new $Ecs.AttachInstanceRamRoleRequest({ regionId: REGION, instanceIds: JSON.stringify([a, b]), ramRoleName: "EcsInstanceRole" }),
    );
    expect(attached).toMatchObject({ totalCount: 2, failCount: 0, ramRoleName: "EcsInstanceRole" });
    expect(attached!.attachInstanceRamRoleResults!.attachInstanceRamRoleResult!.map((r) => [r.instanceId, r.success, r.code])).toEqual([
      [a, true, "200"],
      [b, true, "200"],
    ]);
    await expect(
      client().attachInstanceRamRole(new $Ecs.AttachInstanceRamRoleRequest({ regionId: REGION, instanceIds: JSON.stringify([a]), ramRoleName: "NoSuchRole" })),
    ).rejects.toMatchObject({ code: "InvalidRamRole.NotFound" });

    const { body: detached } = await client().detachInstanceRamRole(new $Ecs.DetachInstanceRamRoleRequest({ regionId: REGION, instanceIds: JSON.stringify([a]) }));
    expect(detached!.detachInstanceRamRoleResults!.detachInstanceRamRoleResult![0]).toMatchObject({
      instanceId: a,
      success: true,
      instanceRamRoleSets: { instanceRamRoleSet: [expect.objectContaining({ instanceId: a, ramRoleName: "EcsInstanceRole" })] },
    });
    const { body: listed } = await client().describeInstanceRamRole(new $Ecs.DescribeInstanceRamRoleRequest({ regionId: REGION, ramRoleName: "EcsInstanceRole" }));
    expect(listed!.instanceRamRoleSets!.instanceRamRoleSet!.map((r) => r.instanceId)).toContain(b);
    expect(listed!.instanceRamRoleSets!.instanceRamRoleSet!.map((r) => r.instanceId)).not.toContain(a);
  });

  it("moves an instance into a deployment set and re-initializes its system disk", async () => {
    const id = await run();
    const { body: set } = await client().createDeploymentSet(new $Ecs.CreateDeploymentSetRequest({ regionId: REGION, strategy: "Availability" }));
    await client().modifyInstanceDeployment(new $Ecs.ModifyInstanceDeploymentRequest({ regionId: REGION, instanceId: id, deploymentSetId: set!.deploymentSetId, force: true }));
    expect(await describe1(id)).toMatchObject({ deploymentSetId: set!.deploymentSetId, status: "Running" });

    await client().stopInstance(new $Ecs.StopInstanceRequest({ instanceId: id }));
    const { body: disks } = await client().describeDisks(new $Ecs.DescribeDisksRequest({ regionId: REGION, instanceId: id, diskType: "system" }));
    const systemDisk = disks!.disks!.disk![0]!.diskId!;
    await expect(client().resetDisk(new $Ecs.ResetDiskRequest({ diskId: systemDisk, snapshotId: "s-none" }))).rejects.toMatchObject({ code: "InvalidSnapshotId.NotFound" });
    await client().reInitDisk(new $Ecs.ReInitDiskRequest({ diskId: systemDisk, password: "Abcdef12!", autoStartInstance: true }));
    expect(await describe1(id)).toMatchObject({ status: "Running" });
  });

  it("tells what each zone sells, with the disk size ranges", async () => {
    const { body } = await client().describeAvailableResource(
      new $Ecs.DescribeAvailableResourceRequest({ regionId: REGION, destinationResource: "DataDisk", resourceType: "instance", instanceType: "ecs.g7.large", zoneId: ZONE }),
    );
    const zone = body!.availableZones!.availableZone![0]!;
    expect(zone).toMatchObject({ zoneId: ZONE, regionId: REGION, status: "Available", statusCategory: "WithStock" });
    const resource = zone.availableResources!.availableResource![0]!;
    expect(resource.type).toBe("DataDisk");
    expect(resource.supportedResources!.supportedResource!.find((r) => r.value === "cloud_essd")).toMatchObject({ ...diskSizeRange("cloud_essd", "data"), unit: "GiB" });
  });
});
