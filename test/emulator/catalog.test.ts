/** Regions, zones, reserved instances, images, instance types, VPCs and VSwitches. */
import { XMLParser } from "fast-xml-parser";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { defaultVSwitchId, defaultVpcId, RESERVED_INSTANCES } from "../../emulator/catalog";
import type { Params } from "../../provider/client/params";
import { callV1, ok } from "./helpers";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ delayScale: 0 });
});
afterAll(() => emu.close());
const call = (action: string, params: Params = {}) => callV1(emu.url, action, params);

describe("DescribeRegions (seed 000)", () => {
  it("answers LocalName per AcceptLanguage (zh-CN by default)", async () => {
    const name = async (lang?: string) =>
      ok(await call("DescribeRegions", lang ? { AcceptLanguage: lang } : {})).Regions.Region.find((r: { RegionId: string }) => r.RegionId === "cn-hangzhou").LocalName;
    expect(await name()).toBe("华东1（杭州）");
    expect(await name("en-US")).toBe("China (Hangzhou)");
    expect(await name("ja")).toBe("中国 (杭州)");
  });
  it("filters by InstanceChargeType and ResourceType", async () => {
    const ids = async (p: Params) => ok(await call("DescribeRegions", p)).Regions.Region.map((r: { RegionId: string }) => r.RegionId);
    expect(await ids({})).toContain("eu-central-1");
    expect(await ids({ InstanceChargeType: "PrePaid" })).not.toContain("eu-central-1");
    expect(await ids({ ResourceType: "reservedinstance" })).not.toContain("us-west-1");
  });
  it("answers the documented errors", async () => {
    const lang = await call("DescribeRegions", { AcceptLanguage: "fr" });
    expect([lang.status, lang.body.Code]).toEqual([404, "InvalidAcceptLanguage.NotFound"]);
    const type = await call("DescribeRegions", { ResourceType: "boat" });
    expect([type.status, type.body.Code]).toEqual([404, "InvalidResourceType.NotFound"]);
  });
});

describe("DescribeZones", () => {
  it("lists the region's zones with resource types and disk categories", async () => {
    const zones = ok(await call("DescribeZones", { RegionId: "ap-southeast-1", AcceptLanguage: "en-US" })).Zones.Zone;
    expect(zones.map((z: { ZoneId: string }) => z.ZoneId)).toEqual(["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"]);
    expect(zones[0].LocalName).toBe("Singapore Zone A");
    expect(zones[0].AvailableResourceCreation.ResourceTypes).toContain("Instance");
    expect(zones[0].AvailableDiskCategories.DiskCategories).toContain("cloud_essd");
  });
});

