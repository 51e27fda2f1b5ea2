/** Deletes that ECS refuses while dependants remain (instances in a security group or a deployment
 *  set, a key pair still attached). The client repeats them (its action table lists those codes as
 *  busy for these deletes) until the delete deadline; this turns the last refusal into an error the
 *  caller can make a clear message of, and prints a progress line while it waits. */
import { isEcsError, type EcsError, type Params } from "../../client";
import { poller } from "../../wait";
import { remainingMs, type OpContext } from "./define";

/** The delete was still refused with one of the busy codes when the deadline came. */
export class StillInUseError extends Error {
  constructor(
    readonly last: EcsError,
    readonly attempts: number,
  ) {
    super(`${last.action} still refused after ${attempts} attempt(s): ${last.code}`, { cause: last });
  }
}

/** Calls `action` until it stops answering one of `busyCodes` or the delete deadline passes.
 *  Other errors escape at once. */
export async function deleteWhileInUse(ctx: OpContext, action: string, params: Params, busyCodes: readonly string[], what: string): Promise<void> {
  const { progressAfterMs, log } = poller().config;
  let reported = false;
  try {
    await ctx.client.call(action, params, {
      retryCodes: busyCodes,
      deadlineMs: remainingMs(ctx),
      onRetry: ({ code, elapsedMs }) => {
        if (reported || elapsedMs < progressAfterMs || !busyCodes.includes(code)) return;
        reported = true;
        log(`${ctx.label}: waiting for ${what} (${code}); giving up at the delete deadline`);
      },
    });
  } catch (err) {
    if (isEcsError(err, ...busyCodes)) throw new StillInUseError(err, err.attempts);
    throw err;
  }
}
