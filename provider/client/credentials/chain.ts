import { EcsRamRoleCredentialsProvider, DEFAULT_METADATA_ENDPOINT } from "./ecsRamRole";
import { envOf, nonEmpty, readCliProfile, readIniProfile, requestedProfile, type FileLookup, type FileProfile } from "./files";
import type { RefreshOptions } from "./refreshing";
import { OidcRoleCredentialsProvider, RamRoleArnCredentialsProvider } from "./roles";
import { assumeRoleSession, oidcRoleSession, type RoleSpec } from "./roleSessions";
import {
  CredentialsConfigError,
  CredentialsNotFoundError,
  StaticCredentialsProvider,
  type ChainOptions,
  type CredentialsProvider,
  type Env,
} from "./types";

/** Reads one id/secret/token triple; undefined when neither id nor secret is set,
 * an error when only one of them is (a half-configured source is a mistake, not a miss). */
function pair(
  source: string,
  idName: string,
  secretName: string,
  id: string | undefined,
  secret: string | undefined,
  token: string | undefined,
): StaticCredentialsProvider | undefined {
  const accessKeyId = nonEmpty(id);
  const accessKeySecret = nonEmpty(secret);
  if (!accessKeyId && !accessKeySecret) return undefined;
  if (!accessKeyId || !accessKeySecret) {
    const missing = accessKeyId ? secretName : idName;
    const present = accessKeyId ? idName : secretName;
    throw new CredentialsConfigError(`${source}: ${present} is set but ${missing} is not; set both or neither.`);
  }
  return new StaticCredentialsProvider(source, { accessKeyId, accessKeySecret, securityToken: nonEmpty(token) });
}

const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

function refreshOptions(opts: ChainOptions): RefreshOptions {
  return { refreshMarginMs: opts.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS, now: opts.now ?? Date.now };
}

/** STS AssumeRoleWithOIDC; `origin` says where the role was configured. */
function oidcRole(spec: RoleSpec, origin: string, opts: ChainOptions, env: Env): OidcRoleCredentialsProvider {
  const session = oidcRoleSession(spec, origin, opts, env);
  const source = `OIDC role ${session.roleArn} via ${session.endpoint} (${origin}; token file ${session.oidcTokenFile})`;
  return new OidcRoleCredentialsProvider(source, session, refreshOptions(opts));
}

/** STS AssumeRole signed with `base`'s credentials. */
function ramRole(base: CredentialsProvider, spec: RoleSpec, origin: string, opts: ChainOptions, env: Env): RamRoleArnCredentialsProvider {
  const session = assumeRoleSession(spec, origin, opts, env);
  const source = `RAM role ${session.roleArn} via ${session.endpoint} (${origin}), assumed with: ${base.source}`;
  return new RamRoleArnCredentialsProvider(source, base, session, refreshOptions(opts));
}

/** ALIBABA_CLOUD_ROLE_ARN names a role to AssumeRole into unless it is the OIDC variables' role. */
const envRoleToAssume = (env: Env): boolean =>
  !!nonEmpty(env.ALIBABA_CLOUD_ROLE_ARN) && !nonEmpty(env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN) && !nonEmpty(env.ALIBABA_CLOUD_OIDC_TOKEN_FILE);

const isRoleSession = (p: CredentialsProvider): boolean => p instanceof OidcRoleCredentialsProvider || p instanceof RamRoleArnCredentialsProvider;

function metadataEndpoint(opts: ChainOptions, env: Env): string {
  return nonEmpty(opts.metadataEndpoint) ?? nonEmpty(env.ALIBABA_CLOUD_ECS_METADATA_ENDPOINT) ?? DEFAULT_METADATA_ENDPOINT;
}

function ramRoleProvider(opts: ChainOptions, env: Env, roleName: string | undefined): EcsRamRoleCredentialsProvider {
  return new EcsRamRoleCredentialsProvider({
    endpoint: metadataEndpoint(opts, env),
    roleName: roleName ?? nonEmpty(env.ALIBABA_CLOUD_ECS_METADATA),
    timeoutMs: opts.metadataTimeoutMs ?? 1000,
    refreshMarginMs: opts.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS,
    v1Disabled: env.ALIBABA_CLOUD_IMDSV1_DISABLED === "true",
    now: opts.now ?? Date.now,
  });
}

function fromProfile(p: FileProfile, opts: ChainOptions, env: Env): CredentialsProvider {
  switch (p.kind) {
    case "ak":
    case "sts": {
      const found = pair(p.source, "access_key_id", "access_key_secret", p.accessKeyId, p.accessKeySecret, p.kind === "sts" ? p.securityToken : undefined);
      if (!found) throw new CredentialsConfigError(`${p.source} has no access_key_id / access_key_secret.`);
      if (p.kind === "sts" && !nonEmpty(p.securityToken)) throw new CredentialsConfigError(`${p.source} is an STS profile without a token.`);
      return found;
    }
    case "ecsRamRole":
      return ramRoleProvider(opts, env, p.roleName);
    case "ramRoleArn": {
      const base = pair(p.source, "access_key_id", "access_key_secret", p.accessKeyId, p.accessKeySecret, undefined);
      if (!base) throw new CredentialsConfigError(`${p.source} assumes a role but has no access_key_id / access_key_secret to sign with.`);
      return ramRole(base, p.role, p.source, opts, env);
    }
    case "chainableRamRoleArn":
      return ramRole(fromProfile(p.base, opts, env), p.role, p.source, opts, env);
    case "oidc":
      return oidcRole(p.role, p.source, opts, env);
    case "unsupported":
      throw new CredentialsConfigError(
        `${p.source} uses mode "${p.mode}", which this provider does not support; use AK, StsToken, RamRoleArn, ChainableRamRoleArn, OIDC or EcsRamRole ` +
          `(credentials file types access_key, sts, ram_role_arn, oidc_role_arn, ecs_ram_role).`,
      );
  }
}

