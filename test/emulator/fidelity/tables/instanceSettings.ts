/** Fidelity cases of the instance actions on bandwidth, billing, automatic release, user data and RAM
 *  roles, from the reference's request and error tables (ref 003:<line>) and today's API (the SDK's
 *  request models) where the 2019 text is silent or differs. */
import type { ActionTable } from "../cases";
import type { Caller } from "../world";

const notFound = { code: "InvalidInstanceId.NotFound", status: 404 };
const HOUR = 3_600_000;
/** A release time `ms` after `now`, in ECS's form (yyyy-MM-ddTHH:mm:ssZ). */
const at = (now: number, ms: number): string => new Date(now + ms).toISOString().replace(/\.\d{3}Z$/, "Z");
/** The same time as ECS keeps it: seconds dropped. */
const minute = (iso: string): string => iso.replace(/:\d{2}Z$/, ":00Z");
const instance = async (call: Caller, id: string): Promise<Record<string, any>> => (await call("DescribeInstances", { InstanceIds: JSON.stringify([id]) })).body.Instances.Instance[0];
const disksOf = async (call: Caller, id: string): Promise<Array<Record<string, any>>> => (await call("DescribeDisks", { InstanceId: id })).body.Disks.Disk;

export const instanceSettingsTables: Record<string, ActionTable> = {
  ModifyInstanceNetworkSpec: {
    base: (w) => ({ InstanceId: w.running, InternetMaxBandwidthOut: 10 }),
    cases: [
      { name: "raises the outbound bandwidth", ref: 23466, expect: { ok: true, check: async (_b, w, call) => expect((await instance(call, w.running)).InternetMaxBandwidthOut).toBe(10) } },
      { name: "lowers it too (today: upgrades and downgrades)", ref: "today", params: () => ({ InternetMaxBandwidthOut: 1 }), expect: { ok: true, check: async (_b, w, call) => expect((await instance(call, w.running)).InternetMaxBandwidthOut).toBe(1) } },
      { name: "changes the inbound bandwidth alone", params: () => ({ InternetMaxBandwidthOut: undefined, InternetMaxBandwidthIn: 50 }), expect: { ok: true, check: async (_b, w, call) => expect((await instance(call, w.running)).InternetMaxBandwidthIn).toBe(50) } },
      { name: "a Stopped instance", params: (w) => ({ InstanceId: w.stopped }), expect: { ok: true } },
      {
        name: "NetworkChargeType converts the network billing method",
        ref: "today",
        params: () => ({ InternetMaxBandwidthOut: undefined, NetworkChargeType: "PayByBandwidth" }),
        expect: { ok: true, check: async (_b, w, call) => expect((await instance(call, w.running)).InternetChargeType).toBe("PayByBandwidth") },
      },
      {
        name: "a pay-as-you-go instance raised from 0 gets no public IP without AllocatePublicIp",
        ref: 23466,
        params: (w) => ({ InstanceId: w.stopped, InternetMaxBandwidthOut: 5 }),
        expect: { ok: true, check: async (b, w, call) => [expect((await instance(call, w.stopped)).PublicIpAddress.IpAddress).toEqual([]), expect(b.OrderId).toBeUndefined()] },
      },
      {
        name: "AllocatePublicIp=true gives it one",
        ref: "today",
        params: (w) => ({ InstanceId: w.stopped, InternetMaxBandwidthOut: 5, AllocatePublicIp: true }),
        expect: { ok: true, check: async (_b, w, call) => expect((await instance(call, w.stopped)).PublicIpAddress.IpAddress).toHaveLength(1) },
      },
      {
        name: "a subscription instance raised from 0 gets one by itself, and an order",
        ref: 23466,
        setup: async (w, call) => void (await call("ModifyInstanceChargeType", { InstanceIds: JSON.stringify([w.stopped]) })),
        params: (w) => ({ InstanceId: w.stopped, InternetMaxBandwidthOut: 5 }),
        expect: { ok: true, check: async (b, w, call) => [expect((await instance(call, w.stopped)).PublicIpAddress.IpAddress).toHaveLength(1), expect(b.OrderId).toMatch(/^\d+$/)] },
      },
      {
        name: "AllocatePublicIp without outbound bandwidth",
        params: (w) => ({ InstanceId: w.stopped, InternetMaxBandwidthOut: undefined, AllocatePublicIp: true }),
        expect: { code: "InvalidInternetMaxBandwidthOut.ValueNotSupported", status: 400 },
      },
      { name: "nothing to change", ref: 23768, params: () => ({ InternetMaxBandwidthOut: undefined }), expect: { code: "MissingParameter", status: 400 } },
      { name: "an instance being created", ref: 23800, setup: async (w, _c, admin) => void admin.modifyResource("instance", w.running, { status: "Pending" }), expect: { code: "IncorrectInstanceStatus", status: 403 } },
      { name: "an unknown instance", ref: 23868, params: () => ({ InstanceId: "i-nope" }), expect: notFound },
    ],
  },

  ModifyInstanceAutoReleaseTime: {
    base: (w) => ({ InstanceId: w.running, AutoReleaseTime: at(w.now, 24 * HOUR) }),
    cases: [
      { name: "sets the release time DescribeInstances shows", ref: "today", expect: { ok: true, check: async (_b, w, call) => expect((await instance(call, w.running)).AutoReleaseTime).toBe(minute(at(w.now, 24 * HOUR))) } },
      {
        name: "seconds are dropped to the minute",
        ref: "today",
        params: (w) => ({ AutoReleaseTime: at(w.now - (w.now % 60_000), 24 * HOUR + 45_000) }),
        expect: { ok: true, check: async (_b, w, call) => expect((await instance(call, w.running)).AutoReleaseTime).toBe(at(w.now - (w.now % 60_000), 24 * HOUR)) },
      },
      {
        name: "without AutoReleaseTime, cancels it",
        ref: "today",
        setup: async (w, call) => void (await call("ModifyInstanceAutoReleaseTime", { InstanceId: w.running, AutoReleaseTime: at(w.now, 24 * HOUR) })),
        params: () => ({ AutoReleaseTime: undefined }),
        expect: { ok: true, check: async (_b, w, call) => expect((await instance(call, w.running)).AutoReleaseTime).toBe("") },
      },
      { name: "less than 30 minutes ahead", ref: "today", params: (w) => ({ AutoReleaseTime: at(w.now, 10 * 60_000) }), expect: { code: "InvalidAutoReleaseTime.Malformed", status: 400 } },
      { name: "more than 3 years ahead", ref: "today", params: (w) => ({ AutoReleaseTime: at(w.now, 4 * 366 * 24 * HOUR) }), expect: { code: "InvalidAutoReleaseTime.Malformed", status: 400 } },
      { name: "not a UTC time", ref: "today", params: () => ({ AutoReleaseTime: "2099-01-01 10:00:00" }), expect: { code: "InvalidAutoReleaseTime.Malformed", status: 400 } },
      { name: "not a date at all (February 30th)", params: () => ({ AutoReleaseTime: "2099-02-30T10:00:00Z" }), expect: { code: "InvalidAutoReleaseTime.Malformed", status: 400 } },
      {
        name: "a subscription instance",
        ref: "today",
        setup: async (w, call) => void (await call("ModifyInstanceChargeType", { InstanceIds: JSON.stringify([w.running]) })),
        expect: { code: "ChargeTypeViolation", status: 403 },
      },
      { name: "an unknown instance", params: () => ({ InstanceId: "i-nope" }), expect: notFound },
    ],
  },

  ModifyInstanceChargeType: {
    base: (w) => ({ InstanceIds: JSON.stringify([w.running]), InstanceChargeType: "PrePaid", Period: 1, PeriodUnit: "Month" }),
    cases: [
      {
        name: "pay-as-you-go to subscription, with an order",
        ref: 8745,
        expect: { ok: true, check: async (b, w, call) => [expect(b.OrderId).toMatch(/^\d+$/), expect((await instance(call, w.running)).InstanceChargeType).toBe("PrePaid")] },
      },
      {
        name: "the system disk follows; data disks only with IncludeDataDisks (today's default false)",
        ref: "today",
        expect: { ok: true, check: async (_b, w, call) => expect(Object.fromEntries((await disksOf(call, w.running)).map((d) => [d.Type, d.DiskChargeType]))).toEqual({ system: "PrePaid", data: "PostPaid" }) },
      },
      {
        name: "IncludeDataDisks=true takes the data disks along",
        ref: 8790,
        params: () => ({ IncludeDataDisks: true }),
        expect: { ok: true, check: async (_b, w, call) => expect((await disksOf(call, w.running)).map((d) => d.DiskChargeType)).toEqual(["PrePaid", "PrePaid"]) },
      },
      {
        name: "back to pay-as-you-go, with fee details",
        ref: "today",
        setup: async (w, call) => void (await call("ModifyInstanceChargeType", { InstanceIds: JSON.stringify([w.running]), IncludeDataDisks: true })),
        params: () => ({ InstanceChargeType: "PostPaid", IsDetailFee: true }),
        expect: {
          ok: true,
          check: async (b, w, call) => [
            expect(b.FeeOfInstances.FeeOfInstance).toEqual([{ InstanceId: w.running, Fee: "0", Currency: "CNY" }]),
            expect((await disksOf(call, w.running)).map((d) => d.DiskChargeType)).toEqual(["PostPaid", "PostPaid"]),
          ],
        },
      },
      { name: "DryRun", params: () => ({ DryRun: true }), expect: { code: "DryRunOperation", status: 400 } },
      { name: "a period the unit does not offer", ref: "today", params: () => ({ Period: 10 }), expect: { code: "InvalidParameter", status: 400 } },
      { name: "InstanceIds not a JSON array", ref: 8969, params: () => ({ InstanceIds: '["i-1"' }), expect: { code: "InvalidParameter.InstanceIds", status: 400 } },
      { name: "an instance being created", ref: 8980, setup: async (w, _c, admin) => void admin.modifyResource("instance", w.running, { status: "Pending" }), expect: { code: "InvalidStatus.ValueNotSupported", status: 400 } },
      {
        name: "an instance with a release time cannot become a subscription",
        ref: 8994,
        setup: async (w, call) => void (await call("ModifyInstanceAutoReleaseTime", { InstanceId: w.running, AutoReleaseTime: at(w.now, 24 * HOUR) })),
        expect: { code: "ReleaseTimeHaveBeenSet", status: 400 },
      },
      { name: "an unknown instance", ref: 9041, params: (w) => ({ InstanceIds: JSON.stringify([w.running, "i-nope"]) }), expect: notFound },
    ],
  },

  DescribeUserData: {
    base: (w) => ({ InstanceId: w.running }),
    cases: [
      { name: "no user data: an empty string", ref: "today", expect: { ok: true, check: (b, w) => expect(b).toMatchObject({ InstanceId: w.running, RegionId: "cn-hangzhou", UserData: "" }) } },
      {
        name: "the user data as sent",
        ref: "today",
        setup: async (w, call) => void (await call("ModifyInstanceAttribute", { InstanceId: w.stopped, UserData: Buffer.from("#!/bin/sh\necho hi").toString("base64") })),
        params: (w) => ({ InstanceId: w.stopped }),
        expect: { ok: true, check: (b) => expect(Buffer.from(b.UserData, "base64").toString()).toBe("#!/bin/sh\necho hi") },
      },
      { name: "an unknown instance", params: () => ({ InstanceId: "i-nope" }), expect: notFound },
    ],
  },
};

