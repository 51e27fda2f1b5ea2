import { createHash, createHmac } from "node:crypto";
import { canonicalQuery } from "./encode";

export const V3_ALGORITHM = "ACS3-HMAC-SHA256";

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Headers that take part in a V3 signature: host, content-type and every x-acs-*. */
export function isSignedHeader(lowerName: string): boolean {
  return lowerName === "host" || lowerName === "content-type" || lowerName.startsWith("x-acs-");
}

export interface V3Request {
  method: string;
  /** Always "/" for ECS RPC calls. */
  path?: string;
  query: Readonly<Record<string, string>>;
  /** Header names in any case; only signed ones are used. */
  headers: Readonly<Record<string, string>>;
  /** Hex SHA-256 of the body (the x-acs-content-sha256 header). */
  payloadHash: string;
}

export function canonicalRequestV3(req: V3Request): { canonical: string; signedHeaders: string } {
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    const name = k.toLowerCase();
    if (isSignedHeader(name)) lower[name] = String(v).trim();
  }
  const names = Object.keys(lower).sort();
  const canonicalHeaders = names.map((n) => `${n}:${lower[n]}\n`).join("");
  const signedHeaders = names.join(";");
  const canonical = [
    req.method.toUpperCase(),
    req.path ?? "/",
    canonicalQuery(req.query),
    canonicalHeaders,
    signedHeaders,
    req.payloadHash,
  ].join("\n");
  return { canonical, signedHeaders };
}

export function stringToSignV3(canonical: string): string {
  return `${V3_ALGORITHM}\n${sha256Hex(canonical)}`;
}

export function signV3(req: V3Request, accessKeySecret: string): { signature: string; signedHeaders: string; stringToSign: string } {
  const { canonical, signedHeaders } = canonicalRequestV3(req);
  const stringToSign = stringToSignV3(canonical);
  const signature = createHmac("sha256", accessKeySecret).update(stringToSign, "utf8").digest("hex");
  return { signature, signedHeaders, stringToSign };
}

export function authorizationHeaderV3(accessKeyId: string, signedHeaders: string, signature: string): string {
  return `${V3_ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
}

/** Parses `ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex`; undefined if malformed. */
export function parseAuthorizationV3(value: string): { accessKeyId: string; signedHeaders: string[]; signature: string } | undefined {
  const m = /^ACS3-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]*),\s*Signature=([0-9a-fA-F]+)$/.exec(value.trim());
  if (!m) return undefined;
  return { accessKeyId: m[1], signedHeaders: m[2].split(";").filter(Boolean), signature: m[3].toLowerCase() };
}
