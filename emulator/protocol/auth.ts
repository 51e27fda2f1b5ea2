/** Verifies V1 and V3 signatures, timestamps, nonces and STS tokens with the shared signing primitives. */
import { timingSafeEqual } from "node:crypto";
import { parseAuthorizationV3, sha256Hex, signV1, signV3, stringToSignV1 } from "../../provider/client/signing";
import { TIMESTAMP_SKEW_MS } from "../defaults";
import { ApiError, missingParameter } from "../errors";
import { header, type RpcRequest } from "./request";

export interface Credential {
  accessKeyId: string;
  accessKeySecret: string;
  /** When set, requests with this key must carry exactly this STS token. */
  securityToken?: string;
  /** Emulated ms from which the key is refused as expired (InvalidSecurityToken.Expired): an STS token's end. */
  expiresAt?: number;
}

/** Remembers nonces for the replay window (real wall time). */
export class NonceCache {
  private readonly seen = new Map<string, number>();
  private lastPrune = Date.now();

  /** False if the nonce was already used by this key within the window. */
  use(accessKeyId: string, nonce: string): boolean {
    const now = Date.now();
    if (now - this.lastPrune > 60_000) this.prune(now);
    const key = `${accessKeyId}\n${nonce}`;
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return false;
    this.seen.set(key, now + 2 * TIMESTAMP_SKEW_MS);
    return true;
  }

  private prune(now: number): void {
    this.lastPrune = now;
    for (const [k, until] of this.seen) if (until <= now) this.seen.delete(k);
  }
}

const signatureMismatch = (stringToSign: string): ApiError =>
  new ApiError("SignatureDoesNotMatch", `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`, 400);

function checkTimestamp(value: string, name: string): void {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) || Number.isNaN(ms))
    throw new ApiError("InvalidTimeStamp.Format", `Specified time stamp or date value is not well formatted. ${name}: ${value}`, 400);
  if (Math.abs(Date.now() - ms) > TIMESTAMP_SKEW_MS) throw new ApiError("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.", 400);
}

function equalText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function checkToken(cred: Credential, token: string | undefined): void {
  if (cred.securityToken === undefined) return;
  if (!token) throw new ApiError("MissingSecurityToken", "SecurityToken is mandatory for this access key (an STS credential).", 400);
  if (token !== cred.securityToken) throw new ApiError("InvalidSecurityToken.MismatchWithAccessKey", "Specified SecurityToken mismatch with the AccessKey.", 400);
}

/** Returns the caller's access key id, or throws the ECS error a real endpoint would send. */
export function authenticate(req: RpcRequest, lookup: (id: string) => Credential | undefined, nonces: NonceCache): string {
  return req.style === "v3" ? verifyV3(req, lookup, nonces) : verifyV1(req, lookup, nonces);
}

function verifyV1(req: RpcRequest, lookup: (id: string) => Credential | undefined, nonces: NonceCache): string {
  const p = req.params;
  for (const name of ["AccessKeyId", "Signature", "SignatureNonce", "Timestamp"]) if (!p[name]) throw missingParameter(name);
  if (p.SignatureMethod && p.SignatureMethod !== "HMAC-SHA1")
    throw new ApiError("InvalidParameter", `The specified parameter "SignatureMethod" is not valid. Only HMAC-SHA1 is supported.`, 400);
  const cred = lookup(p.AccessKeyId);
  if (!cred) throw new ApiError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404);
  checkTimestamp(p.Timestamp, "Timestamp");
  const { Signature, ...signed } = p;
  const expected = signV1(req.method, signed, cred.accessKeySecret);
  if (!equalText(expected, Signature)) throw signatureMismatch(stringToSignV1(req.method, signed));
  checkToken(cred, p.SecurityToken);
  if (!nonces.use(cred.accessKeyId, p.SignatureNonce)) throw new ApiError("SignatureNonceUsed", "Specified signature nonce was used already.", 400);
  return cred.accessKeyId;
}

function verifyV3(req: RpcRequest, lookup: (id: string) => Credential | undefined, nonces: NonceCache): string {
  const authHeader = header(req.headers, "authorization");
  if (!authHeader) throw missingParameter("Authorization");
  const auth = parseAuthorizationV3(authHeader);
  if (!auth) throw new ApiError("InvalidAuthorization", "Specified Authorization header is not valid: expected ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=….", 400);
  const date = header(req.headers, "x-acs-date");
  const nonce = header(req.headers, "x-acs-signature-nonce");
  if (!date) throw missingParameter("x-acs-date");
  if (!nonce) throw missingParameter("x-acs-signature-nonce");
  const cred = lookup(auth.accessKeyId);
  if (!cred) throw new ApiError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404);
  checkTimestamp(date, "x-acs-date");
  const bodyHash = sha256Hex(req.rawBody);
  const claimed = header(req.headers, "x-acs-content-sha256");
  if (claimed !== undefined && claimed.toLowerCase() !== bodyHash)
    throw new ApiError("ContentSHA256NotMatched", "The x-acs-content-sha256 header does not match the SHA-256 of the request body.", 400);
  const signedHeaders: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const v = req.headers[name];
    signedHeaders[name] = Array.isArray(v) ? v.join(",") : (v ?? "");
  }
  const expected = signV3({ method: req.method, path: "/", query: req.query, headers: signedHeaders, payloadHash: claimed ?? bodyHash }, cred.accessKeySecret);
  if (!equalText(expected.signature, auth.signature)) throw signatureMismatch(expected.stringToSign);
  checkToken(cred, header(req.headers, "x-acs-security-token") ?? req.params.SecurityToken);
  if (!nonces.use(cred.accessKeyId, nonce)) throw new ApiError("SignatureNonceUsed", "Specified signature nonce was used already.", 400);
  return cred.accessKeyId;
}
