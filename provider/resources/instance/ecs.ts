/** Instance ↔ ECS: RunInstances parameters from inputs, and outputs/inputs from
 *  DescribeInstances + DescribeDisks. */
import { jsonArray, type EcsClient, type Params } from "../../client";
import type { InstanceInputs, InstanceOutputs } from "../../../sdk/types/instance";
import type { InstanceDataDisk } from "../../../sdk/types/shared";
import { answerBool as bool, answerString as str, dropUndefined, tagsFromResponse, tagsToParams } from "../common";

type Raw = Record<string, unknown>;

const num = (v: unknown): number | undefined => (v === undefined || v === null || v === "" ? undefined : Number(v));
const first = (wrapper: unknown, key: string): string | undefined => str(((wrapper as Raw | undefined)?.[key] as unknown[] | undefined)?.[0]);
const list = (wrapper: unknown, key: string): string[] => (((wrapper as Raw | undefined)?.[key] as unknown[] | undefined) ?? []).map(String);

export const encodeUserData = (text: string): string => Buffer.from(text, "utf8").toString("base64");

/** RunInstances parameters (without ClientToken). One security group goes in SecurityGroupId
 *  (the reference's parameter), several in SecurityGroupIds.N (ECS rejects both at once). */
export function runInstancesParams(region: string, n: InstanceInputs): Params {
  return {
    RegionId: region,
    ZoneId: n.zoneId,
    ImageId: n.imageId,
    InstanceType: n.instanceType,
    SecurityGroupId: n.securityGroupIds?.length === 1 ? n.securityGroupIds[0] : undefined,
    SecurityGroupIds: n.securityGroupIds && n.securityGroupIds.length > 1 ? n.securityGroupIds : undefined,
    VSwitchId: n.vswitchId,
    InstanceName: n.instanceName,
    Description: n.description,
    HostName: n.hostName,
    Password: n.password,
    KeyPairName: n.keyPairName,
    SystemDisk: n.systemDisk
      ? { Category: n.systemDisk.category, Size: n.systemDisk.size, DiskName: n.systemDisk.name, Description: n.systemDisk.description }
      : undefined,
    DataDisk: (n.dataDisks ?? []).map((d) => ({
      Category: d.category,
      Size: d.size,
      SnapshotId: d.snapshotId,
      DiskName: d.name,
      DeleteWithInstance: d.deleteWithInstance,
    })),
    InternetMaxBandwidthOut: n.internetMaxBandwidthOut,
    InternetChargeType: n.internetChargeType,
    UserData: n.userData === undefined ? undefined : encodeUserData(n.userData),
    DeploymentSetId: n.deploymentSetId,
    LaunchTemplateId: n.launchTemplateId,
    LaunchTemplateVersion: n.launchTemplateVersion,
    Tag: tagsToParams(n.tags),
    DeletionProtection: n.deletionProtection,
    Amount: 1,
  };
}

export async function describeInstance(client: EcsClient, region: string, id: string): Promise<Raw | undefined> {
  const res = await client.call<{ Instances?: { Instance?: Raw[] } }>("DescribeInstances", { RegionId: region, InstanceIds: jsonArray([id]) });
  return (res.Instances?.Instance ?? []).find((i) => i.InstanceId === id);
}

export async function describeInstanceDisks(client: EcsClient, region: string, id: string): Promise<Raw[]> {
  const res = await client.call<{ Disks?: { Disk?: Raw[] } }>("DescribeDisks", { RegionId: region, InstanceId: id, PageSize: 100 });
  return res.Disks?.Disk ?? [];
}

const byDevice = (a: Raw, b: Raw): number => String(a.Device ?? "").localeCompare(String(b.Device ?? "")) || String(a.DiskId).localeCompare(String(b.DiskId));

/** Inputs ECS cannot report back: the reference has no DescribeUserData, and passwords are
 *  write-only. After an import they are unknown until a program states them. */
export const WRITE_ONLY = ["userData", "password"] as const;
export type WriteOnly = (typeof WRITE_ONLY)[number];

/** Hidden output (ignored by the diff): which write-only inputs the state does not know, because
 *  the instance was imported rather than created or updated by the provider. */
