import { createHmac } from "node:crypto";

/** Tencent Cloud black-stone (bare metal) API 2.0, seed 001: `https://bm.api.cloud.tencent.com/v2/index.php`. */
export const TENCENT_BM_HOST = "bm.api.cloud.tencent.com";
export const TENCENT_BM_PATH = "/v2/index.php";

export type TencentSignatureMethod = "HmacSHA1" | "HmacSHA256";

/** The API 2.0 string to sign: METHOD + host + path + "?" + the parameters sorted by name as
 * `k=v` joined by `&`, with raw (not URL-encoded) values. A `_` in a parameter name is written
 * as `.` (Tencent's rule, because PHP turns `.` into `_` on the server side). Signature itself is excluded. */
export function stringToSignTencent(method: string, host: string, path: string, params: Readonly<Record<string, string>>): string {
  const pairs = Object.keys(params)
    .filter((k) => k !== "Signature")
    .sort()
    .map((k) => `${k.replace(/_/g, ".")}=${params[k]}`);
  return `${method.toUpperCase()}${host}${path}?${pairs.join("&")}`;
}

/** Base64 HMAC of the string to sign; HmacSHA1 unless params.SignatureMethod says HmacSHA256. */
export function signTencent(method: string, host: string, path: string, params: Readonly<Record<string, string>>, secretKey: string): string {
  const algorithm = params.SignatureMethod === "HmacSHA256" ? "sha256" : "sha1";
  return createHmac(algorithm, secretKey).update(stringToSignTencent(method, host, path, params), "utf8").digest("base64");
}
