/** Injected faults, matched per action (and optionally per resource id or region), consumed by
 *  count or drawn by probability.
 *
 *  Two moments: `before` faults answer instead of the action (it never runs: a retry is always
 *  safe); `after` faults let the action take effect (state changed, ClientToken remembered, state
 *  persisted) and then replace the answer with an error or drop the connection: the lost response,
 *  the case where only an idempotent retry is safe. Effects on the state rather than the answer:
 *  `invisible` (a created resource absent from Describe* for a while), `stale` (Describe* shows the
 *  records a write changed as they were before it, for a while: a change not yet visible, a deleted
 *  resource still listed) and `asyncFailure` (an accepted RunInstances whose instances never reach
 *  Running). */
import { ApiError } from "./errors";

export type FaultType =
  | "throttling"
  | "unavailable"
  | "internal"
  | "error"
  | "slow"
  | "drop"
  | "invisible"
  | "stale"
  | "asyncFailure"
  | "lastTokenProcessing";
export const FAULT_TYPES: readonly FaultType[] = ["throttling", "unavailable", "internal", "error", "slow", "drop", "invisible", "stale", "asyncFailure", "lastTokenProcessing"];

/** Types whose answer can come after the action ran (`when: "after"`). */
const AFTER_CAPABLE: ReadonlySet<FaultType> = new Set(["unavailable", "internal", "error", "drop"]);

export interface FaultSpec {
  type: FaultType;
  /** An action name, or "*" / absent for every action. */
  action?: string;
  /** Only calls naming this resource id (any parameter equal to it, or a JSON list holding it). */
  resourceId?: string;
  /** Only calls whose RegionId is this region. */
  regionId?: string;
  /** unavailable, internal, error, drop: answer instead of the action ("before", default) or after
   *  it took effect ("after": the lost response). */
  when?: "before" | "after";
  /** Apply to the next N matching calls; without count and probability: once. */
  count?: number;
  /** Chance per matching call (0..1); combined with count, at most count times. */
  probability?: number;
  /** slow: real milliseconds to wait before answering (default 1000). */
  delayMs?: number;
  /** invisible: emulated ms during which resources this call creates are absent from Describe* (default 5000). */
  invisibleMs?: number;
  /** stale: emulated ms during which Describe* shows what this call changed as it was before (default 5000). */
  staleMs?: number;
  /** asyncFailure: what the accepted instances become instead of Running: released ("Deleted",
   *  default: gone from Describe*, with their disks) or "Stopped", after `afterMs` of emulated time
   *  in Pending (default: the Pending delay). */
  outcome?: "Deleted" | "Stopped";
  afterMs?: number;
  /** error: the code (required); throttling: the code (default "Throttling"). */
  code?: string;
  /** error: the HTTP status (default: the reference's for the code, else 400). */
  httpStatus?: number;
  /** error: the message (default: the reference's for the code, else a generic one). */
  message?: string;
  /** throttling: the x-acs-retry-after header in ms (default 1000; the official SDK reads it as
   *  milliseconds, see @alicloud/openapi-core getThrottlingTimeLeft). */
  retryAfterMs?: number;
}

/** What a call offers to match against. */
export interface FaultTarget {
  action: string;
  params: Readonly<Record<string, string>>;
}

interface ActiveFault extends FaultSpec {
  remaining: number; // Infinity when only a probability limits it
}

/** HTTP status and message the reference gives the codes tests inject most (busy and server codes:
 *  seeds/003 common error table and per-action tables). */
export const REFERENCE_ERRORS: Readonly<Record<string, { status: number; message: string }>> = {
  Throttling: { status: 400, message: "Request was denied due to request throttling." },
  UnknownError: { status: 400, message: "The request processing has failed due to some unknown error." },
  OperationConflict: { status: 409, message: "Request was denied due to conflict with a previous request." },
  InternalError: { status: 500, message: "The request processing has failed due to some unknown error, exception or failure." },
  ServiceUnavailable: { status: 503, message: "The request has failed due to a temporary failure of the server." },
  LastTokenProcessing: { status: 403, message: "The last token request is processing." },
  IncorrectInstanceStatus: { status: 403, message: "The current status of the resource does not support this operation." },
  "IncorrectInstanceStatus.Initializing": { status: 403, message: "The specified instance is in the initializing state." },
  IncorrectDiskStatus: { status: 403, message: "The current disk status does not support this operation." },
  "IncorrectDiskStatus.Initializing": { status: 403, message: "The specified disk is in the initializing state." },
  "InvalidOperation.Conflict": { status: 403, message: "The operation conflicts with another operation in progress." },
  DependencyViolation: { status: 403, message: "The specified resource is still in use by dependent resources." },
  DiskInCoolingPeriod: { status: 403, message: "The specified disk is in a cooling period after a previous change." },
};

