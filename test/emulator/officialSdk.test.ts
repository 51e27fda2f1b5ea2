/** The official Alibaba Cloud SDK (@alicloud/ecs20140526) drives the emulator exactly as a user would. */
import type Ecs from "@alicloud/ecs20140526";
import * as $Ecs from "@alicloud/ecs20140526";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { defaultVSwitchId } from "../../emulator/catalog";
import { createSecurityGroup } from "./helpers";
import { officialSdk } from "./officialSdk";

let emu: RunningEmulator;
let sg: string;
beforeAll(async () => {
  emu = await startEmulator({ clock: "manual" });
  sg = await createSecurityGroup(emu.url);
});
afterAll(() => emu.close());

const sdk = (signatureAlgorithm?: "v2", accessKeySecret?: string): Ecs => officialSdk(emu.port, { signatureAlgorithm, accessKeySecret });

describe.each([["V3 (default)", undefined], ["V1 (signatureAlgorithm v2)", "v2" as const]])("official SDK, %s", (_label, algo) => {
  it("DescribeRegions parses", async () => {
    const res = await sdk(algo).describeRegions(new $Ecs.DescribeRegionsRequest({ acceptLanguage: "en-US" }));
    expect(res.statusCode).toBe(200);
    expect(res.body?.regions?.region?.find((r) => r.regionId === "cn-hangzhou")?.localName).toBe("China (Hangzhou)");
    expect(res.body?.requestId).toMatch(/^[0-9A-F-]{36}$/);
  });

  it("RunInstances with tags and data disks, then DescribeInstances sees Pending then Running", async () => {
    const client = sdk(algo);
    const run = await client.runInstances(
      new $Ecs.RunInstancesRequest({
        regionId: "cn-hangzhou",
        imageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd",
        instanceType: "ecs.g7.large",
        securityGroupId: sg,
        vSwitchId: defaultVSwitchId("cn-hangzhou-h"),
        instanceName: "sdk-vm",
        amount: 2,
        systemDisk: new $Ecs.RunInstancesRequestSystemDisk({ category: "cloud_essd", size: "40" }),
        dataDisk: [
          new $Ecs.RunInstancesRequestDataDisk({ size: 50, category: "cloud_essd", deleteWithInstance: true }),
          new $Ecs.RunInstancesRequestDataDisk({ size: 100, category: "cloud_efficiency" }),
        ],
        tag: [new $Ecs.RunInstancesRequestTag({ key: "env", value: "sdk" })],
        clientToken: `sdk-${algo ?? "v3"}`,
      }),
    );
    const ids = run.body?.instanceIdSets?.instanceIdSet ?? [];
    expect(ids).toHaveLength(2);

    const describe = () => client.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "cn-hangzhou", instanceIds: JSON.stringify(ids) }));
    const pending = await describe();
    expect(pending.body?.instances?.instance?.map((i) => i.status)).toEqual(["Pending", "Pending"]);
    const first = pending.body?.instances?.instance?.[0];
    expect(first?.tags?.tag).toEqual([expect.objectContaining({ tagKey: "env", tagValue: "sdk" })]);
    expect(first?.vpcAttributes?.vSwitchId).toBe(defaultVSwitchId("cn-hangzhou-h"));
    expect(first?.securityGroupIds?.securityGroupId).toEqual([sg]);

    emu.admin.advanceClock(60_000);
    const running = await describe();
    expect(running.body?.instances?.instance?.map((i) => i.status)).toEqual(["Running", "Running"]);

    const disks = await client.describeDisks(new $Ecs.DescribeDisksRequest({ regionId: "cn-hangzhou", instanceId: ids[0] }));
    expect(disks.body?.disks?.disk?.map((d) => `${d.type}:${d.category}:${d.size}`).sort()).toEqual([
      "data:cloud_efficiency:100",
      "data:cloud_essd:50",
      "system:cloud_essd:40",
    ]);

    const status = await client.describeInstanceStatus(new $Ecs.DescribeInstanceStatusRequest({ regionId: "cn-hangzhou", pageSize: 50 }));
    expect(status.body?.instanceStatuses?.instanceStatus?.length).toBeGreaterThanOrEqual(2);
  });

  it("surfaces ECS errors with code and RequestId", async () => {
    const err = await sdk(algo)
      .stopInstance(new $Ecs.StopInstanceRequest({ instanceId: "i-doesnotexist" }))
      .catch((e: { code?: string; data?: { RequestId?: string }; statusCode?: number }) => e);
    expect(err).toMatchObject({ code: "InvalidInstanceId.NotFound", statusCode: 404 });
  });

  it("a wrong secret is SignatureDoesNotMatch", async () => {
    await expect(sdk(algo, "wrong").describeRegions(new $Ecs.DescribeRegionsRequest({}))).rejects.toMatchObject({
      code: "SignatureDoesNotMatch",
    });
  });
});
