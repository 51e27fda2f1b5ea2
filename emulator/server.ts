/** The emulator core: one object holding state, clock, faults, counters and limits, and the HTTP
 *  handler that runs the ECS RPC protocol on top of the action registry. */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ACTIONS, ROUTES } from "./responses";
import type { ActionContext, CoreServices, RawRequest } from "./responses/types";
import { findRegion, REGIONS } from "./catalog";
import { Clock } from "./clock";
import { ECS_API_VERSION, VPC_ACTIONS, VPC_API_VERSION, type DelayProfile } from "./defaults";
import { ApiError, missingParameter } from "./errors";
import { failCreatedInstances } from "./asyncFailure";
import { FaultBook, faultError, type FaultSpec, type FaultTarget } from "./faults";
import { checkClientToken, rememberToken } from "./idempotency";
import { Timing } from "./lifecycle";
import { ParamReader } from "./responses/params";
import { Journal } from "./journal";
import { StateFile } from "./persistence";
import { authenticate, NonceCache, type Credential } from "./protocol/auth";
import { EmulatorContractLog } from "./protocol/contractLog";
import { render, type Format } from "./protocol/render";
import { header, parseQueryString, parseRpcRequest, wireParams } from "./protocol/request";
import { RateLimiter } from "./rateLimit";
import { StaleReads } from "./staleReads";
import { Store, type RegionState, type ResourceBase } from "./state";
import { STS_API_VERSION, type StsConfig } from "./sts/config";
import { StsService } from "./sts/service";
import { reindexReleases, sweepRegion } from "./sweep";

export interface CoreOptions {
  credentials: Credential[];
  clock: "real" | "manual";
  delayScale: number;
  delays?: Partial<DelayProfile>;
  rateLimit?: number;
  stateFile?: string;
  log?: boolean;
  logger?: (line: string) => void;
  sts?: StsConfig;
}

