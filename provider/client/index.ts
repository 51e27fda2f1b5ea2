import { createHash, randomUUID } from "node:crypto";
import { realClientClock, type ClientClock } from "./clock";
import { decodeResponse } from "./codec";
import { ContractLog, recordReads } from "./contractLog";
import { resolveCredentialsProvider } from "./credentials/chain";
import { API_VERSIONS, endpointFor, endpointOverride, resolveRegion, type Api } from "./credentials/settings";
import type { AssumeRoleConfig, CredentialsProvider, Env, OidcRoleConfig } from "./credentials/types";
import { debugEnabled, writeDebug } from "./debug";
import { EcsError, networkError } from "./errors";
import { flattenParams, type Params } from "./params";
import { RateLimiter } from "./rateLimiter";
import { paramsToSend } from "./regionParam";
import { buildSignedRequest } from "./request";
import { callPolicy, DEFAULT_RETRY, isThrottling, runWithRetries, type RetrySettings } from "./retry";
import { Transport } from "./transport";

export interface ClientOptions {
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  region?: string;
  /** Endpoint override, e.g. http://127.0.0.1:PORT for the emulator (else ALIBABA_CLOUD_ECS_ENDPOINT, else per region). */
  endpoint?: string;
  /** Profile in ~/.aliyun/config.json or ~/.alibabacloud/credentials (else ALIBABA_CLOUD_PROFILE). */
  profile?: string;
  /** Assume this RAM role (STS AssumeRole) with the credentials the rest of the chain finds. */
  assumeRole?: AssumeRoleConfig;
  /** STS AssumeRoleWithOIDC with a token file (environment fallbacks as the official chain's). */
  assumeRoleWithOidc?: OidcRoleConfig;
  /** STS endpoint override (else ALIBABA_CLOUD_STS_ENDPOINT, …, sts.aliyuncs.com). */
  stsEndpoint?: string;
  /** Default "v3" (ACS3-HMAC-SHA256). */
  signatureVersion?: "v1" | "v3";
  /** Default "JSON". */
  format?: "JSON" | "XML";
  /** Default "POST". */
  method?: "GET" | "POST";
  /** Requests per second per action (token bucket, adapts down when throttled). Default 20; 0 disables. */
  rateLimit?: number;
  /** Token-bucket burst. Default max(1, round(rateLimit / 4)). */
  rateBurst?: number;
  /** Default 5000. */
  connectTimeoutMs?: number;
  /** Default 30000. */
  requestTimeoutMs?: number;
  /** Most retries after the first attempt. Default: as many as the call's deadline allows. */
  maxRetries?: number;
  /** Default overall deadline per call, retries included. Default 120000. */
  deadlineMs?: number;
  /** Backoff tuning; defaults 200 ms base, 20 s cap. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** ECS metadata service base URL (else ALIBABA_CLOUD_ECS_METADATA_ENDPOINT, else http://100.100.100.200). */
  metadataEndpoint?: string;
  /** Environment to read instead of process.env (tests). */
  env?: Env;
  /** Home directory for the credential files instead of $HOME (tests). */
  homeDir?: string;
  userAgent?: string;
}

/** How a call is retried is the action table's (actions.ts) alone: no option changes what may be
 *  repeated or which codes are busy. */
export interface CallOptions {
  /** Endpoint choice; RegionId in params wins. */
  region?: string;
  /** The API the action belongs to (default "ecs"): its version and endpoint. */
  api?: Api;
  /** Overall deadline including retries (default ClientOptions.deadlineMs): throttling and busy
   *  answers are retried until it. */
  deadlineMs?: number;
  /** Most retries after the first attempt, for this call. */
  maxRetries?: number;
  /** Told before each retry wait (e.g. to print a progress line while a delete waits for dependants). */
  onRetry?: (info: { code: string; attempt: number; elapsedMs: number; delayMs: number }) => void;
}

/** ECS's answer to a request signed with temporary credentials past their expiry. */
const EXPIRED_TOKEN = "InvalidSecurityToken.Expired";

/** The one signed ECS client. Cheap to create; credentials are resolved on the first call.
 * The AccessKey secret lives only in private fields: JSON.stringify or util.inspect of a
 * client never shows it. */
export class EcsClient {
  readonly #opts: ClientOptions;
  readonly #transport: Transport;
  readonly #limiter: RateLimiter;
  readonly #retry: RetrySettings;
  readonly #debug: boolean;
  readonly #requestTimeoutMs: number;
  #credentials: Promise<CredentialsProvider> | undefined;
  #clock: ClientClock = realClientClock;
  #region: string | undefined;
  readonly #override: string | undefined;
  readonly #hosts = new Map<string, string>();
  /** Test runs only (ECS_CONTRACT_LOG_DIR): logs the answer fields the provider reads. */
  readonly #contract = ContractLog.fromEnv("provider-reads");

