/** Credentials of a RAM role session from STS: AssumeRole (signed with base credentials) and
 *  AssumeRoleWithOIDC (the platform's OIDC token, read from its file on every refresh because the
 *  platform rotates it). Both cache until shortly before Expiration (RefreshingCredentialsProvider). */
import { readFile } from "node:fs/promises";
import { RefreshingCredentialsProvider, type RefreshOptions } from "./refreshing";
import { requestTemporaryCredentials, StsRequestError } from "./sts";
import { CredentialsConfigError, type Credentials, type CredentialsProvider } from "./types";

/** A role session with every field settled (see roleSessions.ts for where each comes from). */
export interface RoleSession {
  roleArn: string;
  sessionName: string;
  policy?: string;
  durationSeconds: number;
  /** STS origin, scheme://host[:port]. */
  endpoint: string;
}

export interface AssumeRoleSession extends RoleSession {
  externalId?: string;
}

export interface OidcRoleSession extends RoleSession {
  oidcProviderArn: string;
  oidcTokenFile: string;
}

function sessionParams(s: RoleSession): Record<string, string> {
  const p: Record<string, string> = { RoleArn: s.roleArn, RoleSessionName: s.sessionName, DurationSeconds: String(s.durationSeconds) };
  if (s.policy) p.Policy = s.policy;
  return p;
}

export class RamRoleArnCredentialsProvider extends RefreshingCredentialsProvider {
  constructor(
    readonly source: string,
    private readonly base: CredentialsProvider,
    private readonly session: AssumeRoleSession,
    refresh: RefreshOptions,
  ) {
    super(refresh);
  }

  protected async fetch(): Promise<Credentials> {
    const params = sessionParams(this.session);
    if (this.session.externalId) params.ExternalId = this.session.externalId;
    const call = async (): Promise<Credentials> =>
      requestTemporaryCredentials({
        source: this.source,
        endpoint: this.session.endpoint,
        action: "AssumeRole",
        params,
        credentials: await this.base.getCredentials(),
        now: this.refresh.now,
      });
    try {
      return await call();
    } catch (e) {
      // Chained roles: the base session may have expired on STS's clock before ours said so.
      if (!(e instanceof StsRequestError) || e.code !== "InvalidSecurityToken.Expired" || !this.base.invalidate) throw e;
      this.base.invalidate();
      return call();
    }
  }
}

export class OidcRoleCredentialsProvider extends RefreshingCredentialsProvider {
  constructor(
    readonly source: string,
    private readonly session: OidcRoleSession,
    refresh: RefreshOptions,
  ) {
    super(refresh);
  }

  /** The current token: platforms (GitHub Actions, Kubernetes) replace the file before the old token expires. */
  async #token(): Promise<string> {
    const path = this.session.oidcTokenFile;
    let token: string;
    try {
      token = (await readFile(path, "utf8")).trim();
    } catch (e) {
      throw new CredentialsConfigError(`${this.source}: cannot read the OIDC token file ${path} (${(e as NodeJS.ErrnoException).code ?? "error"}).`);
    }
    if (!token) throw new CredentialsConfigError(`${this.source}: the OIDC token file ${path} is empty.`);
    return token;
  }

  protected async fetch(): Promise<Credentials> {
    const token = await this.#token();
    return requestTemporaryCredentials({
      source: this.source,
      endpoint: this.session.endpoint,
      action: "AssumeRoleWithOIDC",
      params: { ...sessionParams(this.session), OIDCProviderArn: this.session.oidcProviderArn, OIDCToken: token },
      secrets: [token],
      now: this.refresh.now,
    });
  }
}
