/** Instances: their lifecycle (Pending → Starting → Running, Stopping → Stopped, release), the
 *  settings that depend on the OS or need a restart, type and bandwidth changes, VPC moves, security
 *  group membership and key pairs. Launching them (RunInstances) is in models/launch.ts. */
import { hostNameProblem, MAX_SECURITY_GROUPS_PER_INSTANCE, passwordProblem, USER_DATA } from "../../provider/spec/limits";
import { findImage, findInstanceType, type ImageInfo } from "../catalog";
import { ApiError, missingParameter } from "../errors";
import type { InstanceRecord, RegionState, SecurityGroupRecord, VSwitchRecord } from "../state";
import { scheduleRelease } from "../sweep";
import type { ModelContext } from "./context";
import { incorrectInstanceStatus, instanceStatus, requireInstanceStatus } from "./instanceStatus";
import { allocatePrivateIp, ipInCidr, PublicIpPool } from "./network";
import { GROUP_CAPACITY, groupMembers } from "./securityGroups";


export const isWindows = (image: ImageInfo | undefined): boolean => image?.osType === "windows";
export const instanceIsWindows = (inst: InstanceRecord): boolean => isWindows(findImage(inst.imageId));

/** The password rule of the instance's OS (limits PASSWORD); `code` is the action's error. */
export function checkPassword(value: string, windows: boolean, name = "Password", code = "InvalidPassword.Malformed"): void {
  const problem = passwordProblem(value, windows ? "windows" : "linux");
  if (problem) throw new ApiError(code, `The specified parameter "${name}" is not valid: it ${problem}.`, 400);
}

/** The host name rule of the instance's OS (limits HOST_NAME). */
export function checkHostName(value: string, windows: boolean): void {
  const problem = hostNameProblem(value, windows ? "windows" : "linux");
  if (problem) throw new ApiError("InvalidHostName.Malformed", `The specified parameter "HostName" is not valid: it ${problem}.`, 400);
}

/** UserData: Base64 of at most USER_DATA.maxBytes (limits). */
export function checkUserData(v: string | undefined): string | undefined {
  if (v !== undefined && Buffer.from(v, "base64").length > USER_DATA.maxBytes)
    throw new ApiError("InvalidUserData.SizeExceeded", `The specified parameter "UserData" exceeds the size: at most ${USER_DATA.maxBytes / 1024} KiB before Base64 encoding.`, 400);
  return v;
}

export function startInstance(m: ModelContext, inst: InstanceRecord): void {
  const status = instanceStatus(inst, m.now());
  if (status === "Pending") throw new ApiError("InstanceNotReady", "The specified instance is not ready for use: it is being created.", 500);
  if (inst.releaseAt !== undefined || status !== "Stopped") throw incorrectInstanceStatus(`Instance ${inst.id} is ${status}; StartInstance needs Stopped.`);
  inst.plan = m.timing.plan("Starting", ["Running", "instanceStarting"]);
  inst.pendingRestart = false;
}

export function stopInstance(m: ModelContext, inst: InstanceRecord): void {
  requireInstanceStatus(inst, m.now(), ["Running"]);
  inst.plan = m.timing.plan("Stopping", ["Stopped", "instanceStopping"]);
}

export function rebootInstance(m: ModelContext, inst: InstanceRecord): void {
  requireInstanceStatus(inst, m.now(), ["Running"]);
  inst.plan = m.timing.plan("Stopping", ["Starting", "instanceStopping"], ["Running", "instanceStarting"]);
  inst.pendingRestart = false;
}

