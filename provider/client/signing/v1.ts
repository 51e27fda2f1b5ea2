import { createHmac } from "node:crypto";
import { canonicalQuery, percentEncode } from "./encode";

/** RPC signature V1 (HMAC-SHA1), reference §4.4. `params` are every request parameter
 * (query ∪ form body) except Signature. */
export function stringToSignV1(method: string, params: Readonly<Record<string, string>>): string {
  return `${method.toUpperCase()}&${percentEncode("/")}&${percentEncode(canonicalQuery(params))}`;
}

export function signV1(method: string, params: Readonly<Record<string, string>>, accessKeySecret: string): string {
  return createHmac("sha1", accessKeySecret + "&").update(stringToSignV1(method, params), "utf8").digest("base64");
}

/** The common parameters V1 adds to every call; the caller adds SecurityToken for STS. */
export function v1CommonParams(accessKeyId: string, nonce: string, timestamp: Date): Record<string, string> {
  return {
    AccessKeyId: accessKeyId,
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    SignatureNonce: nonce,
    Timestamp: iso8601Seconds(timestamp),
  };
}

/** yyyy-MM-ddTHH:mm:ssZ, the Timestamp format the reference requires. */
export function iso8601Seconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}
