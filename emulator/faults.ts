/** Injected faults, matched per action, consumed by count or drawn by probability. */
import { ApiError } from "./errors";

export type FaultType = "throttling" | "unavailable" | "internal" | "slow" | "drop" | "invisible" | "lastTokenProcessing";
export const FAULT_TYPES: readonly FaultType[] = ["throttling", "unavailable", "internal", "slow", "drop", "invisible", "lastTokenProcessing"];

export interface FaultSpec {
  type: FaultType;
  /** An action name, or "*" / absent for every action. */
  action?: string;
  /** Apply to the next N matching calls; without count and probability: once. */
  count?: number;
  /** Chance per matching call (0..1); combined with count, at most count times. */
  probability?: number;
  /** slow: real milliseconds to wait before answering (default 1000). */
  delayMs?: number;
  /** invisible: emulated ms during which resources this call creates are absent from Describe* (default 5000). */
  invisibleMs?: number;
  /** throttling: the error code (default "Throttling") and the x-acs-retry-after header in ms (default 1000; the
   *  official SDK reads it as milliseconds, see @alicloud/openapi-core getThrottlingTimeLeft). */
  code?: string;
  retryAfterMs?: number;
}

interface ActiveFault extends FaultSpec {
  remaining: number; // Infinity when only a probability limits it
}

export class FaultBook {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    if (!FAULT_TYPES.includes(spec.type)) throw new Error(`unknown fault type ${String(spec.type)}; expected one of ${FAULT_TYPES.join(", ")}`);
    if (spec.probability !== undefined && !(spec.probability >= 0 && spec.probability <= 1)) throw new Error("fault probability must be within 0..1");
    const remaining = spec.count ?? (spec.probability !== undefined ? Infinity : 1);
    this.faults.push({ ...spec, remaining });
  }

  clear(): void {
    this.faults = [];
  }

  list(): FaultSpec[] {
    return this.faults.map((f) => ({ ...f, count: Number.isFinite(f.remaining) ? f.remaining : undefined }));
  }

  /** Draws the faults that fire for this call (at most one of each type), consuming counts. */
  draw(action: string): ActiveFault[] {
    const fired: ActiveFault[] = [];
    const seen = new Set<FaultType>();
    for (const f of this.faults) {
      if (f.remaining <= 0 || seen.has(f.type)) continue;
      if (f.action && f.action !== "*" && f.action !== action) continue;
      if (f.probability !== undefined && Math.random() >= f.probability) continue;
      f.remaining--;
      seen.add(f.type);
      fired.push(f);
    }
    if (fired.length) this.faults = this.faults.filter((f) => f.remaining > 0);
    return fired;
  }
}

/** The error a fault answers with, if it is an error fault. */
export function faultError(f: FaultSpec): ApiError | undefined {
  switch (f.type) {
    case "throttling":
      return new ApiError(f.code ?? "Throttling", "Request was denied due to request throttling.", 400, { "x-acs-retry-after": String(f.retryAfterMs ?? 1000) });
    case "unavailable":
      return new ApiError("ServiceUnavailable", "The request has failed due to a temporary failure of the server.", 503);
    case "internal":
      return new ApiError("InternalError", "The request processing has failed due to some unknown error, exception or failure.", 500);
    case "lastTokenProcessing":
      return new ApiError("LastTokenProcessing", "The last token request is processing.", 400);
    default:
      return undefined;
  }
}