describe("DescribeReservedInstances (seed 002)", () => {
  const inRegion = RESERVED_INSTANCES.filter((r) => r.regionId === "cn-hangzhou");
  it("lists, filters and pages", async () => {
    const all = ok(await call("DescribeReservedInstances", { RegionId: "cn-hangzhou" }));
    expect(all.TotalCount).toBe(inRegion.length);
    const page = ok(await call("DescribeReservedInstances", { RegionId: "cn-hangzhou", PageSize: 1, PageNumber: 2 }));
    expect(page.ReservedInstances.ReservedInstance).toHaveLength(1);
    expect(page.ReservedInstances.ReservedInstance[0].ReservedInstanceId).toBe(inRegion[1].reservedInstanceId);
    const active = ok(await call("DescribeReservedInstances", { RegionId: "cn-hangzhou", Status: ["Active"], InstanceTypeFamily: "ecs.g7" }));
    expect(active.ReservedInstances.ReservedInstance.map((r: { InstanceType: string }) => r.InstanceType).sort()).toEqual(["ecs.g7.large", "ecs.g7.xlarge"]);
    const tagged = ok(await call("DescribeReservedInstances", { RegionId: "cn-hangzhou", Tag: [{ Key: "team", Value: "platform" }] }));
    expect(tagged.ReservedInstances.ReservedInstance[0].Tags.Tag).toEqual([{ TagKey: "team", TagValue: "platform" }]);
    const byScope = ok(await call("DescribeReservedInstances", { RegionId: "cn-hangzhou", Scope: "Zone", ZoneId: inRegion[1].zoneId }));
    expect(byScope.TotalCount).toBe(1);
    const shared = ok(await call("DescribeReservedInstances", { RegionId: "cn-hangzhou", AllocationType: "Shared" }));
    expect(shared.ReservedInstances.ReservedInstance[0].OperationLocks.OperationLock).toEqual([{ LockReason: "financial" }]);
  });
  it("answers the documented errors", async () => {
    expect((await call("DescribeReservedInstances", {})).body.Code).toBe("MissingParamter.RegionId");
    expect((await call("DescribeReservedInstances", { RegionId: "xx-nowhere" })).body.Code).toBe("InvalidRegionId.NotFound");
    expect((await call("DescribeReservedInstances", { RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-z" })).body.Code).toBe("InvalidZone.NotFound");
    expect((await call("DescribeReservedInstances", { RegionId: "cn-hangzhou", AllocationType: "Odd" })).body.Code).toBe("InvalidAllocationType.ValueNotSupported");
    expect((await call("DescribeReservedInstances", { RegionId: "cn-hangzhou", PageSize: 101 })).body.Code).toBe("InvalidParameter");
  });
  it("renders the same shape in XML", async () => {
    const r = await callV1(emu.url, "DescribeReservedInstances", { RegionId: "cn-hangzhou", PageSize: 1 }, { format: "XML" });
    const x = new XMLParser().parse(r.text) as { DescribeReservedInstancesResponse: { ReservedInstances: { ReservedInstance: { ReservedInstanceId: string } } } };
    expect(x.DescribeReservedInstancesResponse.ReservedInstances.ReservedInstance.ReservedInstanceId).toBe(inRegion[0].reservedInstanceId);
  });
});

describe("images, instance types, VPCs", () => {
  it("DescribeImages filters by ImageId and OSType", async () => {
    const one = ok(await call("DescribeImages", { RegionId: "cn-hangzhou", ImageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd" }));
    expect(one.Images.Image.map((i: { ImageId: string }) => i.ImageId)).toEqual(["ubuntu_22_04_x64_20G_alibase_20240130.vhd"]);
    const win = ok(await call("DescribeImages", { RegionId: "cn-hangzhou", OSType: "windows" }));
    expect(win.Images.Image.every((i: { OSType: string }) => i.OSType === "windows")).toBe(true);
  });
  it("DescribeInstanceTypes returns cpu and memory", async () => {
    const t = ok(await call("DescribeInstanceTypes", { InstanceTypes: ["ecs.g7.large"] })).InstanceTypes.InstanceType;
    expect(t).toEqual([expect.objectContaining({ InstanceTypeId: "ecs.g7.large", CpuCoreCount: 2, MemorySize: 8 })]);
  });
  it("every region has its default VPC and a VSwitch per zone, with stable ids", async () => {
    const vpcs = ok(await call("DescribeVpcs", { RegionId: "cn-beijing" })).Vpcs.Vpc;
    expect(vpcs).toEqual([expect.objectContaining({ VpcId: defaultVpcId("cn-beijing"), IsDefault: true, CidrBlock: "172.16.0.0/12" })]);
    const vsw = ok(await call("DescribeVSwitches", { RegionId: "cn-beijing", VpcId: defaultVpcId("cn-beijing") })).VSwitches.VSwitch;
    expect(vsw.map((s: { VSwitchId: string }) => s.VSwitchId)).toEqual(["cn-beijing-g", "cn-beijing-h", "cn-beijing-i"].map(defaultVSwitchId));
    expect(new Set(vsw.map((s: { CidrBlock: string }) => s.CidrBlock)).size).toBe(3);
  });
});
