import { canonicalQuery } from "./signing/encode";
import { iso8601Seconds, signV1, v1CommonParams } from "./signing/v1";
import { authorizationHeaderV3, sha256Hex, signV3 } from "./signing/v3";
import type { Credentials } from "./credentials/types";
import type { HttpRequest } from "./transport";

import { API_VERSIONS } from "./credentials/settings";

export const ECS_API_VERSION = API_VERSIONS.ecs;
/** Above this many characters of encoded parameters, a V3 POST moves them from the query into
 * a form body, so long inputs (UserData) do not hit URL/header size limits. */
export const V3_QUERY_LIMIT = 4096;
const FORM = "application/x-www-form-urlencoded";

export interface SignedRequestInput {
  action: string;
  /** Flat operation parameters (see flattenParams). */
  params: Readonly<Record<string, string>>;
  credentials: Credentials;
  /** scheme://host[:port] */
  origin: string;
  /** Host header (host[:port]) of `origin`; derived from it when unset. */
  host?: string;
  method: "GET" | "POST";
  signatureVersion: "v1" | "v3";
  format: "JSON" | "XML";
  nonce: string;
  timestamp: Date;
  version?: string;
  userAgent?: string;
}

export interface SignedRequest extends HttpRequest {
  /** Kept apart so errors and logs can redact it. */
  signature: string;
}

/** Builds one fully signed HTTP request. Pure: the nonce and time come from the caller, so each
 * retry signs anew and tests can pin both. */
export function buildSignedRequest(input: SignedRequestInput): SignedRequest {
  return input.signatureVersion === "v1" ? buildV1(input) : buildV3(input);
}

function baseHeaders(input: SignedRequestInput): Record<string, string> {
  return {
    host: input.host ?? new URL(input.origin).host,
    accept: input.format === "XML" ? "application/xml" : "application/json",
    "user-agent": input.userAgent ?? "pulumi-alicloud-ecs",
  };
}

/** RPC V1: common parameters and Signature in the query; for POST the operation's own
 * parameters travel as a form body (the signature covers query ∪ body). */
function buildV1(input: SignedRequestInput): SignedRequest {
  const { credentials: c } = input;
  const common: Record<string, string> = {
    ...v1CommonParams(c.accessKeyId, input.nonce, input.timestamp),
    Action: input.action,
    Version: input.version ?? ECS_API_VERSION,
    Format: input.format,
  };
  if (c.securityToken) common.SecurityToken = c.securityToken;
  const all = { ...input.params, ...common };
  const signature = signV1(input.method, all, c.accessKeySecret);
  const headers = baseHeaders(input);
  if (input.method === "GET") {
    return { origin: input.origin, method: "GET", path: "/?" + canonicalQuery({ ...all, Signature: signature }), headers, signature };
  }
  const body = canonicalQuery(input.params);
  headers["content-type"] = FORM;
  return { origin: input.origin, method: "POST", path: "/?" + canonicalQuery({ ...common, Signature: signature }), headers, body, signature };
}

/** ACS3-HMAC-SHA256: the operation's parameters in the query (form body when they are long and
 * the method is POST), action and version in x-acs-* headers, Authorization header. */
function buildV3(input: SignedRequestInput): SignedRequest {
  const { credentials: c } = input;
  const params: Record<string, string> = { ...input.params };
  if (input.format === "XML") params.Format = "XML";
  let query = params;
  let body: string | undefined;
  const encoded = canonicalQuery(params);
  if (input.method === "POST" && encoded.length > V3_QUERY_LIMIT) {
    query = {};
    body = encoded;
  }
  const headers: Record<string, string> = {
    ...baseHeaders(input),
    "x-acs-action": input.action,
    "x-acs-version": input.version ?? ECS_API_VERSION,
    "x-acs-date": iso8601Seconds(input.timestamp),
    "x-acs-signature-nonce": input.nonce,
    "x-acs-content-sha256": sha256Hex(body ?? ""),
  };
  if (body !== undefined) headers["content-type"] = FORM;
  if (c.securityToken) headers["x-acs-security-token"] = c.securityToken;
  const { signature, signedHeaders } = signV3(
    { method: input.method, path: "/", query, headers, payloadHash: headers["x-acs-content-sha256"] },
    c.accessKeySecret,
  );
  headers.authorization = authorizationHeaderV3(c.accessKeyId, signedHeaders, signature);
  const qs = body === undefined ? encoded : "";
  return { origin: input.origin, method: input.method, path: qs ? "/?" + qs : "/", headers, body, signature };
}
