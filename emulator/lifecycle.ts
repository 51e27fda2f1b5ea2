/** Status machines as timed plans: a resource's status is the last step whose time has come, so
 *  advancing the clock moves every resource without any background timer. */
import type { Clock } from "./clock";
import { DEFAULT_DELAYS, type DelayProfile } from "./defaults";
import type { StatusStep } from "./state";

export function statusAt(plan: readonly StatusStep[], now: number): string {
  let current = plan[0]?.status ?? "Unknown";
  for (const step of plan) {
    if (step.at <= now) current = step.status;
    else break;
  }
  return current;
}

/** True when the plan has reached its last step (no transition is still under way). */
export function settled(plan: readonly StatusStep[], now: number): boolean {
  return plan.length === 0 || plan[plan.length - 1].at <= now;
}

export class Timing {
  delays: DelayProfile;

  constructor(
    readonly clock: Clock,
    public scale = 1,
    delays: Partial<DelayProfile> = {},
  ) {
    this.delays = { ...DEFAULT_DELAYS, ...delays };
  }

  /** Scaled duration of one transition. */
  delay(key: keyof DelayProfile): number {
    return Math.round(this.delays[key] * this.scale);
  }

  /** Builds a plan from now: plan("Pending", ["Starting", "instancePending"], ["Running", "instanceStarting"]). */
  plan(first: string, ...next: Array<[status: string, after: keyof DelayProfile]>): StatusStep[] {
    let at = this.clock.now();
    const steps: StatusStep[] = [{ status: first, at }];
    for (const [status, key] of next) {
      at += this.delay(key);
      steps.push({ status, at });
    }
    return steps;
  }
}
