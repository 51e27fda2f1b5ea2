import { EcsError } from "./errors";

/** Codes that are worth another attempt for any call: flow control and transient server trouble. */
export const TRANSIENT_SERVER_CODES: ReadonlySet<string> = new Set(["ServiceUnavailable", "InternalError", "UnknownError", "Rejected.Throttling"]);

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
  /** Attempts after the first. */
  maxRetries: number;
  /** First backoff ceiling; doubles each retry (full jitter picks uniformly in [0, ceiling]). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound for a server-requested x-acs-retry-after. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { maxRetries: 6, baseDelayMs: 200, maxDelayMs: 20_000, maxRetryAfterMs: 120_000 };

export function isThrottling(code: string): boolean {
  return code.includes("Throttling");
}

/** Describe…, List…, Get…, Query… only read; a ClientToken makes a write safe to repeat. */
export function isIdempotentCall(action: string, flatParams: Readonly<Record<string, string>>, explicit?: boolean): boolean {
  if (explicit !== undefined) return explicit;
  return /^(Describe|List|Get|Query)/.test(action) || (flatParams.ClientToken ?? "") !== "";
}

export interface RetryDecision {
  retry: boolean;
  /** Why (for debug logs), or why not. */
  reason: string;
}

/** Whether a failed attempt may be repeated.
 *  - Flow control (Throttling*) and the caller's extra codes are rejections before any work is
 *    done, so they are retried for every call.
 *  - 5xx, InternalError/ServiceUnavailable/UnknownError and network failures after the request
 *    may have reached the server are retried only for idempotent calls.
 *  - A request that never left (connection refused, connect timeout) is always safe to repeat. */
export function classify(err: EcsError, idempotent: boolean, retryCodes: readonly string[]): RetryDecision {
  if (isThrottling(err.code)) return { retry: true, reason: `throttled (${err.code})` };
  if (retryCodes.includes(err.code)) return { retry: true, reason: `transient state (${err.code})` };
  const transient =
    TRANSIENT_SERVER_CODES.has(err.code) || err.httpStatus >= 500 || (err.httpStatus === 0 && TRANSIENT_NETWORK_CODES.has(err.code));
  if (!transient) return { retry: false, reason: `${err.code} is not transient` };
  if (!err.mayHaveReachedServer) return { retry: true, reason: `${err.code} before the request was sent` };
  if (idempotent) return { retry: true, reason: `${err.code}${err.httpStatus ? ` (HTTP ${err.httpStatus})` : ""}` };
  return { retry: false, reason: `${err.code} on a non-idempotent call without ClientToken` };
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base·2^retry)]. */
export function backoffDelay(retry: number, s: Pick<RetrySettings, "baseDelayMs" | "maxDelayMs">, random: () => number = Math.random): number {
  const ceiling = Math.min(s.maxDelayMs, s.baseDelayMs * 2 ** retry);
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
  idempotent: boolean;
  retryCodes: readonly string[];
  /** Absolute time (ms, Date.now clock) after which no new attempt starts. */
  deadline: number;
  onRetry?: (err: EcsError, decision: RetryDecision, delayMs: number, attempt: number) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

type PRetryModule = typeof import("p-retry");
let pRetryModule: Promise<PRetryModule> | undefined;
/** p-retry (ESM) is loaded on the first retry only: most calls succeed at once. */
function loadPRetry(): Promise<PRetryModule> {
  return (pRetryModule ??= import("p-retry"));
}

/** Runs `attempt` with the policy above; `attempt` must throw EcsError. The first attempt runs
 * directly (the hot path); once it fails with a transient error, p-retry drives the rest. */
export async function runWithRetries<T>(attempt: (n: number) => Promise<T>, o: RunWithRetriesOptions): Promise<T> {
  // Classify as each attempt fails, so the error that finally escapes says whether it was transient.
  const classified = async (n: number): Promise<T> => {
    try {
      return await attempt(n);
    } catch (e) {
      if (e instanceof EcsError) e.retryable = classify(e, o.idempotent, o.retryCodes).retry;
      throw e;
    }
  };
  /** Decides on a retry after attempt `n` failed, sleeping the delay when it goes ahead. */
  const retryAfter = async (error: unknown, n: number): Promise<boolean> => {
    if (!(error instanceof EcsError)) return false;
    const decision = classify(error, o.idempotent, o.retryCodes);
    if (!decision.retry) return false;
    const delay = delayBeforeRetry(error, n - 1, o.settings);
    if (Date.now() + delay >= o.deadline) return false;
    o.onRetry?.(error, decision, delay, n);
    if (delay > 0) await sleep(delay);
    return true;
  };

  try {
    return await classified(1);
  } catch (first) {
    if (o.settings.maxRetries <= 0 || !(await retryAfter(first, 1))) throw first;
  }
  const { default: pRetry } = await loadPRetry();
  return pRetry((n) => classified(n + 1), {
    retries: o.settings.maxRetries - 1,
    // p-retry's own delay is switched off: shouldRetry sleeps the full-jitter/retry-after delay.
    minTimeout: 0,
    maxTimeout: 0,
    shouldRetry: ({ error, attemptNumber }) => retryAfter(error, attemptNumber + 1),
  });
}
