/** The client's one retry policy. What may be repeated is the action table's (actions.ts); how long
 *  is the call's deadline (CallOptions.deadlineMs), never a fixed count unless the caller asks for
 *  one (maxRetries). Every attempt is signed anew by the caller's `attempt`. */
import { actionRule, AMBIGUOUS_CODES, BUSY_CODES, type ActionRule } from "./actions";
import type { ClientClock } from "./clock";
import { EcsError } from "./errors";

/** Network failures (undici and node codes) that may clear on another attempt. */
export const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
]);

export interface RetrySettings {
  /** Most attempts after the first; Infinity (the default): as many as the deadline allows. */
  maxRetries: number;
  /** First backoff ceiling; doubles each retry (full jitter picks uniformly in [0, ceiling]). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound for a server-requested x-acs-retry-after. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { maxRetries: Infinity, baseDelayMs: 200, maxDelayMs: 20_000, maxRetryAfterMs: 120_000 };

export function isThrottling(code: string): boolean {
  return code.includes("Throttling");
}

/** How one call may be repeated: its action's rule, adjusted by the call itself. */
export interface CallPolicy {
  rule: ActionRule;
  /** Whether an attempt that may have reached ECS can be sent again. */
  repeatable: boolean;
  /** Codes that mean "refused, nothing done": the common ones, the action's, the call's. */
  busy: ReadonlySet<string>;
}

/** The policy of `action` with these (flat) parameters. */
export function callPolicy(action: string, flatParams: Readonly<Record<string, string>>): CallPolicy {
  const rule = actionRule(action);
  // A ClientToken makes ECS answer a repeat with the first result, whatever the action.
  const repeatable = rule.safety === "natural" || rule.safety === "readBack" || (flatParams.ClientToken ?? "") !== "";
  return { rule, repeatable, busy: rule.busy?.length ? new Set([...BUSY_CODES, ...rule.busy]) : BUSY_CODES };
}

/** The answer a call gets when ECS says (or a read-back shows) that the wanted state already
 *  holds: no action answer to return, so this says why the call counts as done. */
export interface AlreadyDone {
  RequestId?: string;
  AlreadyDone: {
    /** The code ECS answered (e.g. InvalidDiskId.NotFound for a delete), or "ReadBack". */
    code: string;
    message: string;
  };
}

/** The answers runWithRetries made up. Known by identity, so telling one from an action's answer
 *  never reads a field of that answer (the wire-contract log would count it as a read). */
const madeUp = new WeakSet<object>();

export function isAlreadyDone(answer: unknown): answer is AlreadyDone {
  return typeof answer === "object" && answer !== null && madeUp.has(answer);
}

export type RetryOutcome = "retry" | "fail" | "done";

export interface RetryDecision {
  outcome: RetryOutcome;
  /** Why (for debug logs), or why not. */
  reason: string;
  /** The failed attempt may have taken effect (a later read-back or doneOnRepeat code may count). */
  ambiguous: boolean;
  /** ECS refused for now (busy, not throttling): a read-back may show the wanted state holds. */
  refused: boolean;
}

const isAmbiguous = (err: EcsError): boolean =>
  err.mayHaveReachedServer && (AMBIGUOUS_CODES.has(err.code) || err.httpStatus >= 500 || (err.httpStatus === 0 && TRANSIENT_NETWORK_CODES.has(err.code)));

/** What to do after a failed attempt:
 *  - the action's `already` codes, and its `doneOnRepeat` codes after an earlier attempt that may
 *    have taken effect: done;
 *  - throttling and busy codes (ECS refused before doing anything): retry, for every action;
 *  - a failure before the request left (connection refused, connect timeout): retry;
 *  - 5xx, ServiceUnavailable/InternalError/UnknownError and network failures after the request
 *    may have reached ECS: retry only when the action may be repeated;
 *  - anything else: fail. */
export function decide(err: EcsError, p: CallPolicy, repeatAfterAmbiguity: boolean): RetryDecision {
  const d = (outcome: RetryOutcome, reason: string, ambiguous = false, refused = false): RetryDecision => ({ outcome, reason, ambiguous, refused });
  if (p.rule.already?.includes(err.code)) return d("done", `${err.code}: already in the wanted state`);
  if (repeatAfterAmbiguity && p.rule.doneOnRepeat?.includes(err.code)) return d("done", `${err.code} after an attempt that may have taken effect`);
  if (isThrottling(err.code)) return d("retry", `throttled (${err.code})`);
  if (p.busy.has(err.code)) return d("retry", `busy (${err.code})`, false, true);
  const network = err.httpStatus === 0 && TRANSIENT_NETWORK_CODES.has(err.code);
  if (!(AMBIGUOUS_CODES.has(err.code) || err.httpStatus >= 500 || network)) return d("fail", `${err.code} is not transient`);
  if (!err.mayHaveReachedServer) return d("retry", `${err.code} before the request was sent`);
  const what = `${err.code}${err.httpStatus ? ` (HTTP ${err.httpStatus})` : ""}`;
  if (p.repeatable) return d("retry", `${what}; safe to repeat (${p.rule.safety === "unsafe" ? "ClientToken" : p.rule.safety})`, isAmbiguous(err));
  return d("fail", `${what} may have taken effect and ${p.rule.safety === "clientToken" ? "there is no ClientToken" : "the action is unsafe to repeat"}`, true);
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base·2^retry)]. */
export function backoffDelay(retry: number, s: Pick<RetrySettings, "baseDelayMs" | "maxDelayMs">, random: () => number = Math.random): number {
  const ceiling = Math.min(s.maxDelayMs, s.baseDelayMs * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}

/** The wait before the next attempt: the server's x-acs-retry-after when given (milliseconds,
 * as the official SDK reads it; capped), else full-jitter backoff. */
export function delayBeforeRetry(err: EcsError, retry: number, s: RetrySettings, random?: () => number): number {
  if (err.retryAfterMs !== undefined) return Math.min(err.retryAfterMs, s.maxRetryAfterMs);
  return backoffDelay(retry, s, random);
}

export interface RunWithRetriesOptions {
  settings: RetrySettings;
  policy: CallPolicy;
  /** Absolute time (ms, on `clock`) after which no new attempt starts. */
  deadline: number;
  clock: ClientClock;
  /** The action's read-back, bound to the call (see ActionRule.verify). */
  verify?: () => Promise<boolean>;
  onRetry?: (err: EcsError, decision: RetryDecision, delayMs: number, attempt: number) => void;
  onDone?: (how: string, attempt: number) => void;
}

/** Time kept for the attempt after a wait: no wait ends closer to the deadline than this. */
const ROOM_FOR_ATTEMPT_MS = 1000;

type PRetryModule = typeof import("p-retry");
let pRetryModule: Promise<PRetryModule> | undefined;
/** p-retry (ESM) is loaded on the first retry only: most calls succeed at once. */
function loadPRetry(): Promise<PRetryModule> {
  return (pRetryModule ??= import("p-retry"));
}

function doneAnswer(code: string, message: string, requestId?: string): AlreadyDone {
  const answer: AlreadyDone = { ...(requestId ? { RequestId: requestId } : {}), AlreadyDone: { code, message } };
  madeUp.add(answer);
  return answer;
}

/** Runs `attempt` with the policy above; `attempt` must throw EcsError. The first attempt runs
 *  directly (the hot path); once it fails with a transient error, p-retry drives the rest, with
 *  the delays chosen here (p-retry's own are switched off). Before a repeat that follows an
 *  ambiguous failure or a busy refusal, the action's read-back (if any) may end the call as done. */
export async function runWithRetries<T>(attempt: (n: number) => Promise<T>, o: RunWithRetriesOptions): Promise<T | AlreadyDone> {
  let ambiguousBefore = false; // an earlier attempt may have taken effect
  let verifyNext = false;
  let lastDecision: RetryDecision | undefined;

  const oneAttempt = async (n: number): Promise<T | AlreadyDone> => {
    if (verifyNext && o.verify) {
      verifyNext = false;
      // A failed read-back only means "not known": the call is sent again.
      if (await o.verify().catch(() => false)) {
        o.onDone?.("read-back", n);
        return doneAnswer("ReadBack", `a read-back after ${lastDecision?.reason ?? "an earlier attempt"} shows the wanted state`);
      }
    }
    try {
      return await attempt(n);
    } catch (e) {
      if (!(e instanceof EcsError)) throw e;
      const decision = decide(e, o.policy, ambiguousBefore);
      lastDecision = decision;
      if (decision.outcome === "done") {
        o.onDone?.(decision.reason, n);
        return doneAnswer(e.code, e.ecsMessage, e.requestId);
      }
      e.retryable = decision.outcome === "retry";
      e.attempts = n;
      ambiguousBefore ||= decision.ambiguous;
      throw e;
    }
  };

  /** Decides on a retry after attempt `n` failed, sleeping the delay when it goes ahead. */
  const retryAfter = async (error: unknown, n: number): Promise<boolean> => {
    if (!(error instanceof EcsError) || !error.retryable || !lastDecision) return false;
    if (n > o.settings.maxRetries) return false;
    const delay = delayBeforeRetry(error, n - 1, o.settings);
    // A wait that leaves no room for the next attempt ends the call with this (informative) error;
    // a backoff is cut to leave that room, a server-requested wait is not.
    const room = o.deadline - o.clock.now() - ROOM_FOR_ATTEMPT_MS;
    if (room <= 0 || (delay > room && error.retryAfterMs !== undefined)) return false;
    const wait = Math.min(delay, room);
    verifyNext = lastDecision.ambiguous || lastDecision.refused || (ambiguousBefore && lastDecision.outcome === "retry");
    o.onRetry?.(error, lastDecision, wait, n);
    await o.clock.sleep(wait); // even 0: every retry yields to the clock (and to a virtual one in tests)
    return true;
  };

  try {
    return await oneAttempt(1);
  } catch (first) {
    if (!(await retryAfter(first, 1))) throw first;
  }
  const { default: pRetry } = await loadPRetry();
  return pRetry((n) => oneAttempt(n + 1), {
    retries: Infinity,
    minTimeout: 0,
    maxTimeout: 0,
    shouldRetry: ({ error, attemptNumber }) => retryAfter(error, attemptNumber + 1),
  });
}

export type { ActionRule } from "./actions";