/** Marks one instance for release; Force releases a Running one (it stops first). */
export function releaseInstance(m: ModelContext, reg: RegionState, inst: InstanceRecord, force: boolean): void {
  if (inst.releaseAt !== undefined) return; // already on its way out
  if (inst.deletionProtection)
    throw new ApiError("InvalidOperation.DeletionProtection", `The operation is not allowed due to "${inst.id}" is protected by deletion protection.`, 400);
  if (inst.instanceChargeType === "PrePaid")
    throw new ApiError("ChargeTypeViolation", "The operation is not permitted due to charge type of the instance (a subscription instance cannot be released before it expires).", 403);
  const status = instanceStatus(inst, m.now());
  const t = m.timing;
  if (status === "Stopped") {
    scheduleRelease(reg, inst, m.now() + t.delay("instanceReleasing"));
    return;
  }
  if (!force) {
    if (status === "Pending" || status === "Starting")
      throw new ApiError("IncorrectInstanceStatus.Initializing", `The specified instance status does not support this operation: ${inst.id} is ${status}.`, 403);
    throw incorrectInstanceStatus(`Instance ${inst.id} is ${status}; DeleteInstance needs Stopped, or Force=true.`);
  }
  inst.plan = t.plan("Stopping", ["Stopped", "instanceStopping"]);
  scheduleRelease(reg, inst, m.now() + t.delay("instanceStopping") + t.delay("instanceReleasing"));
}

export interface InstanceAttributes {
  name?: string;
  description?: string;
  hostName?: string;
  password?: string;
  userData?: string;
  deletionProtection?: boolean;
  groups: SecurityGroupRecord[];
  creditSpecification?: string;
}

/** ModifyInstanceAttribute. Host name and password take effect at the next start; user data only on a Stopped instance. */
export function modifyInstanceAttribute(m: ModelContext, inst: InstanceRecord, change: InstanceAttributes): void {
  const windows = instanceIsWindows(inst);
  if (change.hostName !== undefined) checkHostName(change.hostName, windows);
  if (change.password !== undefined) checkPassword(change.password, windows);
  const status = instanceStatus(inst, m.now());
  if (inst.releaseAt !== undefined) throw incorrectInstanceStatus(`Instance ${inst.id} is being released.`);
  if ((change.password !== undefined || change.hostName !== undefined) && status === "Starting")
    throw new ApiError("OperationDenied", `The current status of the resource does not support this operation: the password and host name cannot be changed while ${inst.id} is Starting.`, 403);
  if (change.userData !== undefined && status !== "Stopped") throw incorrectInstanceStatus(`UserData can only be changed while ${inst.id} is Stopped (it is ${status}).`);
  for (const sg of change.groups)
    if (sg.vpcId && sg.vpcId !== inst.vpcId)
      throw new ApiError("InvalidSecurityGroupId.VPCMismatch", `The security group ${sg.id} and the instance must belong to the same VPC.`, 400);
  if (change.name !== undefined) inst.name = change.name;
  if (change.description !== undefined) inst.description = change.description;
  if (change.hostName !== undefined) {
    inst.hostName = change.hostName;
    inst.pendingRestart = true;
  }
  if (change.password !== undefined) {
    inst.hasPassword = true;
    inst.pendingRestart = true;
  }
  if (change.userData !== undefined) inst.userData = change.userData;
  if (change.deletionProtection !== undefined) inst.deletionProtection = change.deletionProtection;
  if (change.groups.length) inst.securityGroupIds = change.groups.map((g) => g.id);
  if (change.creditSpecification !== undefined) inst.creditSpecification = change.creditSpecification;
}

