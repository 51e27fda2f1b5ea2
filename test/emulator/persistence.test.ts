/** State survives a restart: every mutation is saved atomically and reloaded on start. */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../emulator";
import { defaultVSwitchId } from "../../emulator/catalog";
import { jsonArray, type Params } from "../../provider/client/params";
import { callV1, createSecurityGroup, ok } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "ecs-emu-state-"));

it("reloads instances, disks, groups, ClientTokens and the manual clock after a restart", async () => {
  const stateFile = join(dir, "state.json");
  const first = await startEmulator({ stateFile, clock: "manual" });
  const call1 = (a: string, p: Params = {}) => callV1(first.url, a, { RegionId: "cn-shanghai", ...p });
  const sg = await createSecurityGroup(first.url, "cn-shanghai");
  const run = { ImageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd", InstanceType: "ecs.g7.large", SecurityGroupId: sg, VSwitchId: defaultVSwitchId("cn-shanghai-e"), ClientToken: "keep-me" };
  const [id] = ok(await call1("RunInstances", run)).InstanceIdSets.InstanceIdSet;
  const { DiskId } = ok(await call1("CreateDisk", { ZoneId: "cn-shanghai-e", Size: 20 }));
  first.admin.advanceClock(1000); // Pending → Starting needs 2000 ms
  const clockBefore = first.admin.now();
  await first.close();
  expect(existsSync(stateFile)).toBe(true);
  expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  expect(JSON.parse(readFileSync(stateFile, "utf8")).version).toBe(1);

  const second = await startEmulator({ stateFile, clock: "manual" });
  try {
    const call2 = (a: string, p: Params = {}) => callV1(second.url, a, { RegionId: "cn-shanghai", ...p });
    expect(second.admin.now()).toBe(clockBefore);
    const inst = ok(await call2("DescribeInstances", { InstanceIds: jsonArray([id]) })).Instances.Instance[0];
    expect([inst.InstanceId, inst.Status]).toEqual([id, "Pending"]);
    second.admin.advanceClock(10_000);
    expect(ok(await call2("DescribeInstances", { InstanceIds: jsonArray([id]) })).Instances.Instance[0].Status).toBe("Running");
    expect(ok(await call2("DescribeDisks", { DiskIds: jsonArray([DiskId]) })).Disks.Disk[0].Status).toBe("Available");
    // The ClientToken still answers with the first result.
    expect(ok(await call2("RunInstances", run)).InstanceIdSets.InstanceIdSet).toEqual([id]);
    ok(await call2("DeleteInstance", { InstanceId: id, Force: true }));
  } finally {
    await second.close();
  }
  const third = await startEmulator({ stateFile, clock: "manual" });
  try {
    third.admin.advanceClock(60_000);
    expect(ok(await callV1(third.url, "DescribeInstances", { RegionId: "cn-shanghai", InstanceIds: jsonArray([id]) })).TotalCount).toBe(0);
  } finally {
    await third.close();
  }
});

it("coalesces a burst of mutations into few writes and keeps the file valid", async () => {
  const stateFile = join(dir, "burst.json");
  const emu = await startEmulator({ stateFile, delayScale: 0 });
  try {
    await Promise.all(Array.from({ length: 100 }, () => callV1(emu.url, "CreateDisk", { RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-h", Size: 20 })));
    await emu.admin.flush();
    const saved = JSON.parse(readFileSync(stateFile, "utf8"));
    expect(Object.keys(saved.accounts["ecs-emulator"].regions["cn-hangzhou"].disks)).toHaveLength(100);
  } finally {
    await emu.close();
  }
});

it("refuses a file that is not an emulator state file", async () => {
  const stateFile = join(dir, "bad.json");
  require("node:fs").writeFileSync(stateFile, JSON.stringify({ hello: "world" }));
  await expect(startEmulator({ stateFile })).rejects.toThrow(/not an ecs-emulator state file/);
});