export interface UnreadMarker {
  __ecsUnread?: WriteOnly[];
}

export interface InstanceView {
  outs: InstanceOutputs & UnreadMarker;
  inputs: InstanceInputs;
}

/** Builds outputs and reconstructed inputs. What ECS does not report (password, user data,
 *  launch template, provider settings) comes from the prior state, so refresh keeps it. The
 *  data disks are those created with the instance (prior dataDiskIds), else (import) every
 *  attached data disk: ECS reports no flag telling the two apart. */
export function instanceView(region: string, inst: Raw, disks: Raw[], prior: Partial<InstanceOutputs> & UnreadMarker): InstanceView {
  const system = disks.find((d) => d.Type === "system");
  const dataAll = disks.filter((d) => d.Type !== "system").sort(byDevice);
  const data = prior.dataDiskIds
    ? prior.dataDiskIds.map((id) => dataAll.find((d) => d.DiskId === id)).filter((d): d is Raw => d !== undefined)
    : dataAll; // import: no state says which disks came with the instance, so all attached ones
  const vpc = (inst.VpcAttributes ?? {}) as Raw;
  const privateIp = first(vpc.PrivateIpAddress, "IpAddress") ?? first(inst.InnerIpAddress, "IpAddress") ?? "";
  const publicIp = first(inst.PublicIpAddress, "IpAddress") ?? str((inst.EipAddress as Raw | undefined)?.IpAddress) ?? "";
  const dataDisks: InstanceDataDisk[] = data.map((d) => ({
    category: String(d.Category),
    size: Number(d.Size),
    snapshotId: str(d.SourceSnapshotId) ?? str(d.SnapshotId),
    name: str(d.DiskName),
    deleteWithInstance: bool(d.DeleteWithInstance),
  }));
  const inputs: InstanceInputs = {
    region,
    zoneId: str(inst.ZoneId),
    imageId: str(inst.ImageId),
    instanceType: str(inst.InstanceType),
    securityGroupIds: list(inst.SecurityGroupIds, "SecurityGroupId"),
    vswitchId: str(vpc.VSwitchId),
    instanceName: str(inst.InstanceName),
    description: str(inst.Description),
    hostName: str(inst.HostName),
    password: prior.password,
    keyPairName: str(inst.KeyPairName),
    systemDisk: system
      ? { category: str(system.Category), size: num(system.Size), name: str(system.DiskName), description: str(system.Description) }
      : prior.systemDisk,
    dataDisks,
    internetMaxBandwidthOut: num(inst.InternetMaxBandwidthOut),
    internetChargeType: str(inst.InternetChargeType),
    userData: prior.userData,
    deploymentSetId: str(inst.DeploymentSetId),
    launchTemplateId: prior.launchTemplateId,
    launchTemplateVersion: prior.launchTemplateVersion,
    status: inst.Status === "Stopped" ? "Stopped" : "Running",
    tags: tagsFromResponse(inst),
    deletionProtection: bool(inst.DeletionProtection) ?? false,
    stopForUpdate: prior.stopForUpdate,
    timeouts: prior.timeouts,
  };
  const outs: InstanceOutputs = {
    ...inputs,
    instanceId: String(inst.InstanceId),
    status: String(inst.Status),
    privateIp,
    publicIp,
    systemDiskId: str(system?.DiskId) ?? prior.systemDiskId ?? "",
    dataDiskIds: data.map((d) => String(d.DiskId)),
    creationTime: String(inst.CreationTime ?? ""),
    region,
    zoneId: inputs.zoneId ?? "",
    instanceType: inputs.instanceType ?? "",
    securityGroupIds: inputs.securityGroupIds ?? [],
    instanceName: inputs.instanceName ?? "",
    tags: inputs.tags ?? {},
    deletionProtection: inputs.deletionProtection ?? false,
  };
  // Import (no prior state: no instanceId) knows neither; later reads carry what is still unknown.
  const unread = (prior.instanceId === undefined ? [...WRITE_ONLY] : (prior.__ecsUnread ?? [])).filter((p) => prior[p] === undefined);
  return { outs: dropUndefined({ ...outs, ...(unread.length ? { __ecsUnread: unread } : {}) }), inputs: dropUndefined(inputs) };
}
