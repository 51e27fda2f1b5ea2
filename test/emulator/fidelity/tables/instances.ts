/** Fidelity cases of the instance actions, from the reference's request and error tables (ref 003:<line>)
 *  and today's API where it differs. */
import { jsonArray } from "../../../../provider/client/params";
import type { ActionTable } from "../cases";
import { IMAGE, TYPE, WINDOWS_IMAGE, ZONE } from "../world";

const notFound = { code: "InvalidInstanceId.NotFound", status: 404 };
const incorrect = { code: "IncorrectInstanceStatus", status: 403 };

export const instanceTables: Record<string, ActionTable> = {
  RunInstances: {
    base: (w) => ({ ImageId: IMAGE, InstanceType: TYPE, ZoneId: ZONE, SecurityGroupId: w.sg, DryRun: true }),
    cases: [
      { name: "a valid request with DryRun answers DryRunOperation", expect: { code: "DryRunOperation", status: 400 } },
      { name: "creates an instance", params: () => ({ DryRun: false }), expect: { ok: true, check: (b) => expect(b.InstanceIdSets.InstanceIdSet).toHaveLength(1) } },
      { name: "an unknown image", params: () => ({ ImageId: "m-nope" }), expect: { code: "InvalidImageId.NotFound", status: 404 } },
      { name: "an unknown instance type", params: () => ({ InstanceType: "ecs.nope.large" }), expect: { code: "InvalidInstanceType.ValueNotSupported", status: 400 } },
      { name: "an unknown zone", params: () => ({ ZoneId: "cn-hangzhou-z" }), expect: { code: "InvalidZoneId.NotFound", status: 404 } },
      { name: "an unknown VSwitch", params: () => ({ VSwitchId: "vsw-nope" }), expect: { code: "InvalidVSwitchId.NotFound", status: 404 } },
      { name: "a VSwitch in another zone", params: (w) => ({ VSwitchId: w.otherZoneVsw }), expect: { code: "InvalidParameter.Mismatch", status: 400 } },
      { name: "an unknown security group", params: () => ({ SecurityGroupId: "sg-nope" }), expect: { code: "InvalidSecurityGroupId.NotFound", status: 404 } },
      { name: "no security group", params: () => ({ SecurityGroupId: undefined }), expect: { code: "MissingParameter", status: 400 } },
      { name: "SecurityGroupId and SecurityGroupIds together", params: (w) => ({ SecurityGroupIds: [w.otherSg] }), expect: { code: "InvalidParameter.Conflict", status: 400 } },
      { name: "an unknown key pair", params: () => ({ KeyPairName: "nope" }), expect: { code: "InvalidKeyPairName.NotFound", status: 404 } },
      { name: "a key pair on a Windows image", params: (w) => ({ ImageId: WINDOWS_IMAGE, KeyPairName: w.keyPair }), expect: { code: "DependencyViolation.WindowsInstance", status: 403 } },
      { name: "an unknown deployment set", params: () => ({ DeploymentSetId: "ds-nope" }), expect: { code: "InvalidDeploymentSetId.NotFound", status: 404 } },
      { name: "a malformed instance name", params: () => ({ InstanceName: "-bad" }), expect: { code: "InvalidInstanceName.Malformed", status: 400 } },
      { name: "a malformed description", params: () => ({ Description: "http://x" }), expect: { code: "InvalidDescription.Malformed", status: 400 } },
      { name: "a malformed host name", params: () => ({ HostName: "-host" }), expect: { code: "InvalidHostName.Malformed", status: 400 } },
      { name: "a Windows host name longer than 15", params: () => ({ ImageId: WINDOWS_IMAGE, HostName: "a".repeat(16) }), expect: { code: "InvalidHostName.Malformed", status: 400 } },
      { name: "a weak password", params: () => ({ Password: "password" }), expect: { code: "InvalidPassword.Malformed", status: 400 } },
      { name: "Password with PasswordInherit", params: () => ({ Password: "Abcdef12!", PasswordInherit: true }), expect: { code: "InvalidPasswordParam.Mismatch", status: 400 } },
      { name: "user data over 32 KiB", params: () => ({ UserData: Buffer.alloc(32 * 1024 + 1, "u").toString("base64") }), expect: { code: "InvalidUserData.SizeExceeded", status: 400 } },
      { name: "a system disk smaller than the image", params: () => ({ SystemDisk: { Category: "cloud_essd", Size: 19 } }), expect: { code: "InvalidSystemDiskSize.LessThanImageSize", status: 404 } },
      { name: "a system disk above the category's maximum", params: () => ({ SystemDisk: { Category: "cloud_essd", Size: 2049 } }), expect: { code: "InvalidSystemDiskSize.MoreThanMaxSize", status: 404 } },
      { name: "a data disk above the category's maximum", params: () => ({ DataDisk: [{ Category: "cloud_efficiency", Size: 32769 }] }), expect: { code: "InvalidDataDiskSize.ValueNotSupported", status: 400 } },
      { name: "a data disk from a snapshot (no snapshots here)", params: () => ({ DataDisk: [{ Size: 40, SnapshotId: "s-nope" }] }), expect: { code: "InvalidDataDiskSnapshotId.NotFound", status: 404 } },
      { name: "21 tags", params: () => ({ Tag: Array.from({ length: 21 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) }), expect: { code: "InvalidTagCount", status: 400 } },
      { name: "a tag value without a key", params: () => ({ Tag: [{ Value: "orphan" }] }), expect: { code: "InvalidTag.Mismatch", status: 400 } },
      { name: "an unknown launch template", params: () => ({ LaunchTemplateId: "lt-nope" }), expect: { code: "InvalidLaunchTemplate.NotExist", status: 404 } },
      { name: "an unknown launch template version", params: (w) => ({ LaunchTemplateId: w.template, LaunchTemplateVersion: 9 }), expect: { code: "InvalidLaunchTemplateVersion.NotExist", status: 404 } },
      { name: "everything from a launch template", request: (w) => ({ LaunchTemplateId: w.template, DryRun: true }), expect: { code: "DryRunOperation", status: 400 } },
      { name: "MinAmount above Amount", params: () => ({ Amount: 2, MinAmount: 3 }), expect: { code: "InvalidParameter", status: 400 } },
      {
        name: "the documented default disk categories: cloud_efficiency (today: RunInstancesRequestSystemDisk.category, RunInstancesRequestDataDisk.category)",
        params: () => ({ DryRun: false, DataDisk: [{ Size: 40 }] }),
        expect: {
          ok: true,
          check: async (b, _w, call) => {
            const disks = (await call("DescribeDisks", { InstanceId: b.InstanceIdSets.InstanceIdSet[0] })).body.Disks.Disk as Array<{ Category: string }>;
            expect(disks.map((d) => d.Category)).toEqual(["cloud_efficiency", "cloud_efficiency"]);
          },
        },
      },
      { name: "a malformed disk name", params: () => ({ DataDisk: [{ Size: 40, DiskName: "-x" }] }), expect: { code: "InvalidDiskName.Malformed", status: 400 } },
      { name: "a malformed disk description", params: () => ({ SystemDisk: { Description: "http://x" } }), expect: { code: "InvalidDiskDescription.Malformed", status: 400 } },
      { name: "a RAM role RAM does not have", ref: "today", setup: async (_w, _c, _a, sts) => void sts.putRole({ name: "EcsRole" }), params: () => ({ RamRoleName: "nope" }), expect: { code: "InvalidRamRole.NotFound", status: 404 } },
      {
        name: "a RAM role and an automatic release time",
        ref: "today",
        setup: async (_w, _c, _a, sts) => void sts.putRole({ name: "EcsRole" }),
        params: (w) => ({ DryRun: false, RamRoleName: "EcsRole", AutoReleaseTime: new Date(w.now + 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z") }),
        expect: {
          ok: true,
          check: async (b, w, call) => {
            const id = b.InstanceIdSets.InstanceIdSet[0] as string;
            expect((await call("DescribeInstances", { InstanceIds: jsonArray([id]) })).body.Instances.Instance[0].AutoReleaseTime).toBe(new Date(w.now - (w.now % 60_000) + 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z"));
            expect((await call("DescribeInstanceRamRole", { InstanceIds: jsonArray([id]) })).body.InstanceRamRoleSets.InstanceRamRoleSet[0].RamRoleName).toBe("EcsRole");
          },
        },
      },
      { name: "an automatic release time less than 30 minutes ahead", ref: "today", params: (w) => ({ AutoReleaseTime: new Date(w.now + 60_000).toISOString().replace(/\.\d{3}Z$/, "Z") }), expect: { code: "InvalidAutoReleaseTime.Malformed", status: 400 } },
      { name: "17 data disks", params: () => ({ DataDisk: Array.from({ length: 17 }, () => ({ Size: 40 })) }), expect: { code: "InstanceDiskNumber.LimitExceed", status: 400 } },
    ],
  },

  DescribeInstances: {
    base: (w) => ({ InstanceIds: jsonArray([w.running]) }),
    cases: [
      { name: "the instance's fields, EIP and tags", expect: { ok: true, check: (b, w) => expect(b.Instances.Instance[0]).toMatchObject({ InstanceId: w.running, Status: "Running", SpotStrategy: "NoSpot", DeviceAvailable: true, EipAddress: { Bandwidth: 0, IsSupportUnassociate: true }, Tags: { Tag: [{ TagKey: "env", TagValue: "test" }] } }) } },
      { name: "InstanceIds=[] is a filter that matches nothing (ref 003:6329)", params: () => ({ InstanceIds: "[]" }), expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(0) } },
      { name: "no InstanceIds: every instance", params: () => ({ InstanceIds: undefined }), expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(2) } },
      { name: "Status filter", params: () => ({ InstanceIds: undefined, Status: "Stopped" }), expect: { ok: true, check: (b, w) => expect(b.Instances.Instance.map((i: { InstanceId: string }) => i.InstanceId)).toEqual([w.stopped]) } },
      { name: "InstanceNetworkType=classic matches no VPC instance", params: () => ({ InstanceNetworkType: "classic" }), expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(0) } },
      { name: "InstanceChargeType=PostPaid", params: () => ({ InstanceChargeType: "PostPaid" }), expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(1) } },
      { name: "name wildcard", params: () => ({ InstanceIds: undefined, InstanceName: "run*" }), expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(1) } },
      { name: "tag filter", params: () => ({ InstanceIds: undefined, Tag: [{ Key: "env", Value: "test" }] }), expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(1) } },
      { name: "21 tag filters", params: () => ({ Tag: Array.from({ length: 21 }, (_, i) => ({ Key: `k${i}` })) }), expect: { code: "InvalidTagCount", status: 400 } },
      { name: "a tag filter value without a key", params: () => ({ Tag: [{ Value: "x" }] }), expect: { code: "InvalidTag.Mismatch", status: 400 } },
      { name: "an unknown region", params: () => ({ RegionId: "xx-nowhere-1" }), expect: { code: "InvalidRegionId.NotFound", status: 404 } },
    ],
  },

  StartInstance: {
    base: (w) => ({ InstanceId: w.stopped }),
    cases: [
      { name: "starts a Stopped instance", expect: { ok: true } },
      { name: "a Pending instance", setup: async (w, _c, admin) => void admin.modifyResource("instance", w.stopped, { status: "Pending" }), expect: { code: "InstanceNotReady", status: 500 } },
      { name: "a Running instance", params: (w) => ({ InstanceId: w.running }), expect: incorrect },
      { name: "an unknown instance", params: () => ({ InstanceId: "i-nope" }), expect: notFound },
    ],
  },
  StopInstance: {
    base: (w) => ({ InstanceId: w.running }),
    cases: [
      { name: "stops a Running instance", expect: { ok: true } },
      { name: "a Stopped instance", params: (w) => ({ InstanceId: w.stopped }), expect: incorrect },
      { name: "an unknown instance", params: () => ({ InstanceId: "i-nope" }), expect: notFound },
    ],
  },
  RebootInstance: {
    base: (w) => ({ InstanceId: w.running }),
    cases: [
      { name: "restarts a Running instance", expect: { ok: true } },
      { name: "a Stopped instance", params: (w) => ({ InstanceId: w.stopped }), expect: incorrect },
      { name: "an unknown instance", params: () => ({ InstanceId: "i-nope" }), expect: notFound },
    ],
  },
  DeleteInstance: {
    base: (w) => ({ InstanceId: w.stopped }),
    cases: [
      { name: "releases a Stopped instance", expect: { ok: true } },
      { name: "a Running instance without Force", params: (w) => ({ InstanceId: w.running }), expect: incorrect },
      { name: "a Running instance with Force", params: (w) => ({ InstanceId: w.running, Force: true }), expect: { ok: true } },
      { name: "a Pending instance", setup: async (w, _c, admin) => void admin.modifyResource("instance", w.stopped, { status: "Pending" }), expect: { code: "IncorrectInstanceStatus.Initializing", status: 403 } },
      { name: "a subscription instance", setup: async (w, _c, admin) => void admin.modifyResource("instance", w.stopped, { instanceChargeType: "PrePaid" }), expect: { code: "ChargeTypeViolation", status: 403 } },
      {
        name: "deletion protection",
        setup: async (w, call) => void (await call("ModifyInstanceAttribute", { InstanceId: w.stopped, DeletionProtection: true })),
        expect: { code: "InvalidOperation.DeletionProtection", status: 400 },
      },
      { name: "an unknown instance", params: () => ({ InstanceId: "i-nope" }), expect: notFound },
    ],
  },
  DeleteInstances: {
    base: (w) => ({ InstanceId: [w.stopped] }),
    cases: [
      { name: "releases instances", expect: { ok: true } },
      { name: "an unknown instance among them", params: (w) => ({ InstanceId: [w.stopped, "i-nope"] }), expect: notFound },
    ],
  },
  ModifyInstanceAttribute: {
    base: (w) => ({ InstanceId: w.running, InstanceName: "renamed" }),
    cases: [
      { name: "renames", expect: { ok: true } },
      { name: "user data on a Running instance", params: () => ({ UserData: Buffer.from("#!/bin/sh").toString("base64") }), expect: incorrect },
      { name: "user data on a Stopped instance", params: (w) => ({ InstanceId: w.stopped, UserData: Buffer.from("#!/bin/sh").toString("base64") }), expect: { ok: true } },
      { name: "a weak password", params: () => ({ Password: "weak" }), expect: { code: "InvalidPassword.Malformed", status: 400 } },
      { name: "a password while Starting (ref 003:8704)", setup: async (w, _c, admin) => void admin.modifyResource("instance", w.running, { status: "Starting" }), params: () => ({ Password: "Abcdef12!" }), expect: { code: "OperationDenied", status: 403 } },
      { name: "a malformed host name", params: () => ({ HostName: "a" }), expect: { code: "InvalidHostName.Malformed", status: 400 } },
      { name: "a malformed name", params: () => ({ InstanceName: "1x" }), expect: { code: "InvalidInstanceName.Malformed", status: 400 } },
      { name: "a malformed description", params: () => ({ Description: "d" }), expect: { code: "InvalidDescription.Malformed", status: 400 } },
      { name: "user data over 32 KiB", params: (w) => ({ InstanceId: w.stopped, UserData: Buffer.alloc(32 * 1024 + 1, "u").toString("base64") }), expect: { code: "InvalidUserData.SizeExceeded", status: 400 } },
      { name: "an unknown security group", params: () => ({ SecurityGroupIds: ["sg-nope"] }), expect: { code: "InvalidSecurityGroupId.NotFound", status: 404 } },
      { name: "an unknown instance", params: () => ({ InstanceId: "i-nope" }), expect: notFound },
    ],
  },
  ModifyInstanceSpec: {
    base: (w) => ({ InstanceId: w.stopped, InstanceType: "ecs.g7.xlarge" }),
    cases: [
      { name: "a Stopped instance's type", expect: { ok: true } },
      { name: "a Running instance's type", params: (w) => ({ InstanceId: w.running }), expect: { code: "InvalidInstanceStatus.NotStopped", status: 400 } },
      { name: "a Running instance's bandwidth", params: (w) => ({ InstanceId: w.running, InstanceType: undefined, InternetMaxBandwidthOut: 10 }), expect: { ok: true } },
      { name: "type and bandwidth together", params: () => ({ InternetMaxBandwidthOut: 10 }), expect: { code: "InvalidParameter.Mismatch", status: 400 } },
      { name: "bandwidth while Pending", setup: async (w, _c, admin) => void admin.modifyResource("instance", w.stopped, { status: "Pending" }), params: () => ({ InstanceType: undefined, InternetMaxBandwidthOut: 10 }), expect: { code: "InvalidStatus.ValueNotSupported", status: 400 } },
      { name: "a subscription instance", setup: async (w, _c, admin) => void admin.modifyResource("instance", w.stopped, { instanceChargeType: "PrePaid" }), expect: { code: "ChargeTypeViolation", status: 403 } },
      { name: "an unknown type", params: () => ({ InstanceType: "ecs.nope.large" }), expect: { code: "InvalidInstanceType.ValueNotSupported", status: 400 } },
      { name: "an unknown instance", params: () => ({ InstanceId: "i-nope" }), expect: notFound },
    ],
  },
  ModifyInstanceVpcAttribute: {
    base: (w) => ({ InstanceId: w.stopped, VSwitchId: w.vsw, PrivateIpAddress: "172.16.0.200" }),
    cases: [
      { name: "a new private IP", expect: { ok: true } },
      { name: "a Running instance (this table: HTTP 400)", params: (w) => ({ InstanceId: w.running }), expect: { code: "IncorrectInstanceStatus", status: 400 } },
      { name: "a malformed IP", params: () => ({ PrivateIpAddress: "172.16.0" }), expect: { code: "InvalidPrivateIpAddress.Malformed", status: 400 } },
      { name: "an IP outside the VSwitch", params: () => ({ PrivateIpAddress: "10.0.0.1" }), expect: { code: "InvalidPrivateIpAddress.Mismatch", status: 400 } },
      {
        name: "an IP already in use",
        setup: async (w, call) => void (await call("ModifyInstanceVpcAttribute", { InstanceId: w.stopped, VSwitchId: w.vsw, PrivateIpAddress: "172.16.0.201" })),
        params: (w) => ({ InstanceId: w.stopped, PrivateIpAddress: "172.16.0.10" }),
        expect: { code: "InvalidPrivateIpAddress.Duplicated", status: 400 },
      },
      { name: "a VSwitch in another zone", params: (w) => ({ VSwitchId: w.otherZoneVsw, PrivateIpAddress: undefined }), expect: { code: "InvalidVSwitchId.Mismatch", status: 400 } },
      { name: "an unknown VSwitch", params: () => ({ VSwitchId: "vsw-nope" }), expect: { code: "InvalidVSwitchId.NotFound", status: 404 } },
      { name: "an unknown instance", params: () => ({ InstanceId: "i-nope" }), expect: notFound },
    ],
  },
  JoinSecurityGroup: {
    base: (w) => ({ InstanceId: w.running, SecurityGroupId: w.otherSg }),
    cases: [
      { name: "joins", expect: { ok: true } },
      { name: "already a member", params: (w) => ({ SecurityGroupId: w.sg }), expect: { code: "InvalidInstanceId.AlreadyExists", status: 403 } },
      { name: "a Pending instance", setup: async (w, _c, admin) => void admin.modifyResource("instance", w.running, { status: "Pending" }), expect: { code: "IncorrectInstanceStatus", status: 403 } },
      {
        name: "a sixth group",
        setup: async (w, call) => {
          for (let i = 0; i < 4; i++) await call("JoinSecurityGroup", { InstanceId: w.running, SecurityGroupId: (await call("CreateSecurityGroup", { VpcId: w.vpc })).body.SecurityGroupId });
        },
        expect: { code: "InstanceSecurityGroupLimitExceeded", status: 400 },
      },
      {
        name: "a group with 2000 instances",
        setup: async (w, call) => {
          for (let i = 0; i < 20; i++) await call("RunInstances", { ImageId: IMAGE, InstanceType: TYPE, ZoneId: ZONE, SecurityGroupId: w.otherSg, Amount: 100 });
        },
        expect: { code: "SecurityGroupInstanceLimitExceeded", status: 403 },
      },
      {
        name: "a group of another network (ref 003:20721: InvalidInstanceId.Mismatch)",
        setup: async (_w, call) => ({ SecurityGroupId: (await call("CreateSecurityGroup", {})).body.SecurityGroupId as string }), // classic: no VPC
        expect: { code: "InvalidInstanceId.Mismatch", status: 400 },
      },
      { name: "an unknown group", params: () => ({ SecurityGroupId: "sg-nope" }), expect: { code: "InvalidSecurityGroupId.NotFound", status: 404 } },
      { name: "an unknown instance", params: () => ({ InstanceId: "i-nope" }), expect: notFound },
    ],
  },
  LeaveSecurityGroup: {
    base: (w) => ({ InstanceId: w.running, SecurityGroupId: w.sg }),
    cases: [
      { name: "its last group", expect: { code: "InstanceLastSecurityGroup", status: 403 } },
      { name: "not a member", params: (w) => ({ SecurityGroupId: w.otherSg }), expect: { code: "InvalidInstanceId.NotFoundInSecurityGroup", status: 404 } },
      { name: "leaves one of two", setup: async (w, call) => void (await call("JoinSecurityGroup", { InstanceId: w.running, SecurityGroupId: w.otherSg })), expect: { ok: true } },
    ],
  },
  AttachKeyPair: {
    base: (w) => ({ KeyPairName: w.keyPair, InstanceIds: jsonArray([w.running]) }),
    cases: [
      { name: "attaches", expect: { ok: true, check: (b) => expect(b).toMatchObject({ TotalCount: "1", FailCount: "0" }) } },
      { name: "an unknown key pair", params: () => ({ KeyPairName: "nope" }), expect: { code: "InvalidKeyPairName.NotFound", status: 404 } },
      { name: "an unknown instance is reported per instance", params: () => ({ InstanceIds: jsonArray(["i-nope"]) }), expect: { ok: true, check: (b) => expect(b.Results.Result[0]).toMatchObject({ Success: "false", Code: "InvalidInstanceId.NotFound" }) } },
    ],
  },
  DetachKeyPair: {
    base: (w) => ({ KeyPairName: w.keyPair, InstanceIds: jsonArray([w.running]) }),
    cases: [
      { name: "detaches", expect: { ok: true } },
      { name: "an unknown key pair", params: () => ({ KeyPairName: "nope" }), expect: { code: "InvalidKeyPairName.NotFound", status: 404 } },
    ],
  },
  AllocatePublicIpAddress: {
    base: (w) => ({ InstanceId: w.stopped }),
    cases: [
      { name: "allocates", expect: { ok: true, check: (b) => expect(b.IpAddress).toMatch(/^47\./) } },
      { name: "a Pending instance", setup: async (w, _c, admin) => void admin.modifyResource("instance", w.stopped, { status: "Pending" }), expect: { code: "IncorrectInstanceStatus", status: 403 } },
      { name: "it has one already", params: (w) => ({ InstanceId: w.running }), expect: { code: "AllocatedAlready", status: 403 } },
      { name: "an unknown instance", params: () => ({ InstanceId: "i-nope" }), expect: notFound },
    ],
  },
  DescribeInstanceStatus: {
    base: () => ({}),
    cases: [{ name: "every instance's status", expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(2) } }],
  },
};
