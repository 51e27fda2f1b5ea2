/** Instance actions other than RunInstances: requests and answers (the rules are in models/instances.ts). */
import { BANDWIDTH_IN, BANDWIDTH_OUT, CREDIT_SPECIFICATIONS, INTERNET_CHARGE_TYPES, MAX_IDS_PER_CALL, MAX_INSTANCES_PER_KEY_PAIR_CALL, MAX_SECURITY_GROUPS_PER_INSTANCE } from "../../provider/spec/limits";
import { findImage, findInstanceType } from "../catalog";
import { ecsTime } from "../clock";
import { missingParameter } from "../errors";
import {
  checkUserData,
  joinSecurityGroup,
  leaveSecurityGroup,
  modifyInstanceAttribute,
  modifyInstanceSpec,
  modifyInstanceVpc,
  rebootInstance,
  releaseInstance,
  setKeyPair,
  startInstance,
  stopInstance,
} from "../models/instances";
import { INSTANCE_STATUSES, instanceStatus } from "../models/instanceStatus";
import { find, recordsByIds } from "../models/lookup";
import { allocatePublicIp } from "../models/network";
import { byCreation, type InstanceRecord, type RegionState } from "../state";
import { sweepRegion } from "../sweep";
import { nameMatches, renderTags } from "./common";
import { pageInfo, paginate, paginateByToken, wantsTokenPaging } from "./pagination";
import { matchesTags } from "./params";
import { descriptionParam, nameParam } from "./rules";
import { runInstances } from "./runInstances";
import { action, P, pageParams, REGION_ID, REGION_ID_OPTIONAL, TAG_PARAMS, tokenParams, type Action, type Params } from "./spec";
import type { ActionContext } from "./types";

