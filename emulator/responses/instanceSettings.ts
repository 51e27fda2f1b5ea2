/** Instance actions on bandwidth, billing, automatic release and user data: requests and answers
 *  (the rules are in models/instances.ts and models/instanceBilling.ts). */
import { BANDWIDTH_IN, BANDWIDTH_OUT, INTERNET_CHARGE_TYPES, MAX_INSTANCES_PER_CHARGE_TYPE_CALL, SUBSCRIPTION_PERIODS } from "../../provider/spec/limits";
import { ApiError } from "../errors";
import { modifyChargeType, orderId, setAutoReleaseTime } from "../models/instanceBilling";
import { modifyInstanceNetworkSpec } from "../models/instances";
import { find } from "../models/lookup";
import { INSTANCE, instanceParam } from "./instances";
import { action, P, REGION_ID, type Action } from "./spec";

const PERIOD_UNITS = Object.keys(SUBSCRIPTION_PERIODS);

export const instanceSettingsActions: Record<string, Action> = {
  ModifyInstanceNetworkSpec: action(
    {
      kind: "instance",
      summary: "Changes a Running or Stopped instance's Internet bandwidth (up or down) and network billing method, and can give it a public IP.",
      params: {
        ...INSTANCE,
        InternetMaxBandwidthOut: P.integer({ min: BANDWIDTH_OUT.min, max: BANDWIDTH_OUT.max, invalid: { code: "InvalidInternetMaxBandwidthOut.ValueNotSupported" } }),
        InternetMaxBandwidthIn: P.integer({ min: BANDWIDTH_IN.min, max: BANDWIDTH_IN.max, invalid: { code: "InvalidInternetMaxBandwidthIn.ValueNotSupported" } }),
        NetworkChargeType: P.string({ values: INTERNET_CHARGE_TYPES, invalid: { code: "InvalidInternetChargeType.ValueNotSupported" }, doc: "the instance's InternetChargeType" }),
        AllocatePublicIp: P.boolean({ default: false, doc: "pay-as-you-go instances: a public IP (with outbound bandwidth above 0)" }),
        AutoPay: P.boolean({ default: true }),
        StartTime: P.string({ doc: "temporary upgrades of subscription instances: accepted, not modelled" }),
        EndTime: P.string({ doc: "temporary upgrades of subscription instances: accepted, not modelled" }),
        ClientToken: P.string(),
      },
      notes: [
        "A subscription (PrePaid) instance gets a public IP when its outbound bandwidth rises from 0; a pay-as-you-go one only with AllocatePublicIp=true.",
        "OrderId is returned for subscription instances only.",
        "No cooldown between changes: today's reference drops the 2019 text's five minutes.",
      ],
    },
    (ctx) => {
      const { reg, inst } = instanceParam(ctx);
      const p = ctx.params;
      modifyInstanceNetworkSpec(ctx, reg, inst, {
        bandwidthOut: p.int("InternetMaxBandwidthOut"),
        bandwidthIn: p.int("InternetMaxBandwidthIn"),
        internetChargeType: p.str("NetworkChargeType"),
        allocatePublicIp: p.bool("AllocatePublicIp")!,
      });
      return inst.instanceChargeType === "PrePaid" ? { OrderId: orderId(ctx.requestId) } : {};
    },
  ),

  ModifyInstanceAutoReleaseTime: action(
    {
      kind: "instance",
      summary: "Sets or, without AutoReleaseTime, cancels when a pay-as-you-go instance is released automatically.",
      params: { ...INSTANCE, AutoReleaseTime: P.string({ doc: "UTC yyyy-MM-ddTHH:mm:ssZ, 30 minutes to 3 years ahead; seconds are dropped" }) },
      notes: [
        "A bad time: InvalidAutoReleaseTime.Malformed (400); a subscription instance: ChargeTypeViolation (403).",
        "When the emulated clock passes the time, the instance is released (deletion protection does not stop it), with its DeleteWithInstance disks.",
        "DescribeInstances shows the time in AutoReleaseTime.",
      ],
    },
    (ctx) => {
      const { reg, inst } = instanceParam(ctx);
      setAutoReleaseTime(ctx, reg, inst, ctx.params.str("AutoReleaseTime"));
      return {};
    },
  ),

  ModifyInstanceChargeType: action(
    {
      kind: "instance",
      summary: "Changes up to 20 Running or Stopped instances between pay-as-you-go and subscription billing, all or none.",
      params: {
        ...REGION_ID,
        InstanceIds: P.jsonList({ required: true, maxItems: MAX_INSTANCES_PER_CHARGE_TYPE_CALL, invalid: { code: "InvalidParameter.InstanceIds" }, tooMany: { code: "InstancesIdQuotaExceed" } }),
        InstanceChargeType: P.string({ values: ["PrePaid", "PostPaid"], default: "PrePaid" }),
        Period: P.integer({ min: 1, max: 60, default: 1, doc: "by unit: Week 1-4; Month 1-9, 12, 24, 36, 48, 60; Year 1-5" }),
        PeriodUnit: P.string({ values: PERIOD_UNITS, default: "Month" }),
        IncludeDataDisks: P.boolean({ default: false, doc: "to subscription: the attached data disks too (the system disk always follows)" }),
        AutoPay: P.boolean({ default: true }),
        IsDetailFee: P.boolean({ default: false, doc: "to pay-as-you-go: FeeOfInstances (zero fees)" }),
        DryRun: P.boolean({ default: false }),
        ClientToken: P.string(),
      },
      notes: [
        "An instance that is not Running or Stopped: InvalidStatus.ValueNotSupported (400); one with an automatic release time cannot become a subscription (ReleaseTimeHaveBeenSet, 400).",
        "Disks follow: the system disk always, attached data disks with IncludeDataDisks=true (DescribeDisks DiskChargeType).",
      ],
    },
    (ctx) => {
      const reg = ctx.region();
      const p = ctx.params;
      const unit = p.str("PeriodUnit")!;
      const period = p.int("Period")!;
      if (!SUBSCRIPTION_PERIODS[unit]!.includes(period))
        throw new ApiError("InvalidParameter", `The specified parameter "Period" is not valid: with PeriodUnit=${unit} it is one of ${SUBSCRIPTION_PERIODS[unit]!.join(", ")}.`, 400);
      const instances = [...new Set(p.jsonList("InstanceIds")!)].map((id) => find(reg, "instance", id));
      const target = p.str("InstanceChargeType") as "PrePaid" | "PostPaid";
      modifyChargeType(ctx, reg, instances, { target, includeDataDisks: p.bool("IncludeDataDisks")!, dryRun: p.bool("DryRun")! });
      return {
        OrderId: orderId(ctx.requestId),
        ...(target === "PostPaid" && p.bool("IsDetailFee") && { FeeOfInstances: { FeeOfInstance: instances.map((i) => ({ InstanceId: i.id, Fee: "0", Currency: "CNY" })) } }),
      };
    },
  ),

  DescribeUserData: action(
    { kind: "instance", summary: "Returns an instance's user data (Base64, as sent; empty when it has none).", params: { ...REGION_ID, InstanceId: P.string({ required: true }) } },
    (ctx) => {
      const reg = ctx.region();
      const inst = find(reg, "instance", ctx.params.need("InstanceId"));
      return { RegionId: reg.regionId, InstanceId: inst.id, UserData: inst.userData ?? "" };
    },
  ),
};
