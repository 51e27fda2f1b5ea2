/** EmulatorAdmin: the test/benchmark handle, in-process and over HTTP under /_emulator/ (loopback only). */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DelayProfile } from "./defaults";
import type { FaultSpec } from "./faults";
import type { Credential } from "./protocol/auth";
import type { EmulatorCore } from "./server";
import { isResourceKind, RESOURCE_KINDS } from "./kinds";
import { collectionOf, type AnyRecord, type RegionState, type ResourceKind, type StateData } from "./state";
import { reindexReleases } from "./sweep";

export interface ResourceLocator {
  accessKeyId?: string;
  regionId?: string;
}

export interface EmulatorAdmin {
  /** Emulated time, ms since the epoch. */
  now(): number;
  advanceClock(ms: number): number;
  setDelays(profile: Partial<DelayProfile>): DelayProfile;
  setDelayScale(x: number): void;
  setRateLimit(n: number | undefined): void;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  faults(): FaultSpec[];
  callCounts(): Record<string, number>;
  resetCallCounts(): void;
  /** A deep copy of the whole state. */
  snapshot(): StateData;
  /** Forgets every resource (and ClientToken), keeps clock, delays, faults and counters. */
  reset(): void;
  /** Replaces all state with a snapshot() taken earlier (tests rebuild a world once and restore it per case). */
  restore(state: StateData): void;
  /** Out-of-band delete (drift tests). Returns false if no such resource exists. */
  deleteResource(kind: ResourceKind, id: string, where?: ResourceLocator): boolean;
  /** Out-of-band change: shallow-merges `patch` into the record (field names as in state.ts).
   *  For instances and disks, `{ status: "Stopped" }` sets the current status. */
  modifyResource(kind: ResourceKind, id: string, patch: Record<string, unknown>, where?: ResourceLocator): boolean;
  /** Writes the state file now and empties its journal (no-op without one). */
  flush(): Promise<void>;
  /** Accepts a credential from now on, replacing one with the same AccessKey id: a rotated secret
   *  (requests signed with the old one get SignatureDoesNotMatch), a new STS token, or an expiry
   *  (`expiresAt`, emulated ms: InvalidSecurityToken.Expired from then on). */
  setCredential(c: Credential): void;
  /** Stops accepting an AccessKey id (InvalidAccessKeyId.NotFound). False if it was not accepted. */
  removeCredential(accessKeyId: string): boolean;
  /** The accepted AccessKey ids (never secrets or tokens). */
  credentials(): { accessKeyId: string; securityToken: boolean; expiresAt?: number }[];
}

export function createAdmin(core: EmulatorCore): EmulatorAdmin {
  const find = (kind: ResourceKind, id: string, where: ResourceLocator = {}): { record: AnyRecord; coll: Record<string, AnyRecord>; reg: RegionState; accessKeyId: string } | undefined => {
    if (!isResourceKind(kind)) throw new Error(`unknown resource kind ${kind}; expected one of ${RESOURCE_KINDS.join(", ")}`);
    for (const acc of Object.values(core.store.data.accounts)) {
      if (where.accessKeyId && acc.accessKeyId !== where.accessKeyId) continue;
      for (const reg of Object.values(acc.regions)) {
        if (where.regionId && reg.regionId !== where.regionId) continue;
        const coll = collectionOf(reg, kind) as Record<string, AnyRecord>;
        if (coll[id]) return { record: coll[id], coll, reg, accessKeyId: acc.accessKeyId };
      }
    }
    return undefined;
  };
  return {
    now: () => core.clock.now(),
    advanceClock: (ms) => {
      const now = core.clock.advance(ms);
      core.persistClock();
      return now;
    },
    setDelays: (profile) => {
      Object.assign(core.timing.delays, profile);
      return { ...core.timing.delays };
    },
    setDelayScale: (x) => {
      if (!(x >= 0)) throw new Error("delayScale must be a number ≥ 0");
      core.timing.scale = x;
    },
    setRateLimit: (n) => core.limiter.set(n),
    injectFault: (spec) => core.faults.add(spec),
    clearFaults: () => core.faults.clear(),
    faults: () => core.faults.list(),
    callCounts: () => Object.fromEntries(core.counts),
    resetCallCounts: () => core.counts.clear(),
    snapshot: () => structuredClone(core.store.data),
    restore: (state) => {
      if (state?.version !== 1 || typeof state.accounts !== "object") throw new Error("restore needs a state snapshot (version 1)");
      core.store.data = structuredClone(state);
      for (const acc of Object.values(core.store.data.accounts)) for (const reg of Object.values(acc.regions)) reindexReleases(reg);
      core.staleReads.clear();
      core.persistRestore();
      core.markDirty();
    },
    reset: () => {
      core.store.reset();
      core.staleReads.clear();
      core.persistReset();
      core.markDirty();
    },
    deleteResource: (kind, id, where) => {
      const hit = find(kind, id, where);
      if (!hit) return false;
      delete hit.coll[id];
      core.persistAdminChange(hit.accessKeyId, hit.reg);
      core.markDirty();
      return true;
    },
    modifyResource: (kind, id, patch, where) => {
      const hit = find(kind, id, where);
      if (!hit) return false;
      const { status, ...rest } = patch;
      Object.assign(hit.record, rest);
      if (typeof status === "string" && "plan" in hit.record) hit.record.plan = [{ status, at: core.clock.now() }];
      if (hit.record.kind === "instance") reindexReleases(hit.reg); // a patch may set or clear releaseAt
      core.persistAdminChange(hit.accessKeyId, hit.reg);
      core.markDirty();
      return true;
    },
    flush: () => core.flushAll(),
    setCredential: (c) => core.setCredential(c),
    removeCredential: (id) => core.removeCredential(id),
    credentials: () => core.listCredentials(),
  };
}