function macOf(id: string): string {
  const hex = Buffer.from(id).toString("hex").slice(-10).padStart(10, "0");
  return `00:16:3e:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

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
    AutoReleaseTime: inst.autoReleaseTime ?? "",
    InstanceChargeType: inst.instanceChargeType,
    SaleCycle: "",
    SpotStrategy: "NoSpot",
    SpotPriceLimit: 0,
    DeviceAvailable: true,
    VlanId: "",
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
    EipAddress: { AllocationId: "", IpAddress: "", InternetChargeType: "", Bandwidth: 0, IsSupportUnassociate: true },
    KeyPairName: inst.keyPairName ?? "",
    DeploymentSetId: inst.deploymentSetId ?? "",
    DeletionProtection: inst.deletionProtection,
    CreditSpecification: inst.creditSpecification ?? "",
    StoppedMode: status === "Stopped" ? "KeepCharging" : "Not-applicable",
    Recyclable: false,
    SerialNumber: inst.id.slice(2),
    GPUAmount: 0,
    GPUSpec: "",
    LocalStorageAmount: 0,
    LocalStorageCapacity: 0,
    ResourceGroupId: inst.resourceGroupId ?? "",
    OperationLocks: { LockReason: [] },
    Tags: renderTags(inst.tags),
  };
}

/** The region holding the InstanceId parameter's instance (RegionId is optional for these actions). */
export const instanceRegion = (ctx: ActionContext): RegionState => ctx.region({ collection: "instances", id: ctx.params.str("InstanceId") });

export function instanceParam(ctx: ActionContext): { reg: RegionState; inst: InstanceRecord } {
  const reg = instanceRegion(ctx);
  return { reg, inst: find(reg, "instance", ctx.params.need("InstanceId")) };
}

export const INSTANCE: Params = { ...REGION_ID_OPTIONAL, InstanceId: P.string({ required: true }) };

const describeInstances = action(
  {
    kind: "instance",
    summary: "Lists instances with their network, disks-independent attributes and tags; filters combine.",
    params: {
      ...REGION_ID,
      InstanceIds: P.jsonList({ maxItems: MAX_IDS_PER_CALL, doc: 'a JSON array: ["i-1","i-2"]' }),
      Status: P.string({ values: INSTANCE_STATUSES, invalid: { code: "InvalidStatus.NotFound", status: 404 } }),
      InstanceName: P.string({ doc: "a name, or a pattern with *" }),
      ZoneId: P.string(),
      VpcId: P.string(),
      VSwitchId: P.string(),
      SecurityGroupId: P.string(),
      InstanceType: P.string(),
      InstanceTypeFamily: P.string(),
      ImageId: P.string(),
      KeyPairName: P.string(),
      InstanceChargeType: P.string({ values: ["PrePaid", "PostPaid"], invalid: { code: "InvalidInstanceChargeType.NotFound", status: 404 } }),
      InternetChargeType: P.string({ values: INTERNET_CHARGE_TYPES, invalid: { code: "InvalidInternetChargeType.ValueNotSupported", status: 404 } }),
      InstanceNetworkType: P.string({ values: ["classic", "vpc"], invalid: { code: "InvalidNetworkType.NotFound", status: 404 } }),
      SpotStrategy: P.string({ values: ["NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo"], notToday: "a filter of the 2019 reference (ref 003:6392)" }),
      IoOptimized: P.boolean(),
      CreditSpecification: P.string({ values: CREDIT_SPECIFICATIONS, notToday: "a filter of the 2019 reference (ref 003:6345)" }),
      PrivateIpAddresses: P.jsonList({ maxItems: MAX_IDS_PER_CALL }),
      PublicIpAddresses: P.jsonList({ maxItems: MAX_IDS_PER_CALL }),
      DeploymentSetId: P.string({ notToday: "a filter of the 2019 reference (ref 003:6415)" }),
      ...TAG_PARAMS("Tag", "tag filter"),
      ...pageParams(100),
      ...tokenParams(100),
    },
  },
  (ctx) => {
    const reg = ctx.region();
    const p = ctx.params;
    const now = ctx.now();
    const ids = p.jsonList("InstanceIds");
    const status = p.str("Status");
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
    const internetChargeType = p.str("InternetChargeType");
    const networkType = p.str("InstanceNetworkType");
    const spotStrategy = p.str("SpotStrategy");
    const ioOptimized = p.bool("IoOptimized");
    const credit = p.str("CreditSpecification");
    const ips = p.jsonList("PrivateIpAddresses");
    const publicIps = p.jsonList("PublicIpAddresses");
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
      .filter((i) => internetChargeType === undefined || i.internetChargeType === internetChargeType)
      // Every emulated instance is an I/O optimized, pay-as-you-go (NoSpot) VPC instance.
      .filter(() => networkType === undefined || networkType === "vpc")
      .filter(() => spotStrategy === undefined || spotStrategy === "NoSpot")
      .filter(() => ioOptimized === undefined || ioOptimized)
      .filter((i) => credit === undefined || (i.creditSpecification ?? "") === credit)
      .filter((i) => !ips || ips.includes(i.privateIpAddress))
      .filter((i) => !publicIps || (i.publicIpAddress !== undefined && publicIps.includes(i.publicIpAddress)))
      .filter((i) => deploymentSet === undefined || i.deploymentSetId === deploymentSet)
      .filter((i) => !tags.length || matchesTags(i.tags, tags))
      .sort(byCreation);
    if (wantsTokenPaging(p)) {
      const page = paginateByToken(rows, p);
      return { NextToken: page.NextToken, TotalCount: rows.length, Instances: { Instance: page.items.map((i) => renderInstance(i, now)) } };
    }
    const page = paginate(rows, p);
    return {
      ...pageInfo(page),
      NextToken: "",
      Instances: { Instance: page.items.map((i) => renderInstance(i, now)) },
    };
  },
);

function keyPairBatch(attach: boolean): Action {
  return action(
    {
      kind: "instance",
      summary: `${attach ? "Attaches a key pair to" : "Detaches a key pair from"} up to 50 instances, reporting each one's outcome.`,
      params: { ...REGION_ID, KeyPairName: P.string({ required: true }), InstanceIds: P.jsonList({ required: true, maxItems: MAX_INSTANCES_PER_KEY_PAIR_CALL }) },
      notes: ["A Running instance needs a restart for the change; Windows instances refuse key pairs (per-instance DependencyViolation.WindowsInstance)."],
    },
    (ctx) => {
      const keyPairName = ctx.params.need("KeyPairName");
      const results = setKeyPair(ctx, ctx.region(), keyPairName, ctx.params.jsonList("InstanceIds")!, attach);
      const failed = results.filter((r) => !r.ok).length;
      return {
        KeyPairName: keyPairName,
        TotalCount: String(results.length),
        FailCount: String(failed),
        Results: { Result: results.map((r) => ({ InstanceId: r.instanceId, Success: String(r.ok), Code: r.code, Message: r.message })) },
      };
    },
  );
}

