/** Disk actions and the disk status machine on a manual clock. */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { defaultVSwitchId } from "../../emulator/catalog";
import { DEFAULT_DELAYS } from "../../emulator/defaults";
import { jsonArray, type Params } from "../../provider/client/params";
import { callV1, createSecurityGroup, ok } from "./helpers";

const R = "cn-hangzhou";
let emu: RunningEmulator;
let instanceId: string;

beforeAll(async () => {
  emu = await startEmulator({ clock: "manual" });
  const sg = await createSecurityGroup(emu.url);
  [instanceId] = ok(
    await call("RunInstances", {
      ImageId: "centos_7_9_x64_20G_alibase_20240628.vhd",
      InstanceType: "ecs.t6-c1m1.large",
      SecurityGroupId: sg,
      VSwitchId: defaultVSwitchId("cn-hangzhou-h"),
    }),
  ).InstanceIdSets.InstanceIdSet;
  settle();
});
afterAll(() => emu.close());

function call(action: string, params: Params = {}) {
  return callV1(emu.url, action, { RegionId: R, ...params });
}
const settle = () => emu.admin.advanceClock(60_000);
const disk = async (id: string) => ok(await call("DescribeDisks", { DiskIds: jsonArray([id]) })).Disks.Disk[0];
const create = async (extra: Params = {}): Promise<string> => ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 40, ...extra })).DiskId;

describe("disk status machine", () => {
  it("Creating → Available → Attaching → In_use → Detaching → Available → deleted", async () => {
    const id = await create({ DiskName: "data-1", DiskCategory: "cloud_essd", Tag: [{ Key: "k", Value: "v" }] });
    expect(id).toMatch(/^d-[0-9a-z]{20}$/);
    expect((await disk(id)).Status).toBe("Creating");
    expect((await call("AttachDisk", { InstanceId: instanceId, DiskId: id })).body.Code).toBe("IncorrectDiskStatus");
    emu.admin.advanceClock(DEFAULT_DELAYS.diskCreating);
    const d = await disk(id);
    expect([d.Status, d.DiskName, d.Category, d.Size, d.Type, d.PerformanceLevel]).toEqual(["Available", "data-1", "cloud_essd", 40, "data", "PL1"]);
    expect(d.Tags.Tag).toEqual([{ TagKey: "k", TagValue: "v" }]);

    ok(await call("AttachDisk", { InstanceId: instanceId, DiskId: id }));
    expect((await disk(id)).Status).toBe("Attaching");
    emu.admin.advanceClock(DEFAULT_DELAYS.diskAttaching);
    const attached = await disk(id);
    expect([attached.Status, attached.InstanceId, attached.Device]).toEqual(["In_use", instanceId, "/dev/xvdb"]);

    const del = await call("DeleteDisk", { DiskId: id });
    expect([del.status, del.body.Code]).toEqual([403, "IncorrectDiskStatus"]);

    ok(await call("DetachDisk", { InstanceId: instanceId, DiskId: id }));
    expect((await disk(id)).Status).toBe("Detaching");
    emu.admin.advanceClock(DEFAULT_DELAYS.diskDetaching);
    expect((await disk(id)).Status).toBe("Available");
    ok(await call("DeleteDisk", { DiskId: id }));
    expect(ok(await call("DescribeDisks", { DiskIds: jsonArray([id]) })).TotalCount).toBe(0);
    expect((await call("DeleteDisk", { DiskId: id })).body.Code).toBe("InvalidDiskId.NotFound");
  });
});