/** The credentials chain. Base credentials: stack config assumeRoleWithOidc, stack config AccessKey,
 * environment AccessKey, environment OIDC (ALIBABA_CLOUD_OIDC_PROVIDER_ARN / _TOKEN_FILE), aliyun CLI
 * profile, credentials file, ECS RAM role; the first source that is set wins. Then a role to assume
 * with them: stack config assumeRole, else ALIBABA_CLOUD_ROLE_ARN without the OIDC variables (applied
 * to long-term or instance credentials only; a source that already assumes a role is used as it is). Nothing found → one
 * error naming every place; a source that is set but broken → an error naming that source. */
export async function resolveCredentialsProvider(opts: ChainOptions = {}): Promise<CredentialsProvider> {
  const env = envOf(opts);
  const base = await baseCredentials(opts, env);
  if (opts.assumeRole) return ramRole(base, opts.assumeRole, "stack config alicloud-ecs:assumeRole", opts, env);
  if (envRoleToAssume(env) && !isRoleSession(base)) return ramRole(base, {}, "environment ALIBABA_CLOUD_ROLE_ARN", opts, env);
  return base;
}

async function baseCredentials(opts: ChainOptions, env: Env): Promise<CredentialsProvider> {
  const places: string[] = [];
  if (opts.assumeRoleWithOidc) return oidcRole(opts.assumeRoleWithOidc, "stack config alicloud-ecs:assumeRoleWithOidc", opts, env);

  const fromOptions = pair(
    "provider options",
    "alicloud-ecs:accessKeyId",
    "alicloud-ecs:accessKeySecret",
    opts.accessKeyId,
    opts.accessKeySecret,
    opts.securityToken,
  );
  if (fromOptions) return fromOptions;
  places.push("provider options alicloud-ecs:accessKeyId / alicloud-ecs:accessKeySecret: not set");

  const fromEnv =
    pair(
      "environment",
      "ALIBABA_CLOUD_ACCESS_KEY_ID",
      "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
      env.ALIBABA_CLOUD_ACCESS_KEY_ID,
      env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
      env.ALIBABA_CLOUD_SECURITY_TOKEN,
    ) ?? pair("environment", "ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", env.ALICLOUD_ACCESS_KEY, env.ALICLOUD_SECRET_KEY, env.ALICLOUD_SECURITY_TOKEN);
  if (fromEnv) return fromEnv;
  places.push("environment ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET: not set");
  places.push("environment ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY: not set");

  // Either OIDC variable means OIDC was meant: a missing partner is an error, not a miss.
  if (nonEmpty(env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN) || nonEmpty(env.ALIBABA_CLOUD_OIDC_TOKEN_FILE)) {
    return oidcRole({}, "environment ALIBABA_CLOUD_ROLE_ARN / ALIBABA_CLOUD_OIDC_PROVIDER_ARN / ALIBABA_CLOUD_OIDC_TOKEN_FILE", opts, env);
  }
  places.push("environment ALIBABA_CLOUD_OIDC_PROVIDER_ARN / ALIBABA_CLOUD_OIDC_TOKEN_FILE (OIDC): not set");

  for (const lookup of [readCliProfile(opts), readIniProfile(opts)] as FileLookup[]) {
    if ("profile" in lookup) return fromProfile(lookup.profile, opts, env);
    places.push(lookup.note);
  }

  const roleArn = nonEmpty(env.ALIBABA_CLOUD_ROLE_ARN);
  const notFound = (): CredentialsNotFoundError => {
    if (roleArn) places.push(`(ALIBABA_CLOUD_ROLE_ARN=${roleArn} is set: AssumeRole needs base credentials from one of these places)`);
    return new CredentialsNotFoundError(places);
  };
  const profile = requestedProfile(opts);
  if (profile) {
    places.push(`ECS RAM role: not tried, because profile "${profile}" was asked for and found nowhere`);
    throw notFound();
  }
  const endpoint = metadataEndpoint(opts, env);
  if (env.ALIBABA_CLOUD_ECS_METADATA_DISABLED === "true") {
    places.push(`ECS RAM role (metadata service ${endpoint}): disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`);
    throw notFound();
  }
  const role = ramRoleProvider(opts, env, undefined);
  try {
    await role.getCredentials();
    return role;
  } catch (e) {
    places.push(`ECS RAM role (metadata service ${endpoint}): ${(e as Error).message}`);
    throw notFound();
  }
}
