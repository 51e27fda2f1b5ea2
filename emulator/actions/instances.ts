/** Instance actions: describe, lifecycle (start/stop/reboot/delete), attribute/spec/VPC changes,
 *  security group membership and key pairs. RunInstances lives in runInstances.ts. */
import { findImage, findInstanceType } from "../catalog";
import { ecsTime } from "../clock";
import { ApiError, missingParameter } from "../errors";
import { paginate, paginateByToken, wantsTokenPaging } from "../pagination";
import { matchesTags, readDescription, readName } from "../params";
import { byCreation, type InstanceRecord, type RegionState } from "../state";
import { scheduleRelease, sweepRegion } from "../sweep";
import {
  allocatePrivateIp,
  checkHostName,
  checkPassword,
  getInstance,
  getSecurityGroup,
  getVSwitch,
  incorrectInstanceStatus,
  instanceStatus,
  ipInCidr,
  nameMatches,
  recordsByIds,
  renderTags,
  readUserData,
  requireInstanceStatus,
} from "./common";
import { runInstances } from "./runInstances";
import type { ActionContext, ActionTable } from "./types";

const INSTANCE_STATUSES = ["Pending", "Running", "Starting", "Stopping", "Stopped"] as const;

function renderInstance(inst: InstanceRecord, now: number): Record<string, unknown> {
  const type = findInstanceType(inst.instanceType);
  const image = findImage(inst.imageId);
  const status = instanceStatus(inst, now);
  return {
    InstanceId: inst.id,
    InstanceName: inst.name,
    Description: inst.description,
    HostName: inst.hostName,
    ImageId: inst.imageId,
    InstanceType: inst.instanceType,
    InstanceTypeFamily: type?.family ?? "",
    Cpu: type?.cpuCoreCount ?? 0,
    Memory: (type?.memorySize ?? 0) * 1024,
    OSName: image?.osName ?? "",
    OSNameEn: image?.osNameEn ?? "",
    OSType: image?.osType ?? "linux",
    RegionId: inst.regionId,
    ZoneId: inst.zoneId,
    Status: status,
    CreationTime: ecsTime(inst.createdAt),
    StartTime: status === "Running" ? ecsTime(inst.plan[inst.plan.length - 1].at) : "",
    ExpiredTime: "2099-12-31T15:59Z",
    InstanceChargeType: inst.instanceChargeType,
    InternetChargeType: inst.internetChargeType,
    InternetMaxBandwidthOut: inst.internetMaxBandwidthOut,
    InternetMaxBandwidthIn: inst.internetMaxBandwidthIn,
    InstanceNetworkType: "vpc",
    IoOptimized: true,
    VpcAttributes: {
      VpcId: inst.vpcId,
      VSwitchId: inst.vSwitchId,
      PrivateIpAddress: { IpAddress: [inst.privateIpAddress] },
      NatIpAddress: "",
    },
    NetworkInterfaces: {
      NetworkInterface: [{ Type: "Primary", NetworkInterfaceId: `eni-${inst.id.slice(2)}`, PrimaryIpAddress: inst.privateIpAddress, MacAddress: macOf(inst.id) }],
    },
    SecurityGroupIds: { SecurityGroupId: inst.securityGroupIds },
    PublicIpAddress: { IpAddress: inst.publicIpAddress ? [inst.publicIpAddress] : [] },
    InnerIpAddress: { IpAddress: [] },
    EipAddress: { AllocationId: "", IpAddress: "", InternetChargeType: "" },
    KeyPairName: inst.keyPairName ?? "",
    DeploymentSetId: inst.deploymentSetId ?? "",
    DeletionProtection: inst.deletionProtection,
    CreditSpecification: inst.creditSpecification ?? "",
    StoppedMode: status === "Stopped" ? "KeepCharging" : "Not-applicable",
    Recyclable: false,
    SerialNumber: inst.id.slice(2),
    GPUAmount: 0,
    LocalStorageAmount: 0,
    ResourceGroupId: inst.resourceGroupId ?? "",
    OperationLocks: { LockReason: [] },
    Tags: renderTags(inst.tags),
  };
}