/** ModifyInstanceSpec: the type (Stopped only) or the Internet bandwidth (Running or Stopped), not both. */
export function modifyInstanceSpec(m: ModelContext, inst: InstanceRecord, change: { instanceType?: string; bandwidthOut?: number; bandwidthIn?: number }): void {
  const { instanceType: typeId, bandwidthOut: out, bandwidthIn: inn } = change;
  if (inst.instanceChargeType === "PrePaid")
    throw new ApiError("ChargeTypeViolation", "The operation is not permitted due to charge type of the instance: use ModifyPrepayInstanceSpec for subscription instances.", 403);
  if (typeId !== undefined && (out !== undefined || inn !== undefined))
    throw new ApiError("InvalidParameter.Mismatch", "Too many parameters in one request: change either the instance type or the Internet bandwidth, not both.", 400);
  if (typeId === undefined && out === undefined && inn === undefined) throw missingParameter("InstanceType");
  const status = instanceStatus(inst, m.now());
  if (inst.releaseAt !== undefined) throw incorrectInstanceStatus(`Instance ${inst.id} is being released.`);
  if (typeId !== undefined) {
    const type = findInstanceType(typeId);
    if (!type) throw new ApiError("InvalidInstanceType.ValueNotSupported", `The specified InstanceType "${typeId}" is not supported.`, 400);
    if (status !== "Stopped") throw new ApiError("InvalidInstanceStatus.NotStopped", `The specified Instance status is not stopped: ${inst.id} is ${status}.`, 400);
    inst.instanceType = type.instanceTypeId;
    return;
  }
  if (status !== "Running" && status !== "Stopped")
    throw new ApiError("InvalidStatus.ValueNotSupported", `The current status of the resource does not support this operation: ${inst.id} is ${status}.`, 400);
  if (out !== undefined) inst.internetMaxBandwidthOut = out;
  if (inn !== undefined) inst.internetMaxBandwidthIn = inn;
}

export interface NetworkSpecChange {
  bandwidthOut?: number;
  bandwidthIn?: number;
  internetChargeType?: string;
  allocatePublicIp: boolean;
}

/** ModifyInstanceNetworkSpec on a Running or Stopped instance: bandwidth up or down, the network billing
 *  method, and a public IP: a subscription instance gets one when its outbound bandwidth rises from 0,
 *  a pay-as-you-go one only with AllocatePublicIp=true (and outbound bandwidth above 0). */
export function modifyInstanceNetworkSpec(m: ModelContext, reg: RegionState, inst: InstanceRecord, change: NetworkSpecChange): void {
  const { bandwidthOut, bandwidthIn, internetChargeType, allocatePublicIp } = change;
  if (bandwidthOut === undefined && bandwidthIn === undefined && internetChargeType === undefined && !allocatePublicIp) throw missingParameter("InternetMaxBandwidthOut");
  requireInstanceStatus(inst, m.now(), ["Running", "Stopped"]);
  const out = bandwidthOut ?? inst.internetMaxBandwidthOut;
  const wantsIp = !inst.publicIpAddress && (allocatePublicIp || (inst.instanceChargeType === "PrePaid" && inst.internetMaxBandwidthOut === 0 && out > 0));
  if (wantsIp && out === 0)
    throw new ApiError("InvalidInternetMaxBandwidthOut.ValueNotSupported", `A public IP needs outbound bandwidth: set InternetMaxBandwidthOut above 0 for ${inst.id}.`, 400);
  if (wantsIp) inst.publicIpAddress = new PublicIpPool(reg).allocate();
  inst.internetMaxBandwidthOut = out;
  if (bandwidthIn !== undefined) inst.internetMaxBandwidthIn = bandwidthIn;
  if (internetChargeType !== undefined) inst.internetChargeType = internetChargeType;
}

/** ModifyInstanceVpcAttribute: another VSwitch (same zone, or another VPC with new groups) and/or private IP, on a Stopped instance. */
export function modifyInstanceVpc(
  m: ModelContext,
  reg: RegionState,
  inst: InstanceRecord,
  change: { vsw: VSwitchRecord; privateIp?: string; vpcId?: string; groups: SecurityGroupRecord[] },
): void {
  const { vsw, privateIp: ip, vpcId, groups } = change;
  const status = instanceStatus(inst, m.now());
  // This action's table gives IncorrectInstanceStatus HTTP 400 (ref 003:1862), the others 403.
  if (status !== "Stopped" || inst.releaseAt !== undefined)
    throw new ApiError("IncorrectInstanceStatus", `The current status of instance does not support this operation: only an instance in Stopped status does (${inst.id} is ${status}).`, 400);
  if (vpcId !== undefined && vpcId !== vsw.vpcId) throw new ApiError("InvalidVSwitchId.NotFound", "Specified virtual switch is not found in the specified VPC.", 404);
  const changesVpc = vsw.vpcId !== inst.vpcId;
  if (!changesVpc && vsw.zoneId !== inst.zoneId) throw new ApiError("InvalidVSwitchId.Mismatch", "The specified instance and VSwitchId are not in the same zone.", 400);
  if (changesVpc && !groups.length) throw missingParameter("SecurityGroupId.N");
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
}

