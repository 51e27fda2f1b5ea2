/** Deletes that ECS refuses while dependants remain (instances in a security group or a deployment
 *  set, a key pair still attached). The client repeats them until the delete deadline: the action
 *  table lists those "still in use" codes as the delete's busy codes (actions.ts). This turns the
 *  last refusal into an error the caller can make a clear message of, and prints a progress line
 *  while it waits. */
import { actionRule, isEcsError, type EcsError, type Params } from "../../client";
import { poller } from "../../wait";
import { remainingMs, type OpContext } from "./define";

/** The delete was still refused as in use when the deadline came. */
export class StillInUseError extends Error {
  constructor(
    readonly last: EcsError,
    readonly attempts: number,
  ) {
    super(`${last.action} still refused after ${attempts} attempt(s): ${last.code}`, { cause: last });
  }
}

/** Calls `action` until ECS stops answering one of the action's "in use" codes or the delete
 *  deadline passes. Other errors escape at once. */
export async function deleteWhileInUse(ctx: OpContext, action: string, params: Params, what: string): Promise<void> {
  const inUse = actionRule(action).busy ?? [];
  if (inUse.length === 0) throw new Error(`${action} has no "in use" codes in the action table; this is a provider bug`);
  const { progressAfterMs, log } = poller().config;
  let reported = false;
  try {
    await ctx.client.call(action, params, {
      deadlineMs: remainingMs(ctx),
      onRetry: ({ code, elapsedMs }) => {
        if (reported || elapsedMs < progressAfterMs || !inUse.includes(code)) return;
        reported = true;
        log(`${ctx.label}: waiting for ${what} (${code}); giving up at the delete deadline`);
      },
    });
  } catch (err) {
    if (isEcsError(err, ...inUse)) throw new StillInUseError(err, err.attempts);
    throw err;
  }
}