function macOf(id: string): string {
  const hex = Buffer.from(id).toString("hex").slice(-10).padStart(10, "0");
  return `00:16:3e:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

function describeInstances(ctx: ActionContext): Record<string, unknown> {
  const reg = ctx.region();
  const p = ctx.params;
  const now = ctx.now();
  const ids = p.jsonList("InstanceIds", { max: 100 });
  const status = p.str("Status");
  if (status !== undefined && !(INSTANCE_STATUSES as readonly string[]).includes(status))
    throw new ApiError("InvalidStatus.NotFound", `The specified Status "${status}" is not found.`, 404);
  const name = p.str("InstanceName");
  const zone = p.str("ZoneId");
  const vpc = p.str("VpcId");
  const vsw = p.str("VSwitchId");
  const sg = p.str("SecurityGroupId");
  const type = p.str("InstanceType");
  const family = p.str("InstanceTypeFamily");
  const image = p.str("ImageId");
  const keyPair = p.str("KeyPairName");
  const chargeType = p.str("InstanceChargeType");
  const ips = p.jsonList("PrivateIpAddresses", { max: 100 });
  const publicIps = p.jsonList("PublicIpAddresses", { max: 100 });
  const deploymentSet = p.str("DeploymentSetId");
  const tags = p.tags("Tag", { max: 20 });
  const rows = recordsByIds(reg.instances, ids)
    .filter((i) => ctx.visible(i))
    .filter((i) => status === undefined || instanceStatus(i, now) === status)
    .filter((i) => name === undefined || nameMatches(i.name, name))
    .filter((i) => zone === undefined || i.zoneId === zone)
    .filter((i) => vpc === undefined || i.vpcId === vpc)
    .filter((i) => vsw === undefined || i.vSwitchId === vsw)
    .filter((i) => sg === undefined || i.securityGroupIds.includes(sg))
    .filter((i) => type === undefined || i.instanceType === type)
    .filter((i) => family === undefined || findInstanceType(i.instanceType)?.family === family)
    .filter((i) => image === undefined || i.imageId === image)
    .filter((i) => keyPair === undefined || i.keyPairName === keyPair)
    .filter((i) => chargeType === undefined || i.instanceChargeType === chargeType)
    .filter((i) => !ips || ips.includes(i.privateIpAddress))
    .filter((i) => !publicIps || (i.publicIpAddress !== undefined && publicIps.includes(i.publicIpAddress)))
    .filter((i) => deploymentSet === undefined || i.deploymentSetId === deploymentSet)
    .filter((i) => !tags.length || matchesTags(i.tags, tags))
    .sort(byCreation)
  if (wantsTokenPaging(p)) {
    const page = paginateByToken(rows, p, { maxMax: 100, defaultMax: 10 });
    return { NextToken: page.NextToken, TotalCount: rows.length, Instances: { Instance: page.items.map((i) => renderInstance(i, now)) } };
  }
  const page = paginate(rows, p, { maxSize: 100, defaultSize: 10 });
  return {
    TotalCount: page.TotalCount,
    PageNumber: page.PageNumber,
    PageSize: page.PageSize,
    NextToken: "",
    Instances: { Instance: page.items.map((i) => renderInstance(i, now)) },
  };
}

/** The region holding the InstanceId parameter's instance (RegionId is optional for these actions). */
export const instanceRegion = (ctx: ActionContext): RegionState => ctx.region({ collection: "instances", id: ctx.params.str("InstanceId") });

function instanceParam(ctx: ActionContext): { reg: RegionState; inst: InstanceRecord } {
  const reg = instanceRegion(ctx);
  const inst = getInstance(reg, ctx.params.need("InstanceId"));
  return { reg, inst };
}

function startInstance(ctx: ActionContext): Record<string, unknown> {
  const { inst } = instanceParam(ctx);
  const status = instanceStatus(inst, ctx.now());
  if (status === "Pending") throw new ApiError("InstanceNotReady", "The specified instance is not ready for use: it is being created.", 500);
  if (inst.releaseAt !== undefined || status !== "Stopped") throw incorrectInstanceStatus(`Instance ${inst.id} is ${status}; StartInstance needs Stopped.`);
  inst.plan = ctx.timing.plan("Starting", ["Running", "instanceStarting"]);
  inst.pendingRestart = false;
  return {};
}

function stopInstance(ctx: ActionContext): Record<string, unknown> {
  const { inst } = instanceParam(ctx);
  ctx.params.bool("ForceStop");
  ctx.params.enumOf("StoppedMode", ["StopCharging", "KeepCharging"] as const);
  requireInstanceStatus(inst, ctx.now(), ["Running"]);
  inst.plan = ctx.timing.plan("Stopping", ["Stopped", "instanceStopping"]);
  return {};
}

function rebootInstance(ctx: ActionContext): Record<string, unknown> {
  const { inst } = instanceParam(ctx);
  ctx.params.bool("ForceStop");
  requireInstanceStatus(inst, ctx.now(), ["Running"]);
  inst.plan = ctx.timing.plan("Stopping", ["Starting", "instanceStopping"], ["Running", "instanceStarting"]);
  inst.pendingRestart = false;
  return {};
}

/** Marks one instance for release; Force releases a Running one (it stops first). */
function release(ctx: ActionContext, reg: RegionState, inst: InstanceRecord, force: boolean): void {
  if (inst.releaseAt !== undefined) return; // already on its way out
  if (inst.deletionProtection)
    throw new ApiError("InvalidOperation.DeletionProtection", `The operation is not allowed due to "${inst.id}" is protected by deletion protection.`, 400);
  if (inst.instanceChargeType === "PrePaid")
    throw new ApiError("ChargeTypeViolation", "The operation is not permitted due to charge type of the instance (a subscription instance cannot be released before it expires).", 403);
  const status = instanceStatus(inst, ctx.now());
  const t = ctx.timing;
  if (status === "Stopped") {
    scheduleRelease(reg, inst, ctx.now() + t.delay("instanceReleasing"));
    return;
  }
  if (!force) {
    if (status === "Pending" || status === "Starting")
      throw new ApiError("IncorrectInstanceStatus.Initializing", `The specified instance status does not support this operation: ${inst.id} is ${status}.`, 403);
    throw incorrectInstanceStatus(`Instance ${inst.id} is ${status}; DeleteInstance needs Stopped, or Force=true.`);
  }
  inst.plan = t.plan("Stopping", ["Stopped", "instanceStopping"]);
  scheduleRelease(reg, inst, ctx.now() + t.delay("instanceStopping") + t.delay("instanceReleasing"));
}

function deleteInstance(ctx: ActionContext): Record<string, unknown> {
  const { reg, inst } = instanceParam(ctx);
  const force = ctx.params.bool("Force", { default: false })!;
  ctx.params.bool("TerminateSubscription");
  release(ctx, reg, inst, force);
  sweepRegion(reg, ctx.now()); // with zero delays the instance is gone at once
  return {};
}

function deleteInstances(ctx: ActionContext): Record<string, unknown> {
  const reg = ctx.region({ collection: "instances", id: ctx.params.list("InstanceId")[0] });
  const ids = ctx.params.list("InstanceId", { max: 100 });
  if (!ids.length) throw missingParameter("InstanceId.N");
  const force = ctx.params.bool("Force", { default: false })!;
  const instances = ids.map((id) => getInstance(reg, id));
  for (const inst of instances) release(ctx, reg, inst, force);
  sweepRegion(reg, ctx.now());
  return {};
}

function modifyInstanceAttribute(ctx: ActionContext): Record<string, unknown> {
  const { reg, inst } = instanceParam(ctx);
  const p = ctx.params;
  const image = findImage(inst.imageId);
  const windows = image?.osType === "windows";
  const name = readName(p, "InstanceName", "InvalidInstanceName.Malformed");
  const description = readDescription(p, "Description", "InvalidDescription.Malformed");
  const hostName = p.str("HostName");
  if (hostName !== undefined) checkHostName(hostName, windows);
  const password = p.str("Password");
  if (password !== undefined) checkPassword(password, windows);
  const userData = readUserData(p);
  const deletionProtection = p.bool("DeletionProtection");
  const sgIds = p.list("SecurityGroupIds", { max: 5 });
  const credit = p.enumOf("CreditSpecification", ["Standard", "Unlimited"] as const);
  const status = instanceStatus(inst, ctx.now());
  if (inst.releaseAt !== undefined) throw incorrectInstanceStatus(`Instance ${inst.id} is being released.`);
  if ((password !== undefined || hostName !== undefined) && status === "Starting")
    throw incorrectInstanceStatus(`The password and host name cannot be changed while ${inst.id} is Starting.`);
  if (userData !== undefined && status !== "Stopped") throw incorrectInstanceStatus(`UserData can only be changed while ${inst.id} is Stopped (it is ${status}).`);
  const groups = sgIds.map((id) => getSecurityGroup(reg, id));
  for (const sg of groups)
    if (sg.vpcId && sg.vpcId !== inst.vpcId)
      throw new ApiError("InvalidSecurityGroupId.VPCMismatch", `The security group ${sg.id} and the instance must belong to the same VPC.`, 400);
  if (name !== undefined) inst.name = name;
  if (description !== undefined) inst.description = description;
  if (hostName !== undefined) {
    inst.hostName = hostName;
    inst.pendingRestart = true;
  }
  if (password !== undefined) {
    inst.hasPassword = true;
    inst.pendingRestart = true;
  }
  if (userData !== undefined) inst.userData = userData;
  if (deletionProtection !== undefined) inst.deletionProtection = deletionProtection;
  if (groups.length) inst.securityGroupIds = groups.map((g) => g.id);
  if (credit !== undefined) inst.creditSpecification = credit;
  return {};
}

function modifyInstanceSpec(ctx: ActionContext): Record<string, unknown> {
  const { inst } = instanceParam(ctx);
  const p = ctx.params;
  const typeId = p.str("InstanceType");
  const out = p.int("InternetMaxBandwidthOut", { min: 0, max: 100 });
  const inn = p.int("InternetMaxBandwidthIn", { min: 1, max: 200 });
  if (inst.instanceChargeType === "PrePaid")
    throw new ApiError("ChargeTypeViolation", "The operation is not permitted due to charge type of the instance: use ModifyPrepayInstanceSpec for subscription instances.", 403);
  if (typeId !== undefined && (out !== undefined || inn !== undefined))
    throw new ApiError("InvalidParameter.Mismatch", "Too many parameters in one request: change either the instance type or the Internet bandwidth, not both.", 400);
  if (typeId === undefined && out === undefined && inn === undefined) throw missingParameter("InstanceType");
  const status = instanceStatus(inst, ctx.now());
  if (inst.releaseAt !== undefined) throw incorrectInstanceStatus(`Instance ${inst.id} is being released.`);
  if (typeId !== undefined) {
    const type = findInstanceType(typeId);
    if (!type) throw new ApiError("InvalidInstanceType.ValueNotSupported", `The specified InstanceType "${typeId}" is not supported.`, 400);
    if (status !== "Stopped") throw new ApiError("InvalidInstanceStatus.NotStopped", `The specified Instance status is not stopped: ${inst.id} is ${status}.`, 400);
    inst.instanceType = type.instanceTypeId;
  } else {
    if (status !== "Running" && status !== "Stopped")
      throw new ApiError("InvalidStatus.ValueNotSupported", `The current status of the resource does not support this operation: ${inst.id} is ${status}.`, 400);
    if (out !== undefined) inst.internetMaxBandwidthOut = out;
    if (inn !== undefined) inst.internetMaxBandwidthIn = inn;
  }
  return {};
}

function modifyInstanceVpcAttribute(ctx: ActionContext): Record<string, unknown> {
  const { reg, inst } = instanceParam(ctx);
  const p = ctx.params;
  const vsw = getVSwitch(reg, p.need("VSwitchId"));
  const ip = p.str("PrivateIpAddress", { pattern: /^\d{1,3}(\.\d{1,3}){3}$/ });
  const vpcId = p.str("VpcId");
  const sgIds = p.list("SecurityGroupId", { max: 5 });
  const status = instanceStatus(inst, ctx.now());
  if (status !== "Stopped" || inst.releaseAt !== undefined) throw incorrectInstanceStatus(`Only an instance in Stopped status supports this operation (${inst.id} is ${status}).`);
  if (vpcId !== undefined && vpcId !== vsw.vpcId) throw new ApiError("InvalidVSwitchId.NotFound", "Specified virtual switch is not found in the specified VPC.", 404);
  const changesVpc = vsw.vpcId !== inst.vpcId;
  if (!changesVpc && vsw.zoneId !== inst.zoneId) throw new ApiError("InvalidVSwitchId.Mismatch", "The specified instance and VSwitchId are not in the same zone.", 400);
  if (changesVpc && !sgIds.length) throw missingParameter("SecurityGroupId.N");
  const groups = sgIds.map((id) => getSecurityGroup(reg, id));
  for (const sg of groups)
    if (sg.vpcId && sg.vpcId !== vsw.vpcId) throw new ApiError("InvalidParameter.Mismatch", `Specified security group ${sg.id} and virtual switch are not in the same VPC.`, 400);
  if (ip !== undefined) {
    if (!ipInCidr(ip, vsw.cidrBlock)) throw new ApiError("InvalidPrivateIpAddress.Mismatch", `Specified private IP address ${ip} is not in the CIDR block of virtual switch ${vsw.cidrBlock}.`, 400);
    if (Object.values(reg.instances).some((o) => o.id !== inst.id && o.vSwitchId === vsw.id && o.privateIpAddress === ip))
      throw new ApiError("InvalidPrivateIpAddress.Duplicated", `Specified private IP address ${ip} is already in use.`, 400);
  }
  const keepIp = ip === undefined && vsw.id === inst.vSwitchId;
  inst.vSwitchId = vsw.id;
  inst.vpcId = vsw.vpcId;
  inst.zoneId = vsw.zoneId;
  if (groups.length) inst.securityGroupIds = groups.map((g) => g.id);
  if (!keepIp) inst.privateIpAddress = ip ?? allocatePrivateIp(vsw);
  return {};
}

function joinSecurityGroup(ctx: ActionContext): Record<string, unknown> {
  const reg = instanceRegion(ctx);
  const p = ctx.params;
  const inst = getInstance(reg, p.need("InstanceId"));
  const sg = getSecurityGroup(reg, p.need("SecurityGroupId"));
  requireInstanceStatus(inst, ctx.now(), ["Running", "Stopped"]);
  if (inst.securityGroupIds.includes(sg.id))
    throw new ApiError("InvalidInstanceId.AlreadyExists", `The specified instance ${inst.id} already exists in the specified security group ${sg.id}.`, 403);
  if (sg.vpcId && sg.vpcId !== inst.vpcId) throw new ApiError("InvalidSecurityGroupId.VPCMismatch", "The security group and the instance must belong to the same VPC.", 400);
  if (inst.securityGroupIds.length >= 5) throw new ApiError("InstanceSecurityGroupLimitExceeded", "Exceeding the allowed amount of security groups that an instance can join (5).", 400);
  inst.securityGroupIds = [...inst.securityGroupIds, sg.id];
  return {};
}

function leaveSecurityGroup(ctx: ActionContext): Record<string, unknown> {
  const reg = instanceRegion(ctx);
  const p = ctx.params;
  const inst = getInstance(reg, p.need("InstanceId"));
  const sg = getSecurityGroup(reg, p.need("SecurityGroupId"));
  requireInstanceStatus(inst, ctx.now(), ["Running", "Stopped"]);
  if (!inst.securityGroupIds.includes(sg.id))
    throw new ApiError("InvalidInstanceId.NotFoundInSecurityGroup", `The specified instance ${inst.id} is not in the security group ${sg.id}.`, 404);
  if (inst.securityGroupIds.length === 1)
    throw new ApiError("InstanceLastSecurityGroup", `The specified security group ${sg.id} is the last security group of instance ${inst.id}; an instance must stay in at least one.`, 403);
  inst.securityGroupIds = inst.securityGroupIds.filter((id) => id !== sg.id);
  return {};
}

type KeyPairResult = { InstanceId: string; Success: string; Code: string; Message: string };

function keyPairBatch(ctx: ActionContext, attach: boolean): Record<string, unknown> {
  const reg = ctx.region();
  const p = ctx.params;
  const keyPairName = p.need("KeyPairName");
  const ids = p.jsonList("InstanceIds", { max: 50 });
  if (!ids?.length) throw missingParameter("InstanceIds");
  if (!reg.keyPairs[keyPairName]) throw new ApiError("InvalidKeyPairName.NotFound", `The specified KeyPairName "${keyPairName}" does not exist in our records.`, 404);
  const results: KeyPairResult[] = ids.map((id) => {
    const inst = reg.instances[id];
    if (!inst) return { InstanceId: id, Success: "false", Code: "InvalidInstanceId.NotFound", Message: "The specified InstanceId does not exist." };
    if (findImage(inst.imageId)?.osType === "windows")
      return { InstanceId: id, Success: "false", Code: "DependencyViolation.WindowsInstance", Message: "The instance is windows, cannot use ssh key pair to login." };
    if (attach) {
      inst.keyPairName = keyPairName;
      inst.pendingRestart = instanceStatus(inst, ctx.now()) === "Running";
    } else if (inst.keyPairName === keyPairName) {
      inst.keyPairName = undefined;
      inst.pendingRestart = instanceStatus(inst, ctx.now()) === "Running";
    }
    return { InstanceId: id, Success: "true", Code: "200", Message: "successful" };
  });
  const failed = results.filter((r) => r.Success !== "true").length;
  return { KeyPairName: keyPairName, TotalCount: String(results.length), FailCount: String(failed), Results: { Result: results } };
}

export const instanceActions: ActionTable = {
  RunInstances: runInstances,
  DescribeInstances: describeInstances,
  StartInstance: startInstance,
  StopInstance: stopInstance,
  RebootInstance: rebootInstance,
  DeleteInstance: deleteInstance,
  DeleteInstances: deleteInstances,
  ModifyInstanceAttribute: modifyInstanceAttribute,
  ModifyInstanceSpec: modifyInstanceSpec,
  ModifyInstanceVpcAttribute: modifyInstanceVpcAttribute,
  JoinSecurityGroup: joinSecurityGroup,
  LeaveSecurityGroup: leaveSecurityGroup,
  AttachKeyPair: (ctx) => keyPairBatch(ctx, true),
  DetachKeyPair: (ctx) => keyPairBatch(ctx, false),
};
