/** A fake OIDC issuer for tests: a key pair generated in the test, its JWKS for the emulator's STS,
 *  and signed ID tokens (JWS compact form), as GitHub Actions or Kubernetes would hand a job. */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from "node:crypto";
import type { Jwks, RoleInput, TrustPolicy } from "../../emulator";

export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
export const STS_AUDIENCE = "sts.aliyuncs.com";

export interface TokenClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  /** Seconds since the epoch. */
  exp?: number;
  iat?: number;
  nbf?: number;
}

export class TestIssuer {
  readonly kid = randomUUID();
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor(
    readonly issuer = GITHUB_ISSUER,
    readonly alg: "RS256" | "ES256" = "RS256",
  ) {
    const pair = alg === "RS256" ? generateKeyPairSync("rsa", { modulusLength: 2048 }) : generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  jwks(): Jwks {
    const jwk = this.publicKey.export({ format: "jwk" });
    return { keys: [{ ...jwk, kty: String(jwk.kty), kid: this.kid, alg: this.alg, use: "sig" }] };
  }

  /** A token valid for an hour from `nowMs` (the emulator's clock) unless the claims say otherwise. */
  token(nowMs: number, claims: TokenClaims = {}, header: Record<string, unknown> = {}): string {
    const iat = Math.floor(nowMs / 1000);
    const payload = { iss: this.issuer, sub: "repo:acme/infra:ref:refs/heads/main", aud: STS_AUDIENCE, iat, exp: iat + 3600, jti: randomUUID(), ...claims };
    const head = { alg: this.alg, typ: "JWT", kid: this.kid, ...header };
    const signingInput = `${b64(head)}.${b64(payload)}`;
    const signature = sign("sha256", Buffer.from(signingInput), { key: this.privateKey, dsaEncoding: "ieee-p1363" });
    return `${signingInput}.${signature.toString("base64url")}`;
  }
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The trust policy RAM writes for a role trusted by an OIDC provider, limited to one audience and a subject pattern. */
export function oidcTrustPolicy(providerArn: string, opts: { issuer?: string; audience?: string; subjectLike?: string } = {}): TrustPolicy {
  return {
    Version: "1",
    Statement: [
      {
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Principal: { Federated: [providerArn] },
        Condition: {
          StringEquals: { "oidc:aud": opts.audience ?? STS_AUDIENCE, "oidc:iss": opts.issuer ?? GITHUB_ISSUER },
          StringLike: { "oidc:sub": opts.subjectLike ?? "repo:acme/infra:*" },
        },
      },
    ],
  };
}

/** A role an OIDC provider may assume, acting on the resources of `account` (an emulator access key). */
export function oidcRole(name: string, providerArn: string, account?: string): RoleInput {
  return { name, account, trustPolicy: oidcTrustPolicy(providerArn) };
}
