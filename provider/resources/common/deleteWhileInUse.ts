/** Deletes that ECS refuses while dependants remain (instances in a security group or a deployment
 *  set, a key pair still attached): the attempt is repeated at the shared poller's cadence until it
 *  succeeds or the delete deadline passes. The loop is the provider's rather than the client's
 *  retry on purpose: every attempt runs to its answer (none is cut off by the deadline), so the
 *  error that ends the loop is always the last "still in use" answer and the caller can turn it
 *  into a clear message. */
import { isEcsError, type EcsError, type Params } from "../../client";
import { poller } from "../../wait";
import type { OpContext } from "./define";

/** The delete was still refused with one of the busy codes when the deadline came. */
export class StillInUseError extends Error {
  constructor(
    readonly last: EcsError,
    readonly attempts: number,
  ) {
    super(`${last.action} still refused after ${attempts} attempt(s): ${last.code}`, { cause: last });
  }
}

/** Calls `action` until it stops answering one of `busyCodes`. Other errors escape at once. */
export async function deleteWhileInUse(ctx: OpContext, action: string, params: Params, busyCodes: readonly string[], what: string): Promise<void> {
  const p = poller();
  const { fastMs, maxMs, progressAfterMs, log } = p.config;
  const started = p.now();
  let interval = fastMs;
  let reported = false;
  for (let attempts = 1; ; attempts++) {
    try {
      await ctx.client.call(action, params, { idempotent: true });
      return;
    } catch (err) {
      if (!isEcsError(err, ...busyCodes)) throw err;
      if (p.now() + interval >= ctx.deadline) throw new StillInUseError(err, attempts);
      if (!reported && p.now() - started >= progressAfterMs) {
        reported = true;
        log(`${ctx.label}: waiting for ${what} (${err.code}); giving up at the delete deadline`);
      }
      await p.sleep(interval);
      interval = Math.min(maxMs, interval * 2);
    }
  }
}