const roles = async (call: Caller, ids: string[]): Promise<Array<[string, string]>> =>
  ((await call("DescribeInstanceRamRole", { InstanceIds: JSON.stringify(ids) })).body.InstanceRamRoleSets.InstanceRamRoleSet as Array<{ InstanceId: string; RamRoleName: string }>).map((r) => [r.InstanceId, r.RamRoleName]);
const attach = (role: string) => async (w: { running: string }, call: Caller) => void (await call("AttachInstanceRamRole", { InstanceIds: JSON.stringify([w.running]), RamRoleName: role }));

export const ramRoleTables: Record<string, ActionTable> = {
  AttachInstanceRamRole: {
    base: (w) => ({ InstanceIds: JSON.stringify([w.running, w.stopped]), RamRoleName: "EcsRole" }),
    cases: [
      {
        name: "attaches the role to each instance (no role configured: any name)",
        ref: 7365,
        expect: {
          ok: true,
          check: async (b, w, call) => [
            expect(b).toMatchObject({ RamRoleName: "EcsRole", TotalCount: 2, FailCount: 0 }),
            expect(b.AttachInstanceRamRoleResults.AttachInstanceRamRoleResult[0]).toEqual({ InstanceId: w.running, Success: true, Code: "200", Message: "success" }),
            expect(await roles(call, [w.running, w.stopped])).toEqual([
              [w.running, "EcsRole"],
              [w.stopped, "EcsRole"],
            ]),
          ],
        },
      },
      { name: "a configured role, in any case", setup: async (_w, _c, _a, sts) => void sts.putRole({ name: "EcsRole" }), params: () => ({ RamRoleName: "ecsrole" }), expect: { ok: true, check: (b) => expect(b.RamRoleName).toBe("EcsRole") } },
      { name: "a role RAM does not have", ref: 7545, setup: async (_w, _c, _a, sts) => void sts.putRole({ name: "OtherRole" }), expect: { code: "InvalidRamRole.NotFound", status: 404 } },
      {
        name: "an instance that has another role keeps it and fails in its result",
        ref: 7365,
        setup: attach("FirstRole"),
        expect: {
          ok: true,
          check: async (b, w, call) => [
            expect(b).toMatchObject({ TotalCount: 2, FailCount: 1 }),
            expect(b.AttachInstanceRamRoleResults.AttachInstanceRamRoleResult[0]).toMatchObject({ InstanceId: w.running, Success: false, Code: "InvalidRamRole.AlreadyAttached" }),
            expect(await roles(call, [w.running])).toEqual([[w.running, "FirstRole"]]),
          ],
        },
      },
      { name: "the role it has already: success", setup: attach("EcsRole"), expect: { ok: true, check: (b) => expect(b.FailCount).toBe(0) } },
      { name: "an unknown instance fails the call", ref: 7534, params: (w) => ({ InstanceIds: JSON.stringify([w.running, "i-nope"]) }), expect: notFound },
      { name: "InstanceIds not a JSON array", ref: 7453, params: () => ({ InstanceIds: '["i-1"' }), expect: { code: "InvalidInstanceIds.Malformed", status: 400 } },
      { name: "an additional policy longer than 1024 characters", ref: "today", params: () => ({ Policy: "x".repeat(1025) }), expect: { code: "InvalidParameter", status: 400 } },
    ],
  },

  DetachInstanceRamRole: {
    base: (w) => ({ InstanceIds: JSON.stringify([w.running]), RamRoleName: "EcsRole" }),
    cases: [
      {
        name: "detaches the role, naming the one each instance had",
        ref: 7555,
        setup: attach("EcsRole"),
        expect: {
          ok: true,
          check: async (b, w, call) => [
            expect(b).toMatchObject({ RamRoleName: "EcsRole", TotalCount: 1, FailCount: 0 }),
            expect(b.DetachInstanceRamRoleResults.DetachInstanceRamRoleResult[0]).toMatchObject({ InstanceId: w.running, Success: true, InstanceRamRoleSets: { InstanceRamRoleSet: [{ InstanceId: w.running, RamRoleName: "EcsRole" }] } }),
            expect(await roles(call, [w.running])).toEqual([[w.running, ""]]),
          ],
        },
      },
      { name: "without RamRoleName, whatever role it has", ref: "today", setup: attach("AnyRole"), params: () => ({ RamRoleName: undefined }), expect: { ok: true, check: (b) => expect(b).toMatchObject({ RamRoleName: "AnyRole", FailCount: 0 }) } },
      {
        name: "an instance without the role fails in its result",
        setup: attach("OtherRole"),
        expect: { ok: true, check: (b) => expect(b.DetachInstanceRamRoleResults.DetachInstanceRamRoleResult[0]).toMatchObject({ Success: false, Code: "InvalidRamRole.NotFound" }) },
      },
      { name: "a role RAM does not have", ref: 7771, setup: async (_w, _c, _a, sts) => void sts.putRole({ name: "OtherRole" }), expect: { code: "InvalidRamRole.NotFound", status: 404 } },
      { name: "an unknown instance fails the call", ref: 7759, params: () => ({ InstanceIds: JSON.stringify(["i-nope"]) }), expect: notFound },
      { name: "InstanceIds not a JSON array", ref: 7719, params: () => ({ InstanceIds: "[" }), expect: { code: "InvalidInstanceIds.Malformed", status: 400 } },
    ],
  },

  DescribeInstanceRamRole: {
    base: (w) => ({ InstanceIds: JSON.stringify([w.running]) }),
    cases: [
      { name: "an instance without a role: an empty RamRoleName", ref: "today", expect: { ok: true, check: (b, w) => expect(b).toMatchObject({ TotalCount: 1, RegionId: "cn-hangzhou", InstanceRamRoleSets: { InstanceRamRoleSet: [{ InstanceId: w.running, RamRoleName: "" }] } }) } },
      {
        name: "by role name: the instances that have it",
        ref: 8309,
        setup: attach("EcsRole"),
        params: () => ({ InstanceIds: undefined, RamRoleName: "EcsRole" }),
        expect: { ok: true, check: (b, w) => expect(b.InstanceRamRoleSets.InstanceRamRoleSet).toEqual([{ InstanceId: w.running, RamRoleName: "EcsRole" }]) },
      },
      { name: "neither InstanceIds nor RamRoleName", ref: "today", params: () => ({ InstanceIds: undefined }), expect: { code: "MissingParameter.InstanceIds", status: 400 } },
      { name: "a role RAM does not have", ref: 8428, setup: async (_w, _c, _a, sts) => void sts.putRole({ name: "OtherRole" }), params: () => ({ RamRoleName: "EcsRole" }), expect: { code: "InvalidRamRole.NotFound", status: 404 } },
      { name: "an unknown instance", ref: 8417, params: () => ({ InstanceIds: JSON.stringify(["i-nope"]) }), expect: notFound },
      { name: "InstanceIds not a JSON array", ref: 8387, params: () => ({ InstanceIds: "[" }), expect: { code: "InvalidInstanceIds.Malformed", status: 400 } },
    ],
  },
};