export function joinSecurityGroup(m: ModelContext, reg: RegionState, inst: InstanceRecord, sg: SecurityGroupRecord): void {
  requireInstanceStatus(inst, m.now(), ["Running", "Stopped"]);
  if (inst.securityGroupIds.includes(sg.id))
    throw new ApiError("InvalidInstanceId.AlreadyExists", `The specified instance ${inst.id} already exists in the specified security group ${sg.id}.`, 403);
  if ((sg.vpcId || "") !== (inst.vpcId || "")) throw new ApiError("InvalidInstanceId.Mismatch", "Specified instance and security group are not in the same VPC.", 400);
  if (groupMembers(reg, sg.id).length >= GROUP_CAPACITY[sg.securityGroupType])
    throw new ApiError("SecurityGroupInstanceLimitExceeded", `Exceeding the allowed amount of instances of a security group (${GROUP_CAPACITY[sg.securityGroupType]}).`, 403);
  if (inst.securityGroupIds.length >= MAX_SECURITY_GROUPS_PER_INSTANCE)
    throw new ApiError("InstanceSecurityGroupLimitExceeded", `Exceeding the allowed amount of security groups that an instance can join (${MAX_SECURITY_GROUPS_PER_INSTANCE}).`, 400);
  inst.securityGroupIds = [...inst.securityGroupIds, sg.id];
}

export function leaveSecurityGroup(m: ModelContext, inst: InstanceRecord, sg: SecurityGroupRecord): void {
  requireInstanceStatus(inst, m.now(), ["Running", "Stopped"]);
  if (!inst.securityGroupIds.includes(sg.id))
    throw new ApiError("InvalidInstanceId.NotFoundInSecurityGroup", `The specified instance ${inst.id} is not in the security group ${sg.id}.`, 404);
  if (inst.securityGroupIds.length === 1)
    throw new ApiError("InstanceLastSecurityGroup", `The specified security group ${sg.id} is the last security group of instance ${inst.id}; an instance must stay in at least one.`, 403);
  inst.securityGroupIds = inst.securityGroupIds.filter((id) => id !== sg.id);
}

/** The outcome of a batch action on one instance (AttachKeyPair, AttachInstanceRamRole … report each). */
export interface InstanceOutcome {
  instanceId: string;
  ok: boolean;
  code: string;
  message: string;
}

/** Attach/DetachKeyPair on each instance: a Running one needs a restart for the change. */
export function setKeyPair(m: ModelContext, reg: RegionState, keyPairName: string, ids: readonly string[], attach: boolean): InstanceOutcome[] {
  if (!reg.keyPairs[keyPairName]) throw new ApiError("InvalidKeyPairName.NotFound", `The specified KeyPairName "${keyPairName}" does not exist in our records.`, 404);
  return ids.map((id) => {
    const inst = reg.instances[id];
    if (!inst) return { instanceId: id, ok: false, code: "InvalidInstanceId.NotFound", message: "The specified InstanceId does not exist." };
    if (instanceIsWindows(inst)) return { instanceId: id, ok: false, code: "DependencyViolation.WindowsInstance", message: "The instance is windows, cannot use ssh key pair to login." };
    if (attach) {
      inst.keyPairName = keyPairName;
      inst.pendingRestart = instanceStatus(inst, m.now()) === "Running";
    } else if (inst.keyPairName === keyPairName) {
      inst.keyPairName = undefined;
      inst.pendingRestart = instanceStatus(inst, m.now()) === "Running";
    }
    return { instanceId: id, ok: true, code: "200", message: "successful" };
  });
}
