/** Preview-time catalogue checks: zones, images, instance types (per zone), VPCs and vswitches
 *  that do not exist fail check with a reason, through cached read-only lookups; unknowns are
 *  never looked up; alicloud-ecs:catalogChecks false turns them off. */
import { providerFor } from "../../provider";
import { clearCatalog } from "../../provider/resources/common/catalog";
import { UNKNOWN } from "../../provider/spec/unknown";
import { configureClient } from "../../provider/client";
import { harnessClientOptions, IMAGE, startHarness, ZONE, type Harness } from "./harness";

const instance = providerFor("Instance");
const group = providerFor("SecurityGroup");
let h: Harness;
let sg: string;
beforeAll(async () => {
  h = await startHarness();
  sg = await h.securityGroup();
});
afterAll(async () => h.close());
beforeEach(() => {
  clearCatalog();
  h.emulator.admin.resetCallCounts();
});

const base = (): Record<string, unknown> => ({ zoneId: ZONE, imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupIds: [sg] });

test.each([
  [{ zoneId: "cn-hangzhou-z" }, "zoneId", /^is not a zone of cn-hangzhou \(its zones: cn-hangzhou-h/],
  [{ imageId: "no_such_image.vhd" }, "imageId", /^is not an image available in cn-hangzhou$/],
  [{ instanceType: "ecs.x9.huge" }, "instanceType", /^is not sold in zone cn-hangzhou-h/],
  [{ vswitchId: "vsw-nothere" }, "vswitchId", /^is not a vswitch of cn-hangzhou$/],
])("Instance %j fails at preview", async (patch, property, reason) => {
  const res = await instance.check!({}, h.inputs("web", { ...base(), ...patch }));
  expect(res.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  // read-only lookups only
  expect(Object.keys(h.emulator.admin.callCounts()).every((a) => a.startsWith("Describe"))).toBe(true);
});

test("a vswitch of another zone fails; the catalogue is read once per region and kind", async () => {
  const vsw = await h.client.call<{ VSwitches: { VSwitch: { VSwitchId: string; ZoneId: string }[] } }>("DescribeVSwitches", { RegionId: "cn-hangzhou" });
  const other = vsw.VSwitches.VSwitch.find((v) => v.ZoneId !== ZONE)!;
  h.emulator.admin.resetCallCounts();
  const res = await instance.check!({}, h.inputs("web", { ...base(), vswitchId: other.VSwitchId }));
  expect(res.failures).toEqual([{ property: "vswitchId", reason: `is in zone ${other.ZoneId}, not in zoneId ${ZONE}` }]);
  for (let i = 0; i < 3; i++) expect((await instance.check!({}, h.inputs(`web${i}`, base()))).failures).toEqual([]);
  expect(h.calls("DescribeZones")).toBe(1);
  expect(h.calls("DescribeImages")).toBe(1);
});

test("unknown values are not looked up, and invalid input makes no call at all", async () => {
  expect((await instance.check!({}, h.inputs("web", { ...base(), zoneId: UNKNOWN, imageId: UNKNOWN, instanceType: UNKNOWN }))).failures).toEqual([]);
  expect(h.calls("DescribeZones") + h.calls("DescribeImages")).toBe(0);
  expect((await instance.check!({}, h.inputs("web", { ...base(), instanceName: "x" }))).failures).toHaveLength(1);
  expect(h.emulator.admin.callCounts()).toEqual({});
});

test("a VPC that does not exist fails a SecurityGroup at preview", async () => {
  const res = await group.check!({}, h.inputs("sg", { vpcId: "vpc-nothere" }));
  expect(res.failures).toEqual([{ property: "vpcId", reason: "is not a VPC of cn-hangzhou" }]);
});

test("alicloud-ecs:catalogChecks false turns them off", async () => {
  const stack = (catalogChecks: string) => {
    const o = harnessClientOptions(h.emulator.url);
    const config: Record<string, string | undefined> = {
      "alicloud-ecs:endpoint": o.endpoint, "alicloud-ecs:region": o.region, "alicloud-ecs:accessKeyId": o.accessKeyId, "alicloud-ecs:accessKeySecret": o.accessKeySecret, "alicloud-ecs:catalogChecks": catalogChecks,
    };
    return { config: { get: (k: string) => config[k] } } as never;
  };
  await instance.configure!(stack("false"));
  try {
    expect((await instance.check!({}, h.inputs("web", { ...base(), zoneId: "cn-hangzhou-z" }))).failures).toEqual([]);
    expect(h.emulator.admin.callCounts()).toEqual({});
  } finally {
    await instance.configure!(stack("true"));
    configureClient(harnessClientOptions(h.emulator.url));
  }
});