export const instanceActions: Record<string, Action> = {
  RunInstances: runInstances,
  DescribeInstances: describeInstances,

  StartInstance: action(
    { kind: "instance", summary: "Starts a Stopped instance (Starting → Running).", params: INSTANCE, notes: ["A Pending instance: InstanceNotReady (500)."] },
    (ctx) => {
      startInstance(ctx, instanceParam(ctx).inst);
      return {};
    },
  ),

  StopInstance: action(
    {
      kind: "instance",
      summary: "Stops a Running instance (Stopping → Stopped).",
      params: { ...INSTANCE, ForceStop: P.boolean({ default: false }), StoppedMode: P.string({ values: ["StopCharging", "KeepCharging"] }) },
    },
    (ctx) => {
      stopInstance(ctx, instanceParam(ctx).inst);
      return {};
    },
  ),

  RebootInstance: action(
    { kind: "instance", summary: "Restarts a Running instance (Stopping → Starting → Running).", params: { ...INSTANCE, ForceStop: P.boolean({ default: false }) } },
    (ctx) => {
      rebootInstance(ctx, instanceParam(ctx).inst);
      return {};
    },
  ),

  DeleteInstance: action(
    {
      kind: "instance",
      summary: "Releases an instance: a Stopped one, or a Running one with Force=true (it stops first).",
      params: { ...INSTANCE, Force: P.boolean({ default: false }), TerminateSubscription: P.boolean() },
      notes: ["Deletion protection: InvalidOperation.DeletionProtection (400); a subscription (PrePaid) instance: ChargeTypeViolation (403)."],
    },
    (ctx) => {
      const { reg, inst } = instanceParam(ctx);
      releaseInstance(ctx, reg, inst, ctx.params.bool("Force")!);
      sweepRegion(reg, ctx.now()); // with zero delays the instance is gone at once
      return {};
    },
  ),

  DeleteInstances: action(
    {
      kind: "instance",
      summary: "Releases up to 100 instances, all or none.",
      params: { ...REGION_ID_OPTIONAL, InstanceId: P.list({ required: true, maxItems: MAX_IDS_PER_CALL }), Force: P.boolean({ default: false }) },
    },
    (ctx) => {
      const ids = ctx.params.list("InstanceId");
      if (!ids.length) throw missingParameter("InstanceId.N");
      const reg = ctx.region({ collection: "instances", id: ids[0] });
      const force = ctx.params.bool("Force")!;
      const instances = ids.map((id) => find(reg, "instance", id));
      for (const inst of instances) releaseInstance(ctx, reg, inst, force);
      sweepRegion(reg, ctx.now());
      return {};
    },
  ),

  ModifyInstanceAttribute: action(
    {
      kind: "instance",
      summary: "Changes an instance's name, description, host name, password, user data, deletion protection, security groups or credit mode.",
      params: {
        ...INSTANCE,
        InstanceName: nameParam("InvalidInstanceName.Malformed"),
        Description: descriptionParam("InvalidDescription.Malformed"),
        HostName: P.string(),
        Password: P.string(),
        UserData: P.string(),
        DeletionProtection: P.boolean(),
        SecurityGroupIds: P.list({ maxItems: MAX_SECURITY_GROUPS_PER_INSTANCE }),
        CreditSpecification: P.string({ values: CREDIT_SPECIFICATIONS }),
      },
      notes: ["Host name and password take effect at the next start and cannot change while Starting; user data changes only while Stopped."],
    },
    (ctx) => {
      const { reg, inst } = instanceParam(ctx);
      const p = ctx.params;
      const userData = checkUserData(p.str("UserData"));
      modifyInstanceAttribute(ctx, inst, {
        name: p.str("InstanceName"),
        description: p.str("Description"),
        hostName: p.str("HostName"),
        password: p.str("Password"),
        userData,
        deletionProtection: p.bool("DeletionProtection"),
        groups: p.list("SecurityGroupIds").map((id) => find(reg, "securitygroup", id)),
        creditSpecification: p.str("CreditSpecification"),
      });
      return {};
    },
  ),

  ModifyInstanceSpec: action(
    {
      kind: "instance",
      summary: "Changes a pay-as-you-go instance's type (Stopped only) or its Internet bandwidth (Running or Stopped), not both at once.",
      params: {
        ...INSTANCE,
        InstanceType: P.string(),
        InternetMaxBandwidthOut: P.integer({ min: BANDWIDTH_OUT.min, max: BANDWIDTH_OUT.max }),
        InternetMaxBandwidthIn: P.integer({ min: BANDWIDTH_IN.min, max: BANDWIDTH_IN.max }),
      },
      notes: ["Raising the bandwidth from 0 allocates no public IP (AllocatePublicIpAddress does), as in the reference."],
    },
    (ctx) => {
      const p = ctx.params;
      modifyInstanceSpec(ctx, instanceParam(ctx).inst, { instanceType: p.str("InstanceType"), bandwidthOut: p.int("InternetMaxBandwidthOut"), bandwidthIn: p.int("InternetMaxBandwidthIn") });
      return {};
    },
  ),

  ModifyInstanceVpcAttribute: action(
    {
      kind: "instance",
      summary: "Moves a Stopped instance to another VSwitch (same zone; another VPC with new security groups) or changes its private IP.",
      params: {
        ...INSTANCE,
        VSwitchId: P.string({ required: true }),
        PrivateIpAddress: P.string({ pattern: /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/, invalid: { code: "InvalidPrivateIpAddress.Malformed" } }),
        VpcId: P.string(),
        SecurityGroupId: P.list({ maxItems: MAX_SECURITY_GROUPS_PER_INSTANCE }),
      },
    },
    (ctx) => {
      const { reg, inst } = instanceParam(ctx);
      const p = ctx.params;
      modifyInstanceVpc(ctx, reg, inst, {
        vsw: find(reg, "vswitch", p.need("VSwitchId")),
        privateIp: p.str("PrivateIpAddress"),
        vpcId: p.str("VpcId"),
        groups: p.list("SecurityGroupId").map((id) => find(reg, "securitygroup", id)),
      });
      return {};
    },
  ),

  JoinSecurityGroup: action(
    {
      kind: "instance",
      summary: "Adds a Running or Stopped instance to a security group of its VPC (at most 5 groups).",
      params: { ...INSTANCE, SecurityGroupId: P.string({ required: true }) },
    },
    (ctx) => {
      const { reg, inst } = instanceParam(ctx);
      joinSecurityGroup(ctx, reg, inst, find(reg, "securitygroup", ctx.params.need("SecurityGroupId")));
      return {};
    },
  ),

  LeaveSecurityGroup: action(
    {
      kind: "instance",
      summary: "Removes an instance from one of its security groups (never its last one).",
      params: { ...INSTANCE, SecurityGroupId: P.string({ required: true }) },
    },
    (ctx) => {
      const { reg, inst } = instanceParam(ctx);
      leaveSecurityGroup(ctx, inst, find(reg, "securitygroup", ctx.params.need("SecurityGroupId")));
      return {};
    },
  ),

  AttachKeyPair: keyPairBatch(true),
  DetachKeyPair: keyPairBatch(false),

  AllocatePublicIpAddress: action(
    {
      kind: "instance",
      summary: "Gives a Running or Stopped VPC instance a public IP from the region's pool.",
      params: { ...INSTANCE },
      notes: ["An instance that has one already: AllocatedAlready (403)."],
    },
    (ctx) => {
      const { reg, inst } = instanceParam(ctx);
      return { IpAddress: allocatePublicIp(reg, inst, ctx.now()) };
    },
  ),
};