describe("disk rules", () => {
  it.each([
    ["size below the category minimum", { DiskCategory: "cloud_essd", Size: 10 }, "InvalidSize.ValueNotSupported"],
    ["size above the category maximum", { DiskCategory: "cloud", Size: 3000 }, "InvalidSize.ValueNotSupported"],
    ["unknown category", { DiskCategory: "floppy" }, "InvalidDiskCategory.ValueNotSupported"],
    ["bad name", { DiskName: "9lives" }, "InvalidDiskName.Malformed"],
    ["unknown zone", { ZoneId: "cn-hangzhou-z" }, "InvalidZoneId.NotFound"],
  ])("CreateDisk rejects %s", async (_l, extra, code) => {
    expect((await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 40, ...extra })).body.Code).toBe(code);
  });

  it("CreateDisk needs Size (or SnapshotId)", async () => {
    const r = await call("CreateDisk", { ZoneId: "cn-hangzhou-h" });
    expect([r.body.Code, r.body.Message]).toEqual(["MissingParameter", "The input parameter either SnapshotId or Size should be specified."]);
  });

  it("ResizeDisk grows only, within the category maximum", async () => {
    const id = await create();
    settle();
    expect((await call("ResizeDisk", { DiskId: id, NewSize: 40 })).body.Code).toBe("InvalidDiskSize.TooSmall");
    expect((await call("ResizeDisk", { DiskId: id, NewSize: 40000 })).body.Code).toBe("InvalidDiskSize.TooLarge");
    ok(await call("ResizeDisk", { DiskId: id, NewSize: 80 }));
    expect((await disk(id)).Size).toBe(80);
  });

  it("ModifyDiskAttribute changes name, description and DeleteWithInstance", async () => {
    const id = await create();
    ok(await call("ModifyDiskAttribute", { DiskId: id, DiskName: "renamed", Description: "desc", DeleteWithInstance: true }));
    const d = await disk(id);
    expect([d.DiskName, d.Description, d.DeleteWithInstance]).toEqual(["renamed", "desc", true]);
  });

  it("AttachDisk refuses another zone; DetachDisk refuses the system disk and a wrong instance", async () => {
    const other = await create({ ZoneId: "cn-hangzhou-i" });
    settle();
    expect((await call("AttachDisk", { InstanceId: instanceId, DiskId: other })).body.Code).toBe("ResourcesNotInSameZone");
    const system = ok(await call("DescribeDisks", { InstanceId: instanceId, DiskType: "system" })).Disks.Disk[0];
    expect((await call("DetachDisk", { InstanceId: instanceId, DiskId: system.DiskId })).body.Code).toBe("DiskTypeViolation");
    expect((await call("DetachDisk", { InstanceId: instanceId, DiskId: other })).body.Code).toBe("DependencyViolation");
  });

  it("DescribeDisks filters and rejects more than 100 ids", async () => {
    const ids = [await create({ Tag: [{ Key: "f", Value: "1" }] }), await create({ Tag: [{ Key: "f", Value: "1" }] })];
    const found = ok(await call("DescribeDisks", { Tag: [{ Key: "f", Value: "1" }], Status: "Creating" })).Disks.Disk.map((d: { DiskId: string }) => d.DiskId);
    expect(found.sort()).toEqual(ids.sort());
    const many = await call("DescribeDisks", { DiskIds: jsonArray(Array.from({ length: 101 }, (_, i) => `d-${i}`)) });
    expect([many.status, many.body.Code]).toEqual([403, "InvalidDiskIds.Malformed"]);
    expect((await call("DescribeDisks", { Status: "Melting" })).body.Code).toBe("InvalidStatus.ValueNotSupported");
  });

  it("DescribeDisks Filter CreationStartTime lists the disks created at or after that minute", async () => {
    const minute = (ms: number): string => new Date(ms).toISOString().slice(0, 16) + "Z";
    emu.admin.advanceClock(120_000);
    const since = emu.admin.now();
    const fresh = await create();
    const listed = async (filter: string): Promise<string[]> => ok(await call("DescribeDisks", { Filter: [{ Key: "CreationStartTime", Value: filter }], MaxResults: 500 })).Disks.Disk.map((d: { DiskId: string }) => d.DiskId);
    const sinceNow = await listed(minute(since + 60_000 - (since % 60_000)));
    expect(sinceNow).not.toContain(fresh); // the next minute: nothing yet
    const sinceBefore = await listed(minute(since));
    expect(sinceBefore).toContain(fresh);
    expect(await listed(minute(since - 3_600_000))).toEqual(expect.arrayContaining([fresh]));
    expect((await call("DescribeDisks", { Filter: [{ Key: "CreationStartTime", Value: "yesterday" }] })).body.Code).toBe("InvalidParameter");
    expect((await call("DescribeDisks", { Filter: [{ Key: "Size", Value: "40" }] })).body.Code).toBe("InvalidParameter");
  });

  it("ReplaceSystemDisk needs a Stopped instance and gives a new system disk", async () => {
    const before = ok(await call("DescribeDisks", { InstanceId: instanceId, DiskType: "system" })).Disks.Disk[0];
    expect((await call("ReplaceSystemDisk", { InstanceId: instanceId, ImageId: "aliyun_3_x64_20G_alibase_20240528.vhd" })).body.Code).toBe(
      "IncorrectInstanceStatus",
    );
    ok(await call("StopInstance", { InstanceId: instanceId }));
    settle();
    const r = ok(await call("ReplaceSystemDisk", { InstanceId: instanceId, ImageId: "aliyun_3_x64_20G_alibase_20240528.vhd", "SystemDisk.Size": 60 }));
    expect(r.DiskId).not.toBe(before.DiskId);
    const after = ok(await call("DescribeDisks", { InstanceId: instanceId, DiskType: "system" })).Disks.Disk;
    expect(after.map((d: { DiskId: string; Size: number; ImageId: string }) => [d.DiskId, d.Size, d.ImageId])).toEqual([
      [r.DiskId, 60, "aliyun_3_x64_20G_alibase_20240528.vhd"],
    ]);
    const inst = ok(await call("DescribeInstances", { InstanceIds: jsonArray([instanceId]) })).Instances.Instance[0];
    expect(inst.ImageId).toBe("aliyun_3_x64_20G_alibase_20240528.vhd");
  });
});
