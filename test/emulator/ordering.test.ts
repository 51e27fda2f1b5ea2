/** Lists come in creation order even when many records share one emulated millisecond (manual clock),
 *  and that order does not depend on how the state file happens to order its maps (e.g. `jq -S`). */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import type { StateData } from "../../emulator/state";
import type { Params } from "../../provider/client/params";
import { callV1, createSecurityGroup, ok } from "./helpers";

const REGION = "cn-hangzhou";

/** Every record map of every region, rewritten in reverse order. */
function reverseMaps(data: StateData): void {
  for (const acc of Object.values(data.accounts))
    for (const reg of Object.values(acc.regions))
      for (const [name, coll] of Object.entries(reg))
        if (coll && typeof coll === "object") (reg as unknown as Record<string, unknown>)[name] = Object.fromEntries(Object.entries(coll).reverse());
}

it("lists instances, disks, statuses, deployment sets and launch templates in creation order at one emulated time", async () => {
  const stateFile = join(mkdtempSync(join(tmpdir(), "ecs-emu-order-")), "state.json");
  let emu: RunningEmulator = await startEmulator({ stateFile, clock: "manual", delayScale: 0 });
  const call = (action: string, params: Params = {}) => callV1(emu.url, action, { RegionId: REGION, ...params });
  const lists = async () => ({
    instances: ok(await call("DescribeInstances", { PageSize: 100 })).Instances.Instance.map((i: { InstanceId: string }) => i.InstanceId),
    statuses: ok(await call("DescribeInstanceStatus", { PageSize: 50 })).InstanceStatuses.InstanceStatus.map((i: { InstanceId: string }) => i.InstanceId),
    disks: ok(await call("DescribeDisks", { PageSize: 100 })).Disks.Disk.map((d: { DiskId: string }) => d.DiskId),
    sets: ok(await call("DescribeDeploymentSets", { PageSize: 100 })).DeploymentSets.DeploymentSet.map((s: { DeploymentSetId: string }) => s.DeploymentSetId),
    templates: ok(await call("DescribeLaunchTemplates", { PageSize: 50 })).LaunchTemplateSets.LaunchTemplateSet.map((t: { LaunchTemplateId: string }) => t.LaunchTemplateId),
  });
  try {
    const sg = await createSecurityGroup(emu.url, REGION);
    const run = { ImageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd", InstanceType: "ecs.g7.large", SecurityGroupId: sg, ZoneId: `${REGION}-h` };
    const instanceIds: string[] = [];
    for (let i = 0; i < 3; i++) instanceIds.push(...ok(await call("RunInstances", run)).InstanceIdSets.InstanceIdSet);
    instanceIds.push(...ok(await call("RunInstances", { ...run, Amount: 4 })).InstanceIdSets.InstanceIdSet);
    const diskIds: string[] = [];
    for (let i = 0; i < 4; i++) diskIds.push(ok(await call("CreateDisk", { ZoneId: `${REGION}-h`, Size: 20 + i })).DiskId);
    const setIds: string[] = [];
    for (let i = 0; i < 4; i++) setIds.push(ok(await call("CreateDeploymentSet", {})).DeploymentSetId);
    const templateIds: string[] = [];
    for (let i = 0; i < 4; i++) templateIds.push(ok(await call("CreateLaunchTemplate", { LaunchTemplateName: `tpl-${i}` })).LaunchTemplateId);

    const before = await lists();
    expect(before.instances).toEqual(instanceIds);
    expect(before.statuses).toEqual(instanceIds);
    expect(before.disks.slice(-4)).toEqual(diskIds);
    expect(before.disks).toHaveLength(instanceIds.length + 4);
    expect(before.sets).toEqual(setIds);
    expect(before.templates).toEqual(templateIds);

    await emu.close();
    const data = JSON.parse(readFileSync(stateFile, "utf8")) as StateData;
    reverseMaps(data);
    writeFileSync(stateFile, JSON.stringify(data));
    emu = await startEmulator({ stateFile, clock: "manual", delayScale: 0 });
    expect(await lists()).toEqual(before);

    // Numbering continues after the restart: a new record lists last.
    const later = ok(await call("CreateDisk", { ZoneId: `${REGION}-h`, Size: 50 })).DiskId;
    expect((await lists()).disks).toEqual([...before.disks, later]);
  } finally {
    await emu.close();
  }
});
