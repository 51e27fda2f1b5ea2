/** The baseline waiter: Terraform's resource.StateChangeConf.WaitForState as the alicloud
 *  provider configures it for an instance create (BuildStateConf: Delay 10 s, MinTimeout 3 s).
 *  One refresh = one Describe call for this one resource; nothing is shared between resources.
 *
 *  Schedule (terraform-plugin-sdk helper/resource/state.go): sleep Delay, refresh at once,
 *  then wait 0.2 s raised to MinTimeout (3 s), doubling after each refresh (6 s), capped at 10 s. */
import { setTimeout as sleep } from "node:timers/promises";

export interface StateChangeConf {
  /** Statuses that end the wait. */
  target: readonly string[];
  /** One Describe of this resource: its status, or undefined when not found. */
  refresh(): Promise<string | undefined>;
  timeoutMs: number;
  delayMs: number;
  minTimeoutMs: number;
}

/** The alicloud provider's settings for alicloud_instance create (resource_alicloud_instance.go). */
export const TERRAFORM_INSTANCE_WAIT = { delayMs: 10_000, minTimeoutMs: 3000 } as const;

const MAX_WAIT_MS = 10_000;

export async function waitForState(conf: StateChangeConf): Promise<string> {
  const deadline = Date.now() + conf.timeoutMs;
  await sleep(conf.delayMs);
  let wait = 0;
  for (;;) {
    if (wait > 0) await sleep(wait);
    else wait = 100; // "first round had no wait"
    const status = await conf.refresh();
    if (status !== undefined && conf.target.includes(status)) return status;
    if (Date.now() >= deadline) throw new Error(`timeout while waiting for ${conf.target.join("/")} (last state: ${status ?? "not found"})`);
    wait = Math.min(MAX_WAIT_MS, Math.max(conf.minTimeoutMs, wait * 2));
  }
}
