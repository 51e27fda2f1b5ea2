/** OIDC token (JWT, JWS compact form) checks as STS makes them, with STS's error codes: the
 *  signature against the provider's JWKS, then issuer, audience and time on the emulator's clock. */
import { constants, createPublicKey, verify as verifySignature, type JsonWebKey as NodeJwk, type KeyObject } from "node:crypto";
import { ApiError } from "../errors";
import type { JsonWebKey, OidcProvider } from "./config";

export interface OidcClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  iat?: number;
  nbf?: number;
}

const invalid = (message: string): ApiError => new ApiError("AuthenticationFail.OIDCToken.Invalid", message, 401);

/** JWS alg → node's digest and signature encoding. */
const ALGORITHMS: Record<string, { digest: string; kty: string; pss?: boolean }> = {
  RS256: { digest: "sha256", kty: "RSA" },
  RS384: { digest: "sha384", kty: "RSA" },
  RS512: { digest: "sha512", kty: "RSA" },
  PS256: { digest: "sha256", kty: "RSA", pss: true },
  PS384: { digest: "sha384", kty: "RSA", pss: true },
  PS512: { digest: "sha512", kty: "RSA", pss: true },
  ES256: { digest: "sha256", kty: "EC" },
  ES384: { digest: "sha384", kty: "EC" },
  ES512: { digest: "sha512", kty: "EC" },
};

function decodePart(part: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    /* falls through */
  }
  throw invalid(`Cannot decode base64 encoded ${what} (format invalided).`);
}

function publicKey(jwk: JsonWebKey): KeyObject | undefined {
  try {
    return createPublicKey({ key: jwk as NodeJwk, format: "jwk" });
  } catch {
    return undefined;
  }
}

/** Verifies the token for `provider` at emulated time `nowMs`; returns its claims or throws STS's error. */
export function verifyOidcToken(token: string, provider: OidcProvider, nowMs: number): OidcClaims {
  if (!token) throw invalid("The OIDCToken can not empty.");
  const parts = token.split(".");
  if (parts.length !== 3) throw invalid("The number of Jwt field should be divided into 3 parts with '.' .");
  const header = decodePart(parts[0], "header");
  const payload = decodePart(parts[1], "payload");
  const alg = String(header.alg ?? "");
  const spec = ALGORITHMS[alg];
  if (!spec) throw invalid(`The algorithm ${alg || "(none)"} that be specified in Jwt header is unknown.`);

  const kid = typeof header.kid === "string" ? header.kid : undefined;
  const candidates = provider.jwks.keys.filter((k) => k.kty === spec.kty && (kid === undefined || k.kid === kid) && (k.alg === undefined || k.alg === alg));
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], "base64url");
  const ok = candidates.some((jwk) => {
    const key = publicKey(jwk);
    if (!key) return false;
    // JWS carries EC signatures as r‖s (IEEE P1363) and PSS salts as long as the digest.
    const pss = spec.pss ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : {};
    return verifySignature(spec.digest, signed, { key, dsaEncoding: "ieee-p1363", ...pss }, signature);
  });
  if (!ok) throw new ApiError("AuthenticationFail.OIDCToken.InvalidSignature", "OIDC token validate failed: invalid signature.", 401);

  const iss = payload.iss;
  if (typeof iss !== "string" || iss !== provider.issuerUrl)
    throw new ApiError("AuthenticationFail.OIDCToken.IssuerNotMatch", "The issuer in the OIDC Token doesn't match the OIDC Provider registered.", 401);
  const aud = typeof payload.aud === "string" ? [payload.aud] : Array.isArray(payload.aud) ? payload.aud.filter((a): a is string => typeof a === "string") : [];
  if (!aud.some((a) => provider.clientIds.includes(a))) throw new ApiError("AuthenticationFail.OIDCToken.AudienceNotMatch", "Invalid audience.", 401);
  const exp = payload.exp;
  if (typeof exp !== "number") throw invalid("The Jwt content is invalid that cannot be recognized.");
  if (exp * 1000 <= nowMs) throw new ApiError("AuthenticationFail.OIDCToken.Expired", "This JsonWebToken is expired.", 401);
  const nbf = typeof payload.nbf === "number" ? payload.nbf : undefined;
  if (nbf !== undefined && nbf * 1000 > nowMs) throw invalid("The Jwt is not valid yet (nbf).");
  if (typeof payload.sub !== "string" || !payload.sub) throw invalid("The Jwt content is invalid that cannot be recognized.");
  return { iss, sub: payload.sub, aud, exp, iat: typeof payload.iat === "number" ? payload.iat : undefined, nbf };
}