const READ_ONLY = /^(Describe|List|Get|Query)/;
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export class EmulatorCore {
  readonly clock: Clock;
  readonly timing: Timing;
  readonly store: Store;
  readonly faults = new FaultBook();
  readonly limiter: RateLimiter;
  readonly counts = new Map<string, number>();
  readonly stateFile?: StateFile;
  readonly sts: StsService;
  /** Write-ahead journal beside the state file (journal.ts). */
  readonly journal?: Journal;
  readonly staleReads = new StaleReads();
  private readonly nonces = new NonceCache();
  /** The wire-contract log (ECS_CONTRACT_LOG_DIR, test runs only). */
  private readonly contract = EmulatorContractLog.fromEnv();
  private readonly credentials = new Map<string, Credential>();
  logEnabled: boolean;
  private readonly logger: (line: string) => void;

  constructor(opts: CoreOptions) {
    for (const c of opts.credentials) this.credentials.set(c.accessKeyId, c);
    this.clock = new Clock(opts.clock);
    this.timing = new Timing(this.clock, opts.delayScale, opts.delays);
    this.store = new Store(undefined, () => this.clock.now());
    this.limiter = new RateLimiter(opts.rateLimit);
    this.logEnabled = !!opts.log;
    this.logger = opts.logger ?? ((line) => process.stderr.write(line + "\n"));
    const baseCredential = (id: string): Credential | undefined => this.credentials.get(id);
    const defaultAccount = opts.credentials[0]?.accessKeyId ?? "";
    const log = (action: string, status: number, code: string, started: number): void => this.log(action, status, code, started);
    this.sts = new StsService({ clock: this.clock, baseCredential, defaultAccount, faults: this.faults, count: (a) => this.count(a), log }, opts.sts);
    if (opts.stateFile) {
      this.stateFile = new StateFile(opts.stateFile, () => ({ ...this.store.data, clock: this.clock.toJSON() }));
      this.journal = new Journal(opts.stateFile);
      const loaded = this.stateFile.load();
      const saved = loaded ?? this.store.data;
      if (this.journal.replay(saved) > 0 || loaded) {
        if (saved.clock) this.clock.restore(saved.clock);
        delete saved.clock;
        this.store.data = saved;
        for (const acc of Object.values(saved.accounts)) for (const reg of Object.values(acc.regions)) reindexReleases(reg);
      }
      this.journal.open(this.store.data, this.stateFile.lastBytes);
    }
  }

  /** Persists a write before it is answered (journal), compacting the journal into the state file
   *  now and then; other changes are saved by the coalesced state-file writes. */
  private persistWrite(accessKeyId: string, regions: Iterable<RegionState>, tokenKeys: string[]): void {
    if (!this.journal || !this.stateFile) return;
    this.journal.write(this.store.account(accessKeyId), regions, tokenKeys, { seq: this.store.data.seq, clock: this.clock.toJSON() });
    if (this.journal.wantsCompaction()) this.compact();
  }

  /** Journals an admin change of one account's region (out-of-band delete or modify). */
  persistAdminChange(accessKeyId: string, reg: RegionState): void {
    this.journal?.write(this.store.account(accessKeyId), [reg], [], { clock: this.clock.toJSON() });
  }

  /** Journals an admin reset, or a move of the manual clock. */
  persistReset(): void {
    this.journal?.writeReset(this.clock.toJSON());
  }

  /** Journals a whole state put in place (admin restore): a reset, then every record and token. */
  persistRestore(): void {
    if (!this.journal) return;
    const clock = this.clock.toJSON();
    this.journal.writeReset(clock);
    for (const acc of Object.values(this.store.data.accounts)) this.journal.write(acc, Object.values(acc.regions), Object.keys(acc.idempotency), { seq: this.store.data.seq, clock });
  }

  persistClock(): void {
    this.journal?.writeClock(this.clock.toJSON());
  }

  /** Writes everything to the state file and empties the journal (clean shutdown, admin flush). */
  async flushAll(): Promise<void> {
    await this.stateFile?.flush();
    this.compact();
  }

  /** Folds the journal into the state file (synchronously; skipped while a coalesced write is in
   *  flight, which would otherwise land an older state after it). Also what admin changes call, as
   *  they are not journaled. */
  compact(): void {
    if (!this.journal || !this.stateFile || this.stateFile.writing) return;
    this.stateFile.flushSync();
    this.journal.truncate(this.store.data, this.stateFile.lastBytes);
  }

  /** Replaces (or adds) an accepted credential at runtime: a rotated AccessKey secret, a new STS
   *  token, or one that expires at `expiresAt` (emulated ms). */
  setCredential(c: Credential): void {
    this.credentials.set(c.accessKeyId, { ...c });
  }

  removeCredential(accessKeyId: string): boolean {
    return this.credentials.delete(accessKeyId);
  }

  /** The accepted access key ids, without secrets or tokens. */
  listCredentials(): { accessKeyId: string; securityToken: boolean; expiresAt?: number }[] {
    return [...this.credentials.values()].map((c) => ({ accessKeyId: c.accessKeyId, securityToken: c.securityToken !== undefined, ...(c.expiresAt !== undefined ? { expiresAt: c.expiresAt } : {}) }));
  }

  /** A configured key, or temporary credentials STS issued (InvalidSecurityToken.Expired once expired). */
  credential(accessKeyId: string): Credential | undefined {
    return this.sts.credential(accessKeyId);
  }

  markDirty(): void {
    this.stateFile?.markDirty();
  }

  count(action: string): void {
    this.counts.set(action, (this.counts.get(action) ?? 0) + 1);
  }

  services(): CoreServices {
    return {
      store: this.store,
      clock: this.clock,
      timing: this.timing,
      credential: (id) => this.credential(id),
      markDirty: () => this.markDirty(),
      count: (a) => this.count(a),
    };
  }

  /** node:http request listener. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on("end", () => {
      void this.dispatch(req, res, Buffer.concat(chunks)).catch((err: unknown) => {
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end(JSON.stringify({ Code: "InternalError", Message: String(err) }));
        }
      });
    });
  };

  /** Admin routes are served by admin.ts; this hook lets index.ts plug them in. */
  adminHandler?: (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void>;

  private async dispatch(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? "" : url.slice(q + 1);
    if (path.startsWith("/_emulator/") || path === "/_emulator") {
      if (this.adminHandler) return this.adminHandler(req, res, body);
    }
    const route = ROUTES[path];
    if (route) {
      const raw: RawRequest = { method: req.method ?? "GET", path, query: parseQueryString(rawQuery), headers: req.headers, body: body.toString("utf8") };
      const out = await route(raw, this.services());
      res.writeHead(out.status, { "content-type": "application/json;charset=utf-8", ...out.headers });
      res.end(out.body);
      return;
    }
    await this.rpc(req, res, rawQuery, body);
  }

  private async rpc(req: IncomingMessage, res: ServerResponse, rawQuery: string, body: Buffer): Promise<void> {
    const started = Date.now();
    const requestId = randomUUID().toUpperCase();
    const rpc = parseRpcRequest(req.method ?? "GET", rawQuery, req.headers, body);
    if (rpc.version === STS_API_VERSION) return this.sts.respond(res, rpc, requestId, String(req.headers.host ?? "sts.aliyuncs.com"));
    const action = rpc.action ?? "";
    this.contract?.request(header(req.headers, "user-agent"), action, wireParams(rpc.params));
    let format: Format = rpc.format;
    let status = 200;
    let code = "";
    let payload: Record<string, unknown>;
    let extraHeaders: Record<string, string> = {};
    let slowMs = 0;
    let lostAnswer: FaultSpec | undefined; // an after-fault: the action ran, its answer is lost
    try {
      if (!rpc.action) throw missingParameter("Action");
      if (!rpc.version) throw missingParameter("Version");
      const vpcCall = rpc.version === VPC_API_VERSION && VPC_ACTIONS.has(action);
      if (rpc.version !== ECS_API_VERSION && !vpcCall) throw new ApiError("InvalidVersion", `Specified parameter Version is not valid. The ECS API version is ${ECS_API_VERSION}.`, 400);
      const handler = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
      if (!handler) throw new ApiError("InvalidAction.NotFound", "Specified api is not found, please check your url and method.", 404);
      this.count(action);
      // A role session acts on its role's account, not on an account of its own.
      const signedBy = authenticate(rpc, (id) => this.credential(id), this.nonces);
      const expiresAt = this.credentials.get(signedBy)?.expiresAt;
      if (expiresAt !== undefined && this.clock.now() >= expiresAt) throw new ApiError("InvalidSecurityToken.Expired", "Specified SecurityToken is expired.", 400);
      const accessKeyId = this.sts.accountOf(signedBy);
      this.limiter.take(accessKeyId, action);
      const target: FaultTarget = { action, params: rpc.params };
      let invisibleMs: number | undefined;
      for (const f of this.faults.draw(target, "before")) {
        if (f.type === "drop") {
          req.socket.destroy();
          this.log(action, 0, "ConnectionDropped", started);
          return;
        }
        if (f.type === "slow") slowMs = Math.max(slowMs, f.delayMs ?? 1000);
        if (f.type === "invisible") invisibleMs = f.invisibleMs ?? 5000;
        const err = faultError(f);
        if (err) throw err;
      }
      const account = this.store.account(accessKeyId);
      const readOnly = READ_ONLY.test(action);
      const token = readOnly ? undefined : checkClientToken(account, action, rpc.params, this.clock.now());
      if (token?.replay) {
        payload = { RequestId: requestId, ...token.replay };
      } else {
        const track = { touched: new Set<RegionState>(), created: [] as ResourceBase[] };
        const ctx = this.context(action, rpc.params, accessKeyId, requestId, invisibleMs, track);
        // The state before a write that a stale-read fault may hide behind.
        const before = !readOnly && this.faults.mayFire(target, ["stale"]) ? this.staleReads.capture(account) : undefined;
        const result = await (readOnly ? this.staleReads.during(account, this.clock.now(), () => handler(ctx)) : handler(ctx));
        payload = { RequestId: requestId, ...result };
        this.contract?.response(action, payload);
        if (token) rememberToken(account, token, result, this.clock.now());
        if (!readOnly) {
          for (const f of this.faults.draw(target, "after")) {
            if (f.type === "asyncFailure") failCreatedInstances(track.created, (r) => this.store.region(accessKeyId, r.regionId), f.outcome ?? "Deleted", this.timing, f.afterMs);
            if (f.type === "stale" && before) this.staleReads.record(account, before, this.clock.now() + (f.staleMs ?? 5000));
            if (f.type === "drop" || faultError(f)) lostAnswer = f;
          }
          this.persistWrite(accessKeyId, track.touched.size ? track.touched : Object.values(account.regions), token ? [token.key] : []);
          this.markDirty();
        }
        if (lostAnswer?.type === "drop") {
          req.socket.destroy();
          this.log(action, 0, "ConnectionDroppedAfterAction", started);
          return;
        }
        const lost = lostAnswer && faultError(lostAnswer);
        if (lost) throw lost;
      }
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError("InternalError", "The request processing has failed due to some unknown error, exception or failure.", 500);
      if (!(err instanceof ApiError)) this.logger(`ecs-emulator: ${action} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      status = e.httpStatus;
      code = e.code;
      extraHeaders = e.headers;
      payload = {
        RequestId: requestId,
        HostId: String(req.headers.host ?? "ecs.aliyuncs.com"),
        Code: e.code,
        Message: e.message,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(e.code)}&product=Ecs&requestId=${requestId}`,
      };
      if (format !== "XML") format = "JSON";
    }
    if (slowMs > 0) await new Promise((r) => setTimeout(r, slowMs));
    const root = status === 200 ? `${action || "Unknown"}Response` : "Error";
    const { contentType, text } = render(format, root, payload);
    res.writeHead(status, { "content-type": contentType, "x-acs-request-id": requestId, ...extraHeaders });
    res.end(text);
    this.log(action, status, code, started);
  }

  private log(action: string, status: number, code: string, started: number): void {
    if (this.logEnabled) this.logger(`ecs-emulator ${action || "-"} ${status} ${code || "OK"} ${Date.now() - started}ms`);
  }

  /** Builds the handler context; also usable by tests that call handlers directly. `track`
   *  collects the regions the call touched and the records it created (journal and faults). */
  context(
    action: string,
    params: Record<string, string>,
    accessKeyId: string,
    requestId: string,
    invisibleMs?: number,
    track?: { touched: Set<RegionState>; created: ResourceBase[] },
  ): ActionContext {
    const reader = new ParamReader(params);
    const store = this.store;
    const clock = this.clock;
    const regionById = (regionId: string) => {
      const reg = store.region(accessKeyId, regionId);
      if (sweepRegion(reg, clock.now())) this.markDirty();
      track?.touched.add(reg);
      return reg;
    };
    return {
      action,
      params: reader,
      accessKeyId,
      account: store.account(accessKeyId),
      region: (locate) => {
        let regionId = reader.str("RegionId");
        if (!regionId && locate) {
          const acc = store.account(accessKeyId);
          const id = locate.id;
          regionId = (id && Object.values(acc.regions).find((r) => r[locate.collection][id])?.regionId) || REGIONS[0].regionId;
        }
        if (!regionId) throw missingParameter("RegionId");
        if (!findRegion(regionId)) throw new ApiError("InvalidRegionId.NotFound", "The specified RegionId does not exist in our records.", 404);
        return regionById(regionId);
      },
      regionById,
      store,
      clock,
      now: () => clock.now(),
      timing: this.timing,
      requestId,
      created: <T extends ResourceBase>(record: T): T => {
        record.createdAt = clock.now();
        record.seq = store.nextSeq();
        if (invisibleMs !== undefined) record.hiddenUntil = clock.now() + invisibleMs;
        track?.created.push(record);
        return record;
      },
      visible: (record) => record.hiddenUntil === undefined || record.hiddenUntil <= clock.now(),
      ramRoles: () => [...this.sts.config.roles.values()].map((r) => r.name),
    };
  }
}
