import { randomInt } from "node:crypto";
import { redact } from "../client/errors";
import { Transport } from "../client/transport";
import { signTencent, TENCENT_BM_HOST, TENCENT_BM_PATH } from "./signing";

export interface TencentBmOptions {
  secretId: string;
  secretKey: string;
  /** Default https://bm.api.cloud.tencent.com; e.g. http://127.0.0.1:PORT for the emulator. */
  endpoint?: string;
  /** Tencent short region name (bj, sh, gz); default "gz". */
  region?: string;
  timeoutMs?: number;
}

/** A failed Tencent API 2.0 call: `code` ≠ 0 in the answer, or a bad HTTP status. */
export class TencentApiError extends Error {
  constructor(
    readonly action: string,
    readonly code: number | string,
    readonly apiMessage: string,
    readonly codeDesc?: string,
    readonly httpStatus?: number,
  ) {
    super(`Tencent bare metal ${action} failed: code ${code}${codeDesc ? ` (${codeDesc})` : ""}: ${apiMessage}`);
    this.name = "TencentApiError";
  }
}

let transport: Transport | undefined;

/** Calls the Tencent black-stone API 2.0 with a signed GET (seed 001) and returns `data`. */
export async function callTencentBm<T = unknown>(action: string, params: Record<string, string | number>, opts: TencentBmOptions): Promise<T> {
  const base = new URL(opts.endpoint ?? `https://${TENCENT_BM_HOST}`);
  const path = base.pathname !== "/" ? base.pathname.replace(/\/+$/, "") : TENCENT_BM_PATH;
  const all: Record<string, string> = {
    Action: action,
    Region: opts.region ?? "gz",
    Timestamp: String(Math.floor(Date.now() / 1000)),
    Nonce: String(randomInt(1, 2 ** 31 - 1)),
    SecretId: opts.secretId,
  };
  for (const [k, v] of Object.entries(params)) all[k] = String(v);
  const signature = signTencent("GET", base.host, path, all, opts.secretKey);
  const query = new URLSearchParams({ ...all, Signature: signature }).toString();
  transport ??= new Transport({ connectTimeoutMs: opts.timeoutMs ?? 5000, requestTimeoutMs: opts.timeoutMs ?? 15_000 });
  const res = await transport.send({ origin: base.origin, method: "GET", path: `${path}?${query}`, headers: { host: base.host, accept: "application/json" } });
  let body: { code?: number | string; message?: string; codeDesc?: string; data?: T };
  try {
    body = JSON.parse(res.body) as typeof body;
  } catch {
    throw new TencentApiError(action, `HTTP${res.status}`, `the answer is not JSON (HTTP ${res.status})`, undefined, res.status);
  }
  if (res.status >= 400 || (body.code !== undefined && Number(body.code) !== 0)) {
    const message = redact(body.message ?? `HTTP ${res.status}`, [opts.secretKey, signature]);
    throw new TencentApiError(action, body.code ?? `HTTP${res.status}`, message, body.codeDesc, res.status);
  }
  return body.data as T;
}