export class FaultBook {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    if (!FAULT_TYPES.includes(spec.type)) throw new Error(`unknown fault type ${String(spec.type)}; expected one of ${FAULT_TYPES.join(", ")}`);
    if (spec.probability !== undefined && !(spec.probability >= 0 && spec.probability <= 1)) throw new Error("fault probability must be within 0..1");
    if (spec.when === "after" && !AFTER_CAPABLE.has(spec.type)) throw new Error(`a ${spec.type} fault cannot come after the action; "after" is for ${[...AFTER_CAPABLE].join(", ")}`);
    if (spec.when !== undefined && spec.when !== "before" && spec.when !== "after") throw new Error('fault "when" is "before" or "after"');
    if (spec.type === "error" && !spec.code) throw new Error("an error fault needs a code");
    if (spec.outcome !== undefined && spec.outcome !== "Deleted" && spec.outcome !== "Stopped") throw new Error('asyncFailure outcome is "Deleted" or "Stopped"');
    const remaining = spec.count ?? (spec.probability !== undefined ? Infinity : 1);
    this.faults.push({ ...spec, remaining });
  }

  clear(): void {
    this.faults = [];
  }

  list(): FaultSpec[] {
    return this.faults.map(({ remaining, ...f }) => ({ ...f, count: Number.isFinite(remaining) ? remaining : undefined }));
  }

  /** Whether a fault of one of these types could fire for the call (probability not drawn,
   *  nothing consumed): lets the server prepare (e.g. keep the state before a write). */
  mayFire(target: FaultTarget, types: readonly FaultType[]): boolean {
    return this.faults.some((f) => f.remaining > 0 && types.includes(f.type) && matches(f, target));
  }

  /** Draws the faults of one moment that fire for this call (at most one of each type),
   *  consuming counts. "before" holds every type but the after-answers; "after" only those. */
  draw(target: FaultTarget, moment: "before" | "after"): ActiveFault[] {
    const fired: ActiveFault[] = [];
    const seen = new Set<FaultType>();
    for (const f of this.faults) {
      if (f.remaining <= 0 || seen.has(f.type) || momentOf(f) !== moment || !matches(f, target)) continue;
      if (f.probability !== undefined && Math.random() >= f.probability) continue;
      f.remaining--;
      seen.add(f.type);
      fired.push(f);
    }
    if (fired.length) this.faults = this.faults.filter((f) => f.remaining > 0);
    return fired;
  }
}

/** stale and asyncFailure act on what a successful write left, so they are drawn with the after-answers. */
const momentOf = (f: FaultSpec): "before" | "after" => (f.when === "after" || f.type === "stale" || f.type === "asyncFailure" ? "after" : "before");

function matches(f: FaultSpec, t: FaultTarget): boolean {
  if (f.action && f.action !== "*" && f.action !== t.action) return false;
  if (f.regionId && t.params.RegionId !== f.regionId) return false;
  if (f.resourceId) {
    const id = f.resourceId;
    const quoted = JSON.stringify(id);
    if (!Object.values(t.params).some((v) => v === id || (v.startsWith("[") && v.includes(quoted)))) return false;
  }
  return true;
}

/** The error a fault answers with, if it is an error fault. */
export function faultError(f: FaultSpec): ApiError | undefined {
  const reference = (code: string, status?: number, message?: string): ApiError => {
    const known = REFERENCE_ERRORS[code];
    return new ApiError(code, message ?? known?.message ?? `Injected fault: ${code}.`, status ?? known?.status ?? 400);
  };
  switch (f.type) {
    case "throttling":
      return new ApiError(f.code ?? "Throttling", REFERENCE_ERRORS.Throttling.message, 400, { "x-acs-retry-after": String(f.retryAfterMs ?? 1000) });
    case "unavailable":
      return reference("ServiceUnavailable");
    case "internal":
      return reference("InternalError");
    case "lastTokenProcessing":
      return reference("LastTokenProcessing");
    case "error":
      return reference(f.code as string, f.httpStatus, f.message);
    default:
      return undefined;
  }
}
