/** Turns an HTTP request into an RPC call: which signature style, the action, version and parameters. */
import type { IncomingHttpHeaders } from "node:http";
import type { Format } from "./render";

export interface RpcRequest {
  method: string;
  style: "v1" | "v3";
  /** Query parameters only (V3 signs these separately from the body). */
  query: Record<string, string>;
  /** Query ∪ form body: what handlers and V1 signatures see. */
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  action: string | undefined;
  version: string | undefined;
  format: Format;
}

export function parseQueryString(qs: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!qs) return out;
  for (const [k, v] of new URLSearchParams(qs)) out[k] = v;
  return out;
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function parseRpcRequest(method: string, rawQuery: string, headers: IncomingHttpHeaders, rawBody: Buffer): RpcRequest {
  const query = parseQueryString(rawQuery);
  const contentType = (header(headers, "content-type") ?? "").toLowerCase();
  let bodyParams: Record<string, string> = {};
  if (rawBody.length && (contentType.includes("application/x-www-form-urlencoded") || contentType === "")) {
    bodyParams = parseQueryString(rawBody.toString("utf8"));
  } else if (rawBody.length && contentType.includes("application/json")) {
    try {
      const parsed: unknown = JSON.parse(rawBody.toString("utf8"));
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
        for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) bodyParams[k] = typeof v === "string" ? v : JSON.stringify(v);
    } catch {
      /* left empty: the signature check or a MissingParameter will speak */
    }
  }
  const params = { ...query, ...bodyParams };
  const v3Action = header(headers, "x-acs-action");
  // The official SDK sends x-acs-action/x-acs-version with V1 too: a Signature parameter decides.
  const style = params.Signature === undefined && (v3Action !== undefined || header(headers, "authorization") !== undefined) ? "v3" : "v1";
  const action = style === "v3" ? (v3Action ?? params.Action) : (params.Action ?? v3Action);
  const version = style === "v3" ? (header(headers, "x-acs-version") ?? params.Version) : (params.Version ?? header(headers, "x-acs-version"));
  const accept = (header(headers, "accept") ?? "").toLowerCase();
  const fmt = (params.Format ?? "").toUpperCase();
  const format: Format = fmt === "XML" || (!fmt && accept.includes("xml") && !accept.includes("json")) ? "XML" : "JSON";
  return { method: method.toUpperCase(), style, query, params, headers, rawBody, action, version, format };
}

/** Parameters that belong to the protocol, not to the operation (excluded from ClientToken comparison). */
export const PROTOCOL_PARAMS = new Set([
  "Action",
  "Version",
  "Format",
  "AccessKeyId",
  "Signature",
  "SignatureMethod",
  "SignatureVersion",
  "SignatureNonce",
  "SignatureType",
  "Timestamp",
  "SecurityToken",
  "RegionId",
  "ClientToken",
]);

/** The operation's own parameters (protocol ones removed). */
export function operationParams(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (!PROTOCOL_PARAMS.has(k)) out[k] = v;
  return out;
}

/** Parameters that only sign or frame a request; every other one belongs to the action's request model. */
const FRAMING_PARAMS = new Set([...PROTOCOL_PARAMS].filter((k) => k !== "RegionId" && k !== "ClientToken"));

/** The action's own wire parameters, RegionId and ClientToken included (what an SDK's request model declares). */
export function wireParams(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (!FRAMING_PARAMS.has(k)) out[k] = v;
  return out;
}
