/** Temporary credentials STS issued: looked up by their STS.… access key id when ECS (or STS
 *  itself, for role chaining) authenticates a request, and refused once the emulated clock passes
 *  their expiry. Kept in memory only: a restarted emulator has forgotten them (clients assume again). */
import { randomBytes } from "node:crypto";
import { ApiError } from "../errors";
import type { Credential } from "../protocol/auth";

export interface Session {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  /** Emulated ms. */
  issuedAt: number;
  expiresAt: number;
  action: "AssumeRole" | "AssumeRoleWithOIDC";
  roleArn: string;
  roleName: string;
  roleId: string;
  sessionName: string;
  /** The emulator account (access key id) whose resources the session acts on. */
  account: string;
  /** Who assumed the role: the caller's ARN, or the OIDC token's issuer and subject. */
  assumedBy: string;
}

/** Expired sessions are still answered with InvalidSecurityToken.Expired for this long (emulated). */
const FORGET_AFTER_MS = 24 * 3600_000;
const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomText(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += ALPHANUMERIC[b % ALPHANUMERIC.length];
  return out;
}

export const expiredToken = (): ApiError => new ApiError("InvalidSecurityToken.Expired", "Specified SecurityToken is expired.", 400);

export class SessionBook {
  private readonly byKey = new Map<string, Session>();
  /** Requests refused because their session had expired (tests count refreshes with it). */
  expiredRefusals = 0;

  issue(fields: Omit<Session, "accessKeyId" | "accessKeySecret" | "securityToken">): Session {
    this.forgetOld(fields.issuedAt);
    const session: Session = {
      ...fields,
      accessKeyId: `STS.${randomText(25)}`,
      accessKeySecret: randomText(44),
      // Real tokens are long base64 (with + / =), which exercises every client's encoding.
      securityToken: "CAIS" + randomBytes(300).toString("base64"),
    };
    this.byKey.set(session.accessKeyId, session);
    return session;
  }

  get(accessKeyId: string): Session | undefined {
    return this.byKey.get(accessKeyId);
  }

  /** The credential a request signed with an STS key must match; throws once it has expired. */
  credential(accessKeyId: string, now: number): Credential | undefined {
    const s = this.byKey.get(accessKeyId);
    if (!s) return undefined;
    if (s.expiresAt <= now) {
      this.expiredRefusals++;
      throw expiredToken();
    }
    return { accessKeyId: s.accessKeyId, accessKeySecret: s.accessKeySecret, securityToken: s.securityToken };
  }

  list(): Session[] {
    return [...this.byKey.values()].map((s) => ({ ...s }));
  }

  clear(): void {
    this.byKey.clear();
    this.expiredRefusals = 0;
  }

  private forgetOld(now: number): void {
    for (const [key, s] of this.byKey) if (s.expiresAt + FORGET_AFTER_MS < now) this.byKey.delete(key);
  }
}
