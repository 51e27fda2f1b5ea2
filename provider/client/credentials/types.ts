/** Credentials as the signers need them. Never logged, never part of an error message. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
  /** Epoch ms after which temporary credentials stop working; undefined for long-term keys. */
  readonly expiresAt?: number;
}

export interface CredentialsProvider {
  /** Where the credentials come from, for debug logs and errors (never the values). */
  readonly source: string;
  getCredentials(): Promise<Credentials>;
  /** Temporary credentials only: forget the cached ones (the server said they expired), so the
   *  next getCredentials fetches new ones. */
  invalidate?(): void;
}

/** A role session as configured (stack config, profile or environment); every field optional
 *  until the chain fills in the environment's fallbacks and defaults. */
export interface RoleSessionConfig {
  roleArn?: string;
  sessionName?: string;
  /** A RAM policy (JSON) that narrows the session's permissions. */
  policy?: string;
  /** 900 up to the role's maximum (default 3600). */
  durationSeconds?: number;
}

/** `alicloud-ecs:assumeRole`: STS AssumeRole, signed with the base credentials the rest of the chain finds. */
export interface AssumeRoleConfig extends RoleSessionConfig {
  externalId?: string;
}

/** `alicloud-ecs:assumeRoleWithOidc`: STS AssumeRoleWithOIDC with the token in a file (re-read on
 *  every refresh); unset fields fall back to ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN,
 *  ALIBABA_CLOUD_OIDC_TOKEN_FILE and ALIBABA_CLOUD_ROLE_SESSION_NAME. */
export interface OidcRoleConfig extends RoleSessionConfig {
  oidcProviderArn?: string;
  oidcTokenFile?: string;
}

/** Environment lookups go through this so tests can pass their own. */
export type Env = Readonly<Record<string, string | undefined>>;

/** What the chain looks at besides the environment; every field optional. */
export interface ChainOptions {
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  profile?: string;
  /** Assume this RAM role with the credentials the rest of the chain finds. */
  assumeRole?: AssumeRoleConfig;
  /** Exchange an OIDC token for the role's credentials (comes first in the chain). */
  assumeRoleWithOidc?: OidcRoleConfig;
  /** STS endpoint for every role source, e.g. http://127.0.0.1:8833 for the emulator (else
   *  ALIBABA_CLOUD_STS_ENDPOINT, the source's own, its STS region, ALIBABA_CLOUD_STS_REGION, sts.aliyuncs.com). */
  stsEndpoint?: string;
  /** ECS metadata service base URL; default http://100.100.100.200 (env ALIBABA_CLOUD_ECS_METADATA_ENDPOINT). */
  metadataEndpoint?: string;
  /** Per-request timeout towards the metadata service; default 1000 ms. */
  metadataTimeoutMs?: number;
  /** Temporary credentials are refreshed this long before they expire; default 5 minutes. */
  refreshMarginMs?: number;
  env?: Env;
  /** Home directory for ~/.aliyun and ~/.alibabacloud; default $HOME or os.homedir(). */
  homeDir?: string;
  now?: () => number;
}

export class StaticCredentialsProvider implements CredentialsProvider {
  readonly #credentials: Credentials;
  constructor(
    readonly source: string,
    credentials: Credentials,
  ) {
    this.#credentials = Object.freeze({ ...credentials });
  }
  async getCredentials(): Promise<Credentials> {
    return this.#credentials;
  }
  toJSON(): { source: string } {
    return { source: this.source };
  }
}

/** Thrown when the chain finds nothing usable; lists every place it looked at. */
export class CredentialsNotFoundError extends Error {
  constructor(readonly places: readonly string[]) {
    super(
      "No Alibaba Cloud credentials found. Looked at, in order:\n" +
        places.map((p) => `  - ${p}`).join("\n") +
        "\nSet them with `pulumi config set alicloud-ecs:accessKeyId <id>` and " +
        "`pulumi config set --secret alicloud-ecs:accessKeySecret <secret>`, or export " +
        "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET.",
    );
    this.name = "CredentialsNotFoundError";
  }
}

/** A credentials source that exists but is unusable (bad file, unsupported mode). */
export class CredentialsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialsConfigError";
  }
}