  constructor(opts: ClientOptions = {}) {
    this.#opts = { ...opts };
    this.#requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
    this.#transport = new Transport({ connectTimeoutMs: opts.connectTimeoutMs ?? 5000, requestTimeoutMs: this.#requestTimeoutMs });
    this.#limiter = new RateLimiter({ ratePerSec: opts.rateLimit ?? 20, burst: opts.rateBurst });
    this.#retry = {
      ...DEFAULT_RETRY,
      maxRetries: opts.maxRetries ?? DEFAULT_RETRY.maxRetries,
      baseDelayMs: opts.retryBaseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
      maxDelayMs: opts.retryMaxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
    };
    this.#debug = debugEnabled(opts.env ?? process.env);
    this.#override = endpointOverride(opts);
  }

  /** Makes retries and the rate limiter read the time and wait on `clock` (tests that drive time
   *  by events); returns the undo. */
  useClock(clock: ClientClock): () => void {
    const before = this.#clock;
    this.#clock = clock;
    this.#limiter.useClock(clock);
    return () => {
      this.#clock = before;
      this.#limiter.useClock(before);
    };
  }

  /** The client's rate limiter (per action), e.g. to inspect its current rate. */
  get rateLimiter(): RateLimiter {
    return this.#limiter;
  }

  /** Where credentials come from (never the values); resolves the chain if needed. */
  async credentialsSource(): Promise<string> {
    return (await this.#provider()).source;
  }

  #provider(): Promise<CredentialsProvider> {
    if (!this.#credentials) {
      const o = this.#opts;
      const p = resolveCredentialsProvider({
        accessKeyId: o.accessKeyId,
        accessKeySecret: o.accessKeySecret,
        securityToken: o.securityToken,
        profile: o.profile,
        assumeRole: o.assumeRole,
        assumeRoleWithOidc: o.assumeRoleWithOidc,
        stsEndpoint: o.stsEndpoint,
        metadataEndpoint: o.metadataEndpoint,
        env: o.env,
        homeDir: o.homeDir,
      });
      this.#credentials = p;
      // A failed lookup is not cached: the next call looks again.
      p.catch(() => {
        if (this.#credentials === p) this.#credentials = undefined;
      });
    }
    return this.#credentials;
  }

  /** The region calls go to when neither params.RegionId nor CallOptions.region says otherwise. */
  async defaultRegion(): Promise<string> {
    this.#region ??= resolveRegion({ region: this.#opts.region, profile: this.#opts.profile, env: this.#opts.env, homeDir: this.#opts.homeDir });
    return this.#region;
  }

  async #origin(region: string | undefined, api: Api): Promise<string> {
    return this.#override ?? endpointFor(region ?? (await this.defaultRegion()), undefined, api);
  }

  #host(origin: string): string {
    let host = this.#hosts.get(origin);
    if (host === undefined) {
      host = new URL(origin).host;
      this.#hosts.set(origin, host);
    }
    return host;
  }

  /** Calls an ECS action and returns its decoded answer (list wrappers always arrays), retried as
   * the action table says until the call's deadline. Throws EcsError with the ECS code, message and
   * RequestId. When ECS answers that the wanted state already holds (a delete of what is gone, a
   * join of a member; actions.ts `already`), or a read-back shows it, the answer is an AlreadyDone
   * (isAlreadyDone) instead of the action's own. */
  async call<T = Record<string, unknown>>(action: string, params: Params = {}, opts: CallOptions = {}): Promise<T> {
    const flat = flattenParams(params);
    const api = opts.api ?? "ecs";
    const origin = await this.#origin(flat.RegionId || opts.region, api);
    const provider = await this.#provider();
    const o = this.#opts;
    const clock = this.#clock;
    const started = clock.now();
    const deadline = started + (opts.deadlineMs ?? o.deadlineMs ?? 120_000);
    const policy = callPolicy(action, flat);
    const settings = opts.maxRetries === undefined ? this.#retry : { ...this.#retry, maxRetries: opts.maxRetries };
    // RegionId chose the endpoint above; actions that take the region from the endpoint alone do not get it.
    const sent = paramsToSend(api, action, flat);
    const check = policy.rule.verify;
    // Read-backs go to the same endpoint and share the call's deadline.
    const verify = check
      ? () => check((a, p) => this.call(a, p, { region: flat.RegionId || opts.region, api: opts.api, deadlineMs: Math.max(1, deadline - clock.now()) }), flat)
      : undefined;

    let renewed = false;
    const attempt = async (n: number): Promise<T> => {
      try {
        return await send(n);
      } catch (e) {
        // STS's clock said the temporary credentials expired before ours did (skew, a suspended
        // machine): fetch new ones and send again, once per call. The request was refused unread.
        if (renewed || !(e instanceof EcsError) || e.code !== EXPIRED_TOKEN || !provider.invalidate) throw e;
        renewed = true;
        provider.invalidate();
        return send(n);
      }
    };

    const send = async (n: number): Promise<T> => {
      await this.#limiter.acquire(action);
      const credentials = await provider.getCredentials();
      const req = buildSignedRequest({
        action,
        params: sent,
        credentials,
        origin,
        host: this.#host(origin),
        method: o.method ?? "POST",
        signatureVersion: o.signatureVersion ?? "v3",
        format: o.format ?? "JSON",
        nonce: randomUUID(),
        timestamp: new Date(),
        version: API_VERSIONS[api],
        userAgent: o.userAgent,
      });
      const secrets = [credentials.accessKeySecret, req.signature, credentials.securityToken ?? ""];
      const t0 = Date.now();
      const remaining = deadline - clock.now();
      if (remaining <= 0) throw this.#deadlineError(action, deadline - started);
      // undici's own timeouts cover a normal attempt; a signal (timer + listener per request) is
      // only worth its cost when the call's deadline comes sooner.
      const signal = remaining < this.#requestTimeoutMs ? AbortSignal.timeout(remaining) : undefined;
      try {
        const res = await this.#transport.send(signal ? { ...req, signal } : req);
        const decoded = decodeResponse(action, res, secrets);
        if (this.#debug) writeDebug("call", { action, attempt: n, status: res.status, ms: Date.now() - t0, requestId: String(decoded.RequestId ?? "") });
        return (this.#contract ? recordReads(action, decoded, this.#contract) : decoded) as T;
      } catch (e) {
        const err = e instanceof EcsError ? e : networkError(action, e, secrets);
        if (isThrottling(err.code)) this.#limiter.onThrottled(action);
        if (this.#debug) {
          writeDebug("call failed", { action, attempt: n, status: err.httpStatus, ms: Date.now() - t0, code: err.code, requestId: err.requestId });
        }
        throw err;
      }
    };

    return runWithRetries(attempt, {
      settings,
      policy,
      deadline,
      clock,
      verify,
      onRetry: (err, decision, delayMs, n) => {
        if (this.#debug) writeDebug("retry", { action, attempt: n, reason: decision.reason, delayMs, requestId: err.requestId });
        opts.onRetry?.({ code: err.code, attempt: n, elapsedMs: clock.now() - started, delayMs });
      },
      onDone: this.#debug ? (how, n) => writeDebug("done", { action, attempt: n, reason: how }) : undefined,
    }) as Promise<T>;
  }

  #deadlineError(action: string, ms: number): EcsError {
    return new EcsError({ action, httpStatus: 0, code: "DeadlineExceeded", ecsMessage: `the call did not finish within its ${ms} ms deadline` });
  }

  /** Closes the keep-alive connections. */
  async close(): Promise<void> {
    await this.#transport.close();
  }

  /** Safe summary: no secret, no token. */
  toJSON(): Record<string, unknown> {
    const o = this.#opts;
    return {
      region: o.region,
      endpoint: o.endpoint,
      profile: o.profile,
      signatureVersion: o.signatureVersion ?? "v3",
      format: o.format ?? "JSON",
      method: o.method ?? "POST",
      accessKeyId: o.accessKeyId,
    };
  }
}

let shared: EcsClient | undefined;
let sharedKey: string | undefined;

/** A comparison key for options: a SHA-256 digest, so the secret is not kept in plain text. */
export function optionsKey(o: ClientOptions): string {
  const entries = Object.entries(o).filter(([k, v]) => k !== "env" && v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash("sha256").update(JSON.stringify(entries)).digest("hex");
}

/** The process-wide client (from the credentials chain until configureClient is called). */
export function getClient(): EcsClient {
  if (!shared) {
    shared = new EcsClient();
    sharedKey = optionsKey({});
  }
  return shared;
}

/** Replaces the shared client; called by the providers' configure hook. Identical options
 * keep the existing client (and its connections and rate-limiter state). The replaced client
 * is not closed: callers may still hold it, and undici lets idle sockets go on its own. */
export function configureClient(opts: ClientOptions): EcsClient {
  const key = optionsKey(opts);
  if (shared && key === sharedKey) return shared;
  shared = new EcsClient(opts);
  sharedKey = key;
  return shared;
}

export { EcsError, isEcsError } from "./errors";
export { isAlreadyDone, type AlreadyDone } from "./retry";
export { realClientClock, type ClientClock } from "./clock";
export { actionRule, ACTION_RULES, BUSY_CODES, type ActionRule, type RepeatSafety } from "./actions";
export { flattenParams, jsonArray, JsonArray, type Params, type ParamValue } from "./params";
export { pagesByNumber, pagesByToken, collectAll, type Caller, type Page } from "./paginate";
export { RateLimiter, type RateLimiterOptions } from "./rateLimiter";
export { CredentialsNotFoundError, CredentialsConfigError, type Credentials, type CredentialsProvider } from "./credentials/types";
export { RegionNotFoundError, endpointHostForRegion, API_VERSIONS, type Api } from "./credentials/settings";
export { resolveCredentialsProvider } from "./credentials/chain";
