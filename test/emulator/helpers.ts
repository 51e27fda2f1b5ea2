/** Signed raw calls against the emulator, using the project's own signers (not a mock), and the
 *  per-suite emulator setup the action tests share. */
import { randomUUID } from "node:crypto";
import { authorizationHeaderV3, canonicalQuery, iso8601Seconds, sha256Hex, signV1, signV3, v1CommonParams } from "../../provider/client/signing";
import { flattenParams, type Params } from "../../provider/client/params";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { defaultVpcId } from "../../emulator/catalog";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, ECS_API_VERSION } from "../../emulator/defaults";

export interface CallOptions {
  method?: "GET" | "POST";
  /** Send the operation's parameters in a form body instead of the query (POST). */
  formBody?: boolean;
  format?: "JSON" | "XML";
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  nonce?: string;
  timestamp?: Date;
  version?: string;
}

export interface CallResult<T = Record<string, any>> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

async function finish<T>(res: Response): Promise<CallResult<T>> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* XML or plain text stays text */
  }
  return { status: res.status, headers: res.headers, text, body: body as T };
}

export async function callV1<T = Record<string, any>>(url: string, action: string, params: Params = {}, o: CallOptions = {}): Promise<CallResult<T>> {
  const method = o.method ?? "GET";
  const all: Record<string, string> = {
    ...flattenParams(params),
    ...v1CommonParams(o.accessKeyId ?? DEFAULT_ACCESS_KEY_ID, o.nonce ?? randomUUID(), o.timestamp ?? new Date()),
    Action: action,
    Version: o.version ?? ECS_API_VERSION,
    Format: o.format ?? "JSON",
  };
  if (o.securityToken) all.SecurityToken = o.securityToken;
  all.Signature = signV1(method, all, o.accessKeySecret ?? DEFAULT_ACCESS_KEY_SECRET);
  if (method === "POST" && o.formBody) {
    const res = await fetch(`${url}/`, { method, headers: { "content-type": "application/x-www-form-urlencoded" }, body: canonicalQuery(all) });
    return finish<T>(res);
  }
  const res = await fetch(`${url}/?${canonicalQuery(all)}`, { method });
  return finish<T>(res);
}

export async function callV3<T = Record<string, any>>(url: string, action: string, params: Params = {}, o: CallOptions = {}): Promise<CallResult<T>> {
  const flat = flattenParams(params);
  if (o.format) flat.Format = o.format;
  // formBody: the operation's parameters travel in a form body (covered by x-acs-content-sha256), not the query.
  const query = o.formBody ? {} : flat;
  const body = o.formBody ? canonicalQuery(flat) : "";
  const host = new URL(url).host;
  const headers: Record<string, string> = {
    host,
    "x-acs-action": action,
    "x-acs-version": o.version ?? ECS_API_VERSION,
    "x-acs-date": iso8601Seconds(o.timestamp ?? new Date()),
    "x-acs-signature-nonce": o.nonce ?? randomUUID(),
    "x-acs-content-sha256": sha256Hex(body),
  };
  if (o.formBody) headers["content-type"] = "application/x-www-form-urlencoded";
  if (o.securityToken) headers["x-acs-security-token"] = o.securityToken;
  const signed = signV3({ method: "POST", query, headers, payloadHash: headers["x-acs-content-sha256"] }, o.accessKeySecret ?? DEFAULT_ACCESS_KEY_SECRET);
  headers.authorization = authorizationHeaderV3(o.accessKeyId ?? DEFAULT_ACCESS_KEY_ID, signed.signedHeaders, signed.signature);
  const { host: _host, ...sent } = headers;
  const qs = canonicalQuery(query);
  const res = await fetch(`${url}/${qs ? "?" + qs : ""}`, { method: "POST", headers: sent, body: body || undefined });
  return finish<T>(res);
}

/** Creates a VPC security group in the region's default VPC through the API. */
export async function createSecurityGroup(url: string, regionId = "cn-hangzhou", extra: Params = {}): Promise<string> {
  const r = await callV1(url, "CreateSecurityGroup", { RegionId: regionId, VpcId: defaultVpcId(regionId), ...extra });
  if (r.status !== 200) throw new Error(`CreateSecurityGroup failed: ${r.text}`);
  return r.body.SecurityGroupId as string;
}

/** A JSON call to the emulator's admin API under /_emulator/. */
export async function adminCall(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${url}/_emulator/${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** Throws with the emulator's answer when a call did not succeed (keeps test failures readable). */
export function ok<T>(r: CallResult<T>): T {
  if (r.status !== 200) throw new Error(`expected 200, got ${r.status}: ${r.text}`);
  return r.body;
}

/** V1-signed calls bound to one region of a suite's emulator. */
export interface RegionSuite {
  /** The suite's emulator (started in beforeAll). */
  readonly emu: RunningEmulator;
  call(action: string, params?: Params): Promise<CallResult>;
  /** The answer's body; throws with the emulator's answer unless HTTP 200. */
  ok(action: string, params?: Params): Promise<Record<string, any>>;
  /** Expects the given error code and HTTP status; returns the error message. */
  fails(action: string, params: Params, code: string, status: number): Promise<string>;
}

/** Registers the usual suite hooks: one emulator with a manual clock and instant transitions,
 *  reset before each test, closed after the suite; calls go to `region`. */
export function regionSuite(region = "cn-hangzhou"): RegionSuite {
  let emu: RunningEmulator | undefined;
  beforeAll(async () => {
    emu = await startEmulator({ clock: "manual", delayScale: 0 });
  });
  afterAll(() => emu?.close());
  beforeEach(() => suite.emu.admin.reset());

  const suite: RegionSuite = {
    get emu(): RunningEmulator {
      if (!emu) throw new Error("the suite's emulator is not started yet (use it inside tests or hooks)");
      return emu;
    },
    call: (action, params = {}) => callV1(suite.emu.url, action, { RegionId: region, ...params }),
    async ok(action, params = {}) {
      const res = await suite.call(action, params);
      if (res.status !== 200) throw new Error(`${action} failed: ${res.status} ${res.text}`);
      return res.body;
    },
    async fails(action, params, code, status) {
      const res = await suite.call(action, params);
      expect({ status: res.status, code: res.body.Code }).toEqual({ status, code });
      return res.body.Message as string;
    },
  };
  return suite;
}
