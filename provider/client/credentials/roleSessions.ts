/** Settles a role session from what a source configured plus the environment's fallbacks
 *  (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE,
 *  ALIBABA_CLOUD_ROLE_SESSION_NAME, as the official credential libraries read them), and reads the
 *  `alicloud-ecs:assumeRole` / `alicloud-ecs:assumeRoleWithOidc` stack config objects. */
import { nonEmpty } from "./files";
import type { AssumeRoleSession, OidcRoleSession, RoleSession } from "./roles";
import { stsEndpoint, type StsEndpointHint } from "./sts";
import { CredentialsConfigError, type AssumeRoleConfig, type ChainOptions, type Env, type OidcRoleConfig } from "./types";

export const DEFAULT_SESSION_SECONDS = 3600;
export const MIN_SESSION_SECONDS = 900;
const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/;

/** A role as one source describes it, before fallbacks. */
export interface RoleSpec extends AssumeRoleConfig, OidcRoleConfig {
  sts?: StsEndpointHint;
}

function common(spec: RoleSpec, source: string, opts: ChainOptions, env: Env, roleArn: string): RoleSession {
  const sessionName = nonEmpty(spec.sessionName) ?? nonEmpty(env.ALIBABA_CLOUD_ROLE_SESSION_NAME) ?? `pulumi-alicloud-ecs-${Date.now()}`;
  if (!SESSION_NAME.test(sessionName)) {
    throw new CredentialsConfigError(`${source}: the role session name must be 2-64 letters, digits or . @ _ - (got "${sessionName}").`);
  }
  const durationSeconds = spec.durationSeconds ?? DEFAULT_SESSION_SECONDS;
  if (!Number.isInteger(durationSeconds) || durationSeconds < MIN_SESSION_SECONDS) {
    throw new CredentialsConfigError(`${source}: the role session duration must be a whole number of seconds, at least ${MIN_SESSION_SECONDS}.`);
  }
  return { roleArn, sessionName, policy: nonEmpty(spec.policy), durationSeconds, endpoint: stsEndpoint(opts, env, spec.sts) };
}

export function assumeRoleSession(spec: RoleSpec, source: string, opts: ChainOptions, env: Env): AssumeRoleSession {
  const roleArn = nonEmpty(spec.roleArn) ?? nonEmpty(env.ALIBABA_CLOUD_ROLE_ARN);
  if (!roleArn) throw new CredentialsConfigError(`${source}: no role ARN to assume (set roleArn, or ALIBABA_CLOUD_ROLE_ARN).`);
  return { ...common(spec, source, opts, env, roleArn), externalId: nonEmpty(spec.externalId) };
}

export function oidcRoleSession(spec: RoleSpec, source: string, opts: ChainOptions, env: Env): OidcRoleSession {
  const roleArn = nonEmpty(spec.roleArn) ?? nonEmpty(env.ALIBABA_CLOUD_ROLE_ARN);
  const oidcProviderArn = nonEmpty(spec.oidcProviderArn) ?? nonEmpty(env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN);
  const oidcTokenFile = nonEmpty(spec.oidcTokenFile) ?? nonEmpty(env.ALIBABA_CLOUD_OIDC_TOKEN_FILE);
  const missing = [
    roleArn ? undefined : "the role ARN (ALIBABA_CLOUD_ROLE_ARN)",
    oidcProviderArn ? undefined : "the OIDC provider ARN (ALIBABA_CLOUD_OIDC_PROVIDER_ARN)",
    oidcTokenFile ? undefined : "the OIDC token file (ALIBABA_CLOUD_OIDC_TOKEN_FILE)",
  ].filter((m): m is string => m !== undefined);
  if (!roleArn || !oidcProviderArn || !oidcTokenFile) throw new CredentialsConfigError(`${source}: ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} not set.`);
  return { ...common(spec, source, opts, env, roleArn), oidcProviderArn, oidcTokenFile };
}

const STACK_KEYS = {
  assumeRole: ["roleArn", "sessionName", "externalId", "policy", "durationSeconds"],
  assumeRoleWithOidc: ["roleArn", "oidcProviderArn", "oidcTokenFile", "sessionName", "policy", "durationSeconds"],
} as const;

/** Reads `alicloud-ecs:assumeRole` or `alicloud-ecs:assumeRoleWithOidc` (an object, or its JSON text as
 *  the engine hands structured config over); errors name the key, never a value. */
export function roleConfigFromStack(key: keyof typeof STACK_KEYS, raw: unknown): AssumeRoleConfig & OidcRoleConfig {
  const name = `alicloud-ecs:${key}`;
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new Error(`${name} must be an object, e.g. {"roleArn": "acs:ram::<account>:role/<name>"}`);
    }
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error(`${name} must be an object`);
  const allowed: readonly string[] = STACK_KEYS[key];
  const out: AssumeRoleConfig & OidcRoleConfig = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!allowed.includes(k)) throw new Error(`${name}.${k} is not a setting; use ${allowed.join(", ")}`);
    if (v === undefined || v === null || v === "") continue;
    if (k === "durationSeconds") {
      const n = typeof v === "number" ? v : Number(v);
      if (!Number.isInteger(n) || n < MIN_SESSION_SECONDS) throw new Error(`${name}.durationSeconds must be a whole number of seconds, at least ${MIN_SESSION_SECONDS}`);
      out.durationSeconds = n;
    } else if (k === "policy") {
      out.policy = typeof v === "string" ? v : JSON.stringify(v);
    } else if (typeof v === "string") {
      out[k as "roleArn"] = v;
    } else {
      throw new Error(`${name}.${k} must be a string`);
    }
  }
  if (key === "assumeRole" && !out.roleArn) throw new Error(`${name}.roleArn is required`);
  return out;
}
