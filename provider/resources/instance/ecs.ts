/** Instance ↔ ECS: the RunInstances parameters (from the spec's wire names) and the record the
 *  spec reads: a DescribeInstances item with its system disk and data disks (DescribeDisks), its
 *  user data (DescribeUserData) and its RAM role (DescribeInstanceRamRole), which DescribeInstances
 *  does not report. The instance and its RAM role are read in batches with the other reads in
 *  flight (describeBatched); ECS reads user data one instance at a time. */
import { jsonArray, type EcsClient, type Params } from "../../client";
import * as limits from "../../spec/limits";
import { describeBatched, registerReadKind } from "../../wait";
import { createParams } from "../../spec/wire";
import type { InstanceInputs } from "../../types/instance";
import { withCreatingOwnerTag, type HiddenInputs } from "../common/identity";
import { instanceSpec } from "./spec";

type Raw = Record<string, unknown>;

/** RunInstances parameters (without ClientToken). One security group goes in SecurityGroupId
 *  (the reference's parameter), several in SecurityGroupIds.N (ECS rejects both at once). */
export function runInstancesParams(region: string, n: InstanceInputs & HiddenInputs): Params {
  // The instance, its disks and its ENI carry the program's tags and the ownership tag.
  const params = createParams(instanceSpec.inputs, { ...n, tags: withCreatingOwnerTag(instanceSpec.kind, n.tags, n) } as unknown as Raw) as Params;
  const groups = n.securityGroupIds ?? [];
  if (groups.length === 1) {
    delete params.SecurityGroupIds;
    params.SecurityGroupId = groups[0];
  }
  return { RegionId: region, ...params, Amount: 1 };
}

export async function describeInstance(_client: EcsClient, region: string, id: string): Promise<Raw | undefined> {
  return describeBatched(instanceSpec.kind, region, id);
}

export async function describeInstanceDisks(client: EcsClient, region: string, id: string): Promise<Raw[]> {
  const res = await client.call<{ Disks?: { Disk?: Raw[] } }>("DescribeDisks", { RegionId: region, InstanceId: id, PageSize: 100 });
  return res.Disks?.Disk ?? [];
}

/** What DescribeInstances leaves out, under the names the spec reads. */
export interface InstanceExtras {
  /** Base64, as ECS keeps it ("" when the instance has none). */
  __userData?: string;
  __ramRoleName?: string;
}

async function describeUserData(client: EcsClient, region: string, id: string): Promise<string> {
  const res = await client.call<{ UserData?: string }>("DescribeUserData", { RegionId: region, InstanceId: id });
  return res.UserData ?? "";
}

const INSTANCE_RAM_ROLE = "InstanceRamRole";

registerReadKind({
  kind: INSTANCE_RAM_ROLE,
  batchSize: limits.MAX_INSTANCES_PER_RAM_ROLE_CALL.describe,
  async describe(client, region, ids) {
    const res = await client.call<{ InstanceRamRoleSets?: { InstanceRamRoleSet?: { InstanceId: string; RamRoleName?: string }[] } }>("DescribeInstanceRamRole", {
      RegionId: region,
      InstanceIds: jsonArray(ids),
      PageSize: limits.MAX_INSTANCES_PER_RAM_ROLE_CALL.describe,
    });
    // Every instance asked for is listed, with an empty name when it has no role.
    return new Map((res.InstanceRamRoleSets?.InstanceRamRoleSet ?? []).map((r) => [r.InstanceId, r.RamRoleName ?? ""]));
  },
});

/** The instance's user data and RAM role, read from ECS. */
export async function describeInstanceExtras(client: EcsClient, region: string, id: string, ask = { userData: true }): Promise<InstanceExtras> {
  const [userData, role] = await Promise.all([ask.userData ? describeUserData(client, region, id) : "", describeBatched<string>(INSTANCE_RAM_ROLE, region, id)]);
  return { __userData: userData, __ramRoleName: role ?? "" };
}

const byDevice = (a: Raw, b: Raw): number => String(a.Device ?? "").localeCompare(String(b.Device ?? "")) || String(a.DiskId).localeCompare(String(b.DiskId));

/** The record the spec reads: the instance with __systemDisk and __dataDisks. The data disks are
 *  those created with the instance (the state's dataDiskIds, in their order), else (import) the
 *  attached data disks that go with the instance (DeleteWithInstance): RunInstances' disks do by
 *  default, a disk attached later does not unless asked, so those are Disk resources of their own.
 *  ECS reports no flag that tells the two apart exactly. The user data and RAM role come from
 *  `extras`. */
export function instanceRecord(inst: Raw, disks: readonly Raw[], dataDiskIds: readonly string[] | undefined, extras: InstanceExtras): Raw {
  const dataAll = disks.filter((d) => d.Type !== "system").sort(byDevice);
  const data = dataDiskIds
    ? dataDiskIds.map((id) => dataAll.find((d) => d.DiskId === id)).filter((d): d is Raw => d !== undefined)
    : dataAll.filter((d) => d.DeleteWithInstance === true || d.DeleteWithInstance === "true");
  return { ...inst, ...extras, __systemDisk: disks.find((d) => d.Type === "system"), __dataDisks: data };
}
