/** The two STS calls the credentials chain makes (API 2015-04-01, RPC style as the official
 *  credential libraries send them): AssumeRole signed V1 with the base credentials, and the
 *  anonymous AssumeRoleWithOIDC. Same signer, transport, codec and retry policy as ECS calls. */
import { randomUUID } from "node:crypto";
import { decodeResponse } from "../codec";
import { EcsError, networkError } from "../errors";
import { buildSignedRequest } from "../request";
import { realClientClock } from "../clock";
import { DEFAULT_RETRY, runWithRetries, type CallPolicy } from "../retry";
import { canonicalQuery, iso8601Seconds } from "../signing";
import { Transport, type HttpRequest } from "../transport";
import { nonEmpty } from "./files";
import { normaliseEndpoint } from "./settings";
import type { ChainOptions, Credentials, Env } from "./types";

/** STS actions are not in the ECS action table: repeatable (they make a session, not a resource),
 *  with no busy or "already done" answer, so the result is always the attempt's. */
const STS_POLICY: CallPolicy = { rule: { safety: "natural" }, repeatable: true, busy: new Set() };

export const STS_API_VERSION = "2015-04-01";
export const DEFAULT_STS_HOST = "sts.aliyuncs.com";
/** STS's own deadline per credentials fetch, retries included. */
const STS_DEADLINE_MS = 60_000;
const FORM = "application/x-www-form-urlencoded";

/** What one source says about its STS endpoint (a profile's sts_endpoint, sts_region, enable_vpc). */
export interface StsEndpointHint {
  endpoint?: string;
  region?: string;
  vpc?: boolean;
}

/** The STS endpoint: alicloud-ecs:stsEndpoint, the source's own endpoint, ALIBABA_CLOUD_STS_ENDPOINT,
 *  then a regional one (the source's region, else ALIBABA_CLOUD_STS_REGION; sts-vpc.… when
 *  enable_vpc / ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED), else sts.aliyuncs.com. Bare hosts get https,
 *  loopback http (the emulator). */
export function stsEndpoint(opts: ChainOptions, env: Env, hint: StsEndpointHint = {}): string {
  const explicit = nonEmpty(opts.stsEndpoint) ?? nonEmpty(hint.endpoint) ?? nonEmpty(env.ALIBABA_CLOUD_STS_ENDPOINT);
  if (explicit) return normaliseEndpoint(explicit);
  const region = nonEmpty(hint.region) ?? nonEmpty(env.ALIBABA_CLOUD_STS_REGION);
  if (!region) return `https://${DEFAULT_STS_HOST}`;
  const vpc = hint.vpc === true || env.ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED?.toLowerCase() === "true";
  return `https://${vpc ? "sts-vpc" : "sts"}.${region}.aliyuncs.com`;
}

/** An STS call that failed for good: names the credentials source, never a secret or token. */
export class StsRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly httpStatus: number,
    readonly requestId: string | undefined,
  ) {
    super(message);
    this.name = "StsRequestError";
  }
}

export interface StsCall {
  /** The credentials source, named in errors. */
  source: string;
  endpoint: string;
  action: "AssumeRole" | "AssumeRoleWithOIDC";
  /** The operation's parameters (RoleArn, RoleSessionName, …): a form body, as the official clients send them. */
  params: Record<string, string>;
  /** Signs the call (AssumeRole); AssumeRoleWithOIDC is anonymous. */
  credentials?: Credentials;
  /** Values that must never appear in an error message (the OIDC token). */
  secrets?: readonly string[];
  now: () => number;
}

let transport: Transport | undefined;
/** One small pool per process for STS: a credentials fetch is rare. */
function stsTransport(): Transport {
  return (transport ??= new Transport({ connectTimeoutMs: 5000, requestTimeoutMs: 10_000, connections: 2, keepAliveTimeoutMs: 4000 }));
}

function anonymousRequest(call: StsCall, origin: string, host: string): HttpRequest {
  const query = { Action: call.action, Format: "JSON", Timestamp: iso8601Seconds(new Date()), Version: STS_API_VERSION };
  return { origin, method: "POST", path: "/?" + canonicalQuery(query), headers: { host, "content-type": FORM, accept: "application/json" }, body: canonicalQuery(call.params) };
}

/** Reads the temporary credentials out of STS's answer. Their lifetime is measured on STS's
 *  clock (Expiration − the answer's Date), so a skewed local clock neither keeps expired
 *  credentials nor refreshes on every call. */
function temporaryCredentials(call: StsCall, body: Record<string, unknown>, serverDate: string | undefined, localNow: number): Credentials {
  const c = (body.Credentials ?? {}) as Record<string, unknown>;
  const text = (k: string): string | undefined => (typeof c[k] === "string" && c[k] !== "" ? (c[k] as string) : undefined);
  const accessKeyId = text("AccessKeyId");
  const accessKeySecret = text("AccessKeySecret");
  const securityToken = text("SecurityToken");
  const expiration = Date.parse(text("Expiration") ?? "");
  if (!accessKeyId || !accessKeySecret || !securityToken || !Number.isFinite(expiration)) {
    throw new StsRequestError(`${call.source}: STS ${call.action} at ${call.endpoint} answered without complete credentials.`, "InvalidResponse", 200, undefined);
  }
  const date = serverDate === undefined ? NaN : Date.parse(serverDate);
  const expiresAt = Number.isFinite(date) ? localNow + (expiration - date) : expiration;
  return { accessKeyId, accessKeySecret, securityToken, expiresAt };
}

/** Calls STS (retrying throttling, 5xx and network failures) and returns the role's credentials. */
export async function requestTemporaryCredentials(call: StsCall): Promise<Credentials> {
  const origin = call.endpoint;
  const host = new URL(origin).host;
  const base = call.credentials;
  const secrets = [base?.accessKeySecret ?? "", base?.securityToken ?? "", ...(call.secrets ?? [])];
  const attempt = async (): Promise<Credentials> => {
    const signed =
      base &&
      buildSignedRequest({
        action: call.action,
        params: call.params,
        credentials: base,
        origin,
        host,
        method: "POST",
        signatureVersion: "v1",
        format: "JSON",
        nonce: randomUUID(),
        timestamp: new Date(),
        version: STS_API_VERSION,
      });
    const req: HttpRequest = signed || anonymousRequest(call, origin, host);
    const redactions = signed ? [...secrets, signed.signature] : secrets;
    const sentAt = call.now();
    let res;
    try {
      res = await stsTransport().send(req);
    } catch (e) {
      throw networkError(call.action, e, redactions);
    }
    return temporaryCredentials(call, decodeResponse(call.action, res, redactions), res.headers.date, sentAt);
  };
  try {
    return (await runWithRetries(attempt, { settings: { ...DEFAULT_RETRY, maxRetries: 3 }, policy: STS_POLICY, clock: realClientClock, deadline: Date.now() + STS_DEADLINE_MS })) as Credentials;
  } catch (e) {
    if (!(e instanceof EcsError)) throw e;
    const where = e.httpStatus > 0 ? `HTTP ${e.httpStatus}` : "network";
    const text = e.ecsMessage.trim().replace(/\.?$/, ".");
    const id = e.requestId ? ` RequestId: ${e.requestId}.` : "";
    throw new StsRequestError(`${call.source}: STS ${call.action} at ${origin} failed: ${e.code} (${where}): ${text}${id}`, e.code, e.httpStatus, e.requestId);
  }
}