export const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

export function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json;charset=utf-8" });
  res.end(JSON.stringify(body));
}

/** HTTP mirror of EmulatorAdmin. Routes (JSON bodies):
 *  GET|PUT /_emulator/state · POST /_emulator/reset · GET /_emulator/clock · POST /_emulator/clock/advance {ms}
 *  POST /_emulator/delays {profile?, scale?} · POST /_emulator/rate-limit {perSecond}
 *  GET|POST|DELETE /_emulator/faults (POST body: FaultSpec) · GET|DELETE /_emulator/counters
 *  DELETE /_emulator/resources/{kind}/{id} · PATCH /_emulator/resources/{kind}/{id} {patch}
 *  (?accessKeyId=&regionId= narrow the lookup) · POST /_emulator/flush
 *  GET /_emulator/credentials · POST /_emulator/credentials {accessKeyId, accessKeySecret, securityToken?,
 *  expiresAt? | expiresInMs?} · DELETE /_emulator/credentials/{accessKeyId} */
export function adminHttpHandler(admin: EmulatorAdmin) {
  return async (req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> => {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) return send(res, 403, { Code: "Forbidden", Message: "The emulator admin API answers on loopback only." });
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = (req.method ?? "GET").toUpperCase();
    const parts = url.pathname.split("/").filter(Boolean).slice(1); // drop "_emulator"
    let body: Record<string, unknown> = {};
    try {
      if (raw.length) body = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
    } catch {
      return send(res, 400, { Code: "InvalidJson", Message: "The admin request body must be JSON." });
    }
    const where: ResourceLocator = { accessKeyId: url.searchParams.get("accessKeyId") ?? undefined, regionId: url.searchParams.get("regionId") ?? undefined };
    try {
      const route = `${method} ${parts[0] ?? ""}${parts[1] && parts[0] !== "resources" && parts[0] !== "credentials" ? "/" + parts[1] : ""}`;
      switch (route) {
        case "GET state":
          return send(res, 200, admin.snapshot());
        case "PUT state":
          admin.restore(body as unknown as StateData);
          return send(res, 200, { ok: true });
        case "POST reset":
          admin.reset();
          return send(res, 200, { ok: true });
        case "GET clock":
          return send(res, 200, { now: admin.now() });
        case "POST clock/advance":
          return send(res, 200, { now: admin.advanceClock(Number(body.ms)) });
        case "POST delays": {
          if (body.scale !== undefined) admin.setDelayScale(Number(body.scale));
          const profile = admin.setDelays((body.profile ?? {}) as Partial<DelayProfile>);
          return send(res, 200, { profile });
        }
        case "POST rate-limit":
          admin.setRateLimit(body.perSecond === undefined || body.perSecond === null ? undefined : Number(body.perSecond));
          return send(res, 200, { ok: true });
        case "GET faults":
          return send(res, 200, { faults: admin.faults() });
        case "POST faults":
          admin.injectFault(body as unknown as FaultSpec);
          return send(res, 200, { faults: admin.faults() });
        case "DELETE faults":
          admin.clearFaults();
          return send(res, 200, { ok: true });
        case "GET counters":
          return send(res, 200, { counts: admin.callCounts() });
        case "DELETE counters":
          admin.resetCallCounts();
          return send(res, 200, { ok: true });
        case "POST flush":
          await admin.flush();
          return send(res, 200, { ok: true });
        case "GET credentials":
          return send(res, 200, { credentials: admin.credentials() });
        case "POST credentials": {
          const { accessKeyId, accessKeySecret, securityToken, expiresAt, expiresInMs } = body as Record<string, unknown>;
          if (typeof accessKeyId !== "string" || !accessKeyId || typeof accessKeySecret !== "string" || !accessKeySecret) {
            return send(res, 400, { Code: "MissingParameter", Message: "A credential needs accessKeyId and accessKeySecret." });
          }
          const ends = typeof expiresInMs === "number" ? admin.now() + expiresInMs : typeof expiresAt === "number" ? expiresAt : undefined;
          admin.setCredential({ accessKeyId, accessKeySecret, ...(typeof securityToken === "string" ? { securityToken } : {}), ...(ends !== undefined ? { expiresAt: ends } : {}) });
          return send(res, 200, { credentials: admin.credentials() });
        }
        case "DELETE credentials": {
          const id = parts[1];
          if (!id) return send(res, 400, { Code: "MissingParameter", Message: "Use /_emulator/credentials/{accessKeyId}." });
          return admin.removeCredential(decodeURIComponent(id)) ? send(res, 200, { ok: true }) : send(res, 404, { Code: "NotFound", Message: `No credential ${id}.` });
        }
        case "DELETE resources":
        case "PATCH resources": {
          const [, kind, id] = parts;
          if (!kind || !id) return send(res, 400, { Code: "MissingParameter", Message: "Use /_emulator/resources/{kind}/{id}." });
          const ok =
            method === "DELETE"
              ? admin.deleteResource(kind as ResourceKind, id, where)
              : admin.modifyResource(kind as ResourceKind, id, (body.patch ?? body) as Record<string, unknown>, where);
          return send(res, ok ? 200 : 404, ok ? { ok: true } : { Code: "NotFound", Message: `No ${kind} ${id}.` });
        }
        default:
          return send(res, 404, { Code: "NotFound", Message: `No admin route ${method} ${url.pathname}.` });
      }
    } catch (err) {
      return send(res, 400, { Code: "InvalidRequest", Message: err instanceof Error ? err.message : String(err) });
    }
  };
}
