/** Per-request cost must not grow with the state: the sweep run by every request and Describe* calls
 *  that name their ids must not enumerate the region's instances. Handlers are called directly on a
 *  core whose instance map counts enumerations (a Proxy), so the check is exact, not a timing. */
import { ACTIONS } from "../../emulator/responses";
import { EmulatorCore } from "../../emulator/server";
import type { InstanceRecord } from "../../emulator/state";

const REGION = "cn-hangzhou";
const AK = "ecs-emulator";

it("sweeps in O(1) when nothing is due and looks up named ids without scanning the region", async () => {
  const core = new EmulatorCore({ credentials: [{ accessKeyId: AK, accessKeySecret: "s" }], clock: "manual", delayScale: 0 });
  let seq = 0;
  const call = async (action: string, params: Record<string, string>) => ACTIONS[action](core.context(action, { RegionId: REGION, ...params }, AK, `req-${++seq}`));
  const sg = (await call("CreateSecurityGroup", {})).SecurityGroupId as string;
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const run = await call("RunInstances", { ImageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd", InstanceType: "ecs.g7.large", SecurityGroupId: sg, ZoneId: `${REGION}-h`, Amount: "100" });
    ids.push(...(run.InstanceIdSets as { InstanceIdSet: string[] }).InstanceIdSet);
  }

  const reg = core.store.region(AK, REGION);
  let enumerations = 0;
  reg.instances = new Proxy(reg.instances, {
    ownKeys(target) {
      enumerations++;
      return Reflect.ownKeys(target);
    },
  }) as Record<string, InstanceRecord>;

  const named = ids.slice(100, 200);
  const described = await call("DescribeInstances", { InstanceIds: JSON.stringify(named), PageSize: "100" });
  expect((described.Instances as { Instance: Array<{ InstanceId: string }> }).Instance.map((i) => i.InstanceId)).toEqual(named);
  const statuses = await call("DescribeInstanceStatus", Object.fromEntries(named.slice(0, 50).map((id, i) => [`InstanceId.${i + 1}`, id])));
  expect(statuses.TotalCount).toBe(50);
  await call("StopInstance", { InstanceId: named[0] });
  expect(enumerations).toBe(0);

  // A release that falls due is still swept (and only then is the region scanned).
  await call("DeleteInstance", { InstanceId: named[1], Force: "true" });
  expect(enumerations).toBeGreaterThan(0);
  const after = await call("DescribeInstances", { InstanceIds: JSON.stringify([named[1]]) });
  expect(after.TotalCount).toBe(0);
});
