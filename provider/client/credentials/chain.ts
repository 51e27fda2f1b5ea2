import { EcsRamRoleCredentialsProvider, DEFAULT_METADATA_ENDPOINT } from "./ecsRamRole";
import { envOf, nonEmpty, readCliProfile, readIniProfile, requestedProfile, type FileLookup, type FileProfile } from "./files";
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

function metadataEndpoint(opts: ChainOptions, env: Env): string {
  return nonEmpty(opts.metadataEndpoint) ?? nonEmpty(env.ALIBABA_CLOUD_ECS_METADATA_ENDPOINT) ?? DEFAULT_METADATA_ENDPOINT;
}

function ramRoleProvider(opts: ChainOptions, env: Env, roleName: string | undefined): EcsRamRoleCredentialsProvider {
  return new EcsRamRoleCredentialsProvider({
    endpoint: metadataEndpoint(opts, env),
    roleName: roleName ?? nonEmpty(env.ALIBABA_CLOUD_ECS_METADATA),
    timeoutMs: opts.metadataTimeoutMs ?? 1000,
    refreshMarginMs: opts.refreshMarginMs ?? 5 * 60_000,
    v1Disabled: env.ALIBABA_CLOUD_IMDSV1_DISABLED === "true",
    now: opts.now ?? Date.now,
  });
}

function fromProfile(p: FileProfile, opts: ChainOptions, env: Env): CredentialsProvider {
  switch (p.kind) {
    case "ak":
    case "sts": {
      const found = pair(p.source, "access_key_id", "access_key_secret", p.accessKeyId, p.accessKeySecret, p.securityToken);
      if (!found) throw new CredentialsConfigError(`${p.source} has no access_key_id / access_key_secret.`);
      if (p.kind === "sts" && !nonEmpty(p.securityToken)) throw new CredentialsConfigError(`${p.source} is an STS profile without a token.`);
      return found;
    }
    case "ecsRamRole":
      return ramRoleProvider(opts, env, p.roleName);
    case "unsupported":
      throw new CredentialsConfigError(
        `${p.source} uses mode "${p.mode}", which this provider does not support; use an AccessKey (AK), StsToken or EcsRamRole profile.`,
      );
  }
}

/** The credentials chain: provider options, environment, aliyun CLI config, credentials file,
 * ECS RAM role. The first source that is set wins; nothing found → one error naming every place. */
export async function resolveCredentialsProvider(opts: ChainOptions = {}): Promise<CredentialsProvider> {
  const env = envOf(opts);
  const places: string[] = [];

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

  for (const lookup of [readCliProfile(opts), readIniProfile(opts)] as FileLookup[]) {
    if ("profile" in lookup) return fromProfile(lookup.profile, opts, env);
    places.push(lookup.note);
  }

  const profile = requestedProfile(opts);
  if (profile) {
    places.push(`ECS RAM role: not tried, because profile "${profile}" was asked for and found nowhere`);
    throw new CredentialsNotFoundError(places);
  }
  const endpoint = metadataEndpoint(opts, env);
  if (env.ALIBABA_CLOUD_ECS_METADATA_DISABLED === "true") {
    places.push(`ECS RAM role (metadata service ${endpoint}): disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`);
    throw new CredentialsNotFoundError(places);
  }
  const role = ramRoleProvider(opts, env, undefined);
  try {
    await role.getCredentials();
    return role;
  } catch (e) {
    places.push(`ECS RAM role (metadata service ${endpoint}): ${(e as Error).message}`);
    throw new CredentialsNotFoundError(places);
  }
}
