/** Tencent Cloud black-stone (bare metal) API 2.0 at /v2/index.php (seed 001): DescribeRegions,
 *  with the API 2.0 signature (HmacSHA1/HmacSHA256 over METHOD + host + path + sorted params)
 *  checked against the emulator's configured keys (SecretId = AccessKeyId, SecretKey = secret).
 *  Answers are HTTP 200 with {code, message, codeDesc, data}; code 0 means success. */
import { timingSafeEqual } from "node:crypto";
import { signTencent, TENCENT_BM_PATH } from "../../provider/tencent/signing";
import { TIMESTAMP_SKEW_MS } from "../defaults";
import { NonceCache } from "../protocol/auth";
import type { Store } from "../state";
import type { CoreServices, RawRequest, RawResponse, RouteTable } from "./types";

interface TencentZone {
  zoneId: string;
  zoneName: string;
  zoneEname: string;
}
interface TencentRegion {
  regionId: string;
  regionName: string;
  setName: string;
  zones: TencentZone[];
}

/** The bare-metal regions and zones of the reference (8 Beijing, 4 Shanghai, 1 Guangzhou). */
export const TENCENT_BM_REGIONS: readonly TencentRegion[] = [
  { regionId: "1", regionName: "华南地区（广州）", setName: "ap-guangzhou", zones: [{ zoneId: "1000100003", zoneName: "广州物理机一区", zoneEname: "ap-guangzhou-bls-1" }] },
  { regionId: "4", regionName: "华东地区（上海）", setName: "ap-shanghai", zones: [{ zoneId: "1000400001", zoneName: "上海物理机一区", zoneEname: "ap-shanghai-bls-1" }] },
  {
    regionId: "8",
    regionName: "华北地区（北京）",
    setName: "ap-beijing",
    zones: [
      { zoneId: "1000800001", zoneName: "北京物理机一区", zoneEname: "ap-beijing-bls-1" },
      { zoneId: "1000800002", zoneName: "北京物理机二区", zoneEname: "ap-beijing-bls-2" },
    ],
  },
];

/** API 2.0 error: code and codeDesc as Tencent's common error codes name them. */
class TencentError extends Error {
  constructor(
    readonly code: number,
    readonly codeDesc: string,
    message: string,
  ) {
    super(message);
  }
}

const answer = (code: number, message: string, codeDesc: string, data?: unknown): RawResponse => ({
  status: 200,
  body: JSON.stringify(data === undefined ? { code, message, codeDesc } : { code, message, codeDesc, data }),
});

/** One nonce cache per emulator (its Store outlives resets), so replays are caught per instance. */
const nonceCaches = new WeakMap<Store, NonceCache>();

function equalText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks the common parameters and the signature; returns the caller's SecretId. */
function authenticate(req: RawRequest, params: Record<string, string>, core: CoreServices): string {
  for (const name of ["Action", "SecretId", "Nonce", "Timestamp", "Region", "Signature"])
    if (!params[name]) throw new TencentError(4000, "InvalidParameter", `The common parameter ${name} is missing.`);
  if (params.SignatureMethod && params.SignatureMethod !== "HmacSHA1" && params.SignatureMethod !== "HmacSHA256")
    throw new TencentError(4000, "InvalidParameter", `SignatureMethod must be HmacSHA1 or HmacSHA256, not ${params.SignatureMethod}.`);
  if (!/^\d+$/.test(params.Nonce!)) throw new TencentError(4000, "InvalidParameter", "Nonce must be a positive integer.");
  if (!/^\d+$/.test(params.Timestamp!)) throw new TencentError(4000, "InvalidParameter", "Timestamp must be a UNIX time in seconds.");
  const cred = core.credential(params.SecretId!);
  if (!cred) throw new TencentError(4100, "AuthFailure.SecretIdNotFound", "Authentication failed: the SecretId does not exist.");
  if (Math.abs(Date.now() - Number(params.Timestamp) * 1000) > TIMESTAMP_SKEW_MS)
    throw new TencentError(4500, "RequestReplay.TimestampExpired", "The Timestamp is too far from the server time; check the clock.");
  // The string to sign carries the host the client connected to (seed 001: bm.api.cloud.tencent.com).
  const host = req.headers.host ?? "";
  const expected = signTencent(req.method, host, req.path, params, cred.accessKeySecret);
  if (!equalText(expected, params.Signature!)) throw new TencentError(4100, "AuthFailure.SignatureFailure", "Authentication failed: the signature does not match.");
  let nonces = nonceCaches.get(core.store);
  if (!nonces) nonceCaches.set(core.store, (nonces = new NonceCache()));
  if (!nonces.use(cred.accessKeyId, params.Nonce!)) throw new TencentError(4500, "RequestReplay.NonceUsed", "The Nonce was used already (replayed request).");
  return cred.accessKeyId;
}

function describeRegions(params: Record<string, string>): unknown {
  const wanted = params.regionId;
  if (wanted !== undefined && !TENCENT_BM_REGIONS.some((r) => r.regionId === wanted))
    throw new TencentError(4000, "InvalidParameter", `regionId ${wanted} is not a bare-metal region (8 Beijing, 4 Shanghai, 1 Guangzhou).`);
  const data: Record<string, unknown> = {};
  for (const r of TENCENT_BM_REGIONS) {
    if (wanted !== undefined && r.regionId !== wanted) continue;
    data[r.regionId] = {
      regionId: r.regionId,
      regionName: r.regionName,
      setName: r.setName,
      zones: Object.fromEntries(r.zones.map((z) => [z.zoneId, { ...z }])),
    };
  }
  return data;
}

const TENCENT_ACTIONS: Record<string, (params: Record<string, string>) => unknown> = { DescribeRegions: describeRegions };

function formBody(req: RawRequest): Record<string, string> {
  if (req.method !== "POST" || !req.body) return {};
  return Object.fromEntries(new URLSearchParams(req.body));
}

async function handleV2(req: RawRequest, core: CoreServices): Promise<RawResponse> {
  if (req.method !== "GET" && req.method !== "POST") return { status: 405, headers: { allow: "GET, POST" }, body: "" };
  const params = { ...req.query, ...formBody(req) };
  core.count(`tencent:${params.Action || "?"}`);
  try {
    authenticate(req, params, core);
    const action = TENCENT_ACTIONS[params.Action!];
    if (!action) throw new TencentError(4000, "InvalidParameter", `The Action ${params.Action} does not exist.`);
    return answer(0, "OK", "Success", action(params));
  } catch (e) {
    if (e instanceof TencentError) return answer(e.code, e.message, e.codeDesc);
    throw e;
  }
}

/** Tencent's API lives on its own path, outside the ECS action table. */
export const tencentRoutes: RouteTable = { [TENCENT_BM_PATH]: handleV2 };
