/** What an instance costs and how long it lives: its billing method (pay-as-you-go or subscription,
 *  with its disks) and its automatic release time. No money moves: orders are numbers, fees zero. */
import { autoReleaseTimeOf, autoReleaseTimeProblem } from "../../provider/spec/limits";
import { ApiError } from "../errors";
import type { InstanceRecord, RegionState } from "../state";
import { scheduleAutoRelease } from "../sweep";
import type { ModelContext } from "./context";
import { incorrectInstanceStatus, instanceStatus } from "./instanceStatus";

export type ChargeType = InstanceRecord["instanceChargeType"];

const chargeTypeViolation = (inst: InstanceRecord, what: string): ApiError =>
  new ApiError("ChargeTypeViolation", `The operation is not permitted due to charge type of the instance: ${inst.id} is a subscription (PrePaid) instance; ${what}.`, 403);

/** ModifyInstanceAutoReleaseTime: sets (30 minutes to 3 years ahead, seconds dropped) or, with no time, cancels it. */
export function setAutoReleaseTime(m: ModelContext, reg: RegionState, inst: InstanceRecord, value: string | undefined): void {
  if (value !== undefined) {
    const problem = autoReleaseTimeProblem(value, m.now());
    if (problem) throw new ApiError("InvalidAutoReleaseTime.Malformed", `The specified parameter "AutoReleaseTime" is not valid: it ${problem}.`, 400);
  }
  if (inst.instanceChargeType === "PrePaid") throw chargeTypeViolation(inst, "only pay-as-you-go instances are released automatically");
  if (inst.releaseAt !== undefined) throw incorrectInstanceStatus(`Instance ${inst.id} is being released.`);
  scheduleAutoRelease(reg, inst, value === undefined ? undefined : autoReleaseTimeOf(value));
}

/** The release time a RunInstances request asks for, checked (undefined: none). */
export function launchAutoReleaseTime(m: ModelContext, value: string | undefined, chargeType: ChargeType): string | undefined {
  if (value === undefined) return undefined;
  const problem = autoReleaseTimeProblem(value, m.now());
  if (problem) throw new ApiError("InvalidAutoReleaseTime.Malformed", `The specified parameter "AutoReleaseTime" is not valid: it ${problem}.`, 400);
  if (chargeType === "PrePaid") throw new ApiError("InvalidParameter.Conflict", `AutoReleaseTime applies to pay-as-you-go instances only, not to InstanceChargeType=PrePaid.`, 400);
  return autoReleaseTimeOf(value);
}

export interface ChargeTypeChange {
  target: ChargeType;
  /** Pay-as-you-go → subscription: the attached pay-as-you-go data disks become subscription disks too. */
  includeDataDisks: boolean;
  dryRun: boolean;
}

/** ModifyInstanceChargeType on every instance, all or none: each must be Running or Stopped and, to become
 *  a subscription, have no automatic release time. An instance already billed so stays as it is. */
export function modifyChargeType(m: ModelContext, reg: RegionState, instances: readonly InstanceRecord[], change: ChargeTypeChange): void {
  for (const inst of instances) {
    const status = instanceStatus(inst, m.now());
    if (inst.releaseAt !== undefined || (status !== "Running" && status !== "Stopped"))
      throw new ApiError("InvalidStatus.ValueNotSupported", `The current status of the resource does not support this operation: ${inst.id} is ${status}; the billing method changes only while Running or Stopped.`, 400);
    if (change.target === "PrePaid" && inst.autoReleaseTime)
      throw new ApiError("ReleaseTimeHaveBeenSet", `The specified instance ${inst.id} has been set released time (${inst.autoReleaseTime}): cancel it first (ModifyInstanceAutoReleaseTime).`, 400);
  }
  if (change.dryRun) throw new ApiError("DryRunOperation", "Request validation has been passed with DryRun flag set.", 400);
  for (const inst of instances) {
    inst.instanceChargeType = change.target;
    for (const disk of Object.values(reg.disks)) {
      if (disk.instanceId !== inst.id) continue;
      if (change.target === "PostPaid") delete disk.chargeType;
      else if (disk.type === "system" || change.includeDataDisks) disk.chargeType = "PrePaid";
    }
  }
}

/** An order number, as billing would issue one (digits only). */
export const orderId = (requestId: string): string => String(parseInt(requestId.replace(/[^0-9a-f]/gi, "").slice(0, 12), 16)).padStart(15, "1");
