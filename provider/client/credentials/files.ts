import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { RoleSpec } from "./roleSessions";
import { CredentialsConfigError, type ChainOptions, type Env } from "./types";

/** A role a profile assumes (RamRoleArn / ChainableRamRoleArn / OIDC modes, ram_role_arn /
 *  oidc_role_arn types), before the environment's fallbacks. */
export type ProfileRole = RoleSpec;

/** A profile as read from either file, normalised to what the chain builds from it. */
export type FileProfile = {
  /** Where it came from, e.g. `aliyun CLI config ~/.aliyun/config.json profile "dev"`. */
  source: string;
  regionId?: string;
} & (
  | { kind: "ak"; accessKeyId?: string; accessKeySecret?: string }
  | { kind: "sts"; accessKeyId?: string; accessKeySecret?: string; securityToken?: string }
  | { kind: "ecsRamRole"; roleName?: string }
  /** AssumeRole with the profile's own AccessKey. */
  | { kind: "ramRoleArn"; accessKeyId?: string; accessKeySecret?: string; role: ProfileRole }
  /** AssumeRole with the credentials of another profile of the same file. */
  | { kind: "chainableRamRoleArn"; base: FileProfile; role: ProfileRole }
  | { kind: "oidc"; role: ProfileRole }
  /** mode / type names this provider does not implement. */
  | { kind: "unsupported"; mode: string }
);

export type FileLookup = { profile: FileProfile } | { note: string };

export function envOf(opts: ChainOptions): Env {
  return opts.env ?? process.env;
}

export function homeOf(opts: ChainOptions): string {
  return opts.homeDir ?? envOf(opts).HOME ?? homedir();
}

/** The profile name asked for explicitly (options, then ALIBABA_CLOUD_PROFILE), if any. */
export function requestedProfile(opts: ChainOptions): string | undefined {
  return nonEmpty(opts.profile) ?? nonEmpty(envOf(opts).ALIBABA_CLOUD_PROFILE);
}

export function cliConfigPath(opts: ChainOptions): string {
  return join(homeOf(opts), ".aliyun", "config.json");
}

export function iniPath(opts: ChainOptions): string {
  return nonEmpty(envOf(opts).ALIBABA_CLOUD_CREDENTIALS_FILE) ?? join(homeOf(opts), ".alibabacloud", "credentials");
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CredentialsConfigError(`Cannot read ${path}: ${(e as Error).message}`);
  }
}

interface CliProfileJson {
  name?: string;
  mode?: string;
  access_key_id?: string;
  access_key_secret?: string;
  sts_token?: string;
  ram_role_name?: string;
  region_id?: string;
  ram_role_arn?: string;
  ram_session_name?: string;
  expired_seconds?: number | string;
  policy?: string;
  external_id?: string;
  sts_region?: string;
  sts_endpoint?: string;
  enable_vpc?: boolean;
  source_profile?: string;
  oidc_provider_arn?: string;
  oidc_token_file?: string;
}

/** The aliyun CLI's seconds field (a number in its JSON; 0 or absent means "default"). */
function seconds(v: number | string | undefined): number | undefined {
  if (v === undefined || v === "" || v === 0 || v === "0") return undefined;
  return typeof v === "number" ? v : Number(v);
}

function cliRole(p: CliProfileJson): ProfileRole {
  return {
    roleArn: nonEmpty(p.ram_role_arn),
    sessionName: nonEmpty(p.ram_session_name),
    durationSeconds: seconds(p.expired_seconds),
    policy: nonEmpty(p.policy),
    externalId: nonEmpty(p.external_id),
    oidcProviderArn: nonEmpty(p.oidc_provider_arn),
    oidcTokenFile: nonEmpty(p.oidc_token_file),
    sts: { endpoint: nonEmpty(p.sts_endpoint), region: nonEmpty(p.sts_region), vpc: p.enable_vpc === true },
  };
}

/** One profile of the CLI file; ChainableRamRoleArn resolves its source_profile (no cycles). */
function cliProfile(path: string, profiles: CliProfileJson[], name: string, seen: readonly string[]): FileProfile | undefined {
  const p = profiles.find((x) => x.name === name);
  if (!p) return undefined;
  const source = `aliyun CLI config ${path} profile "${name}"`;
  const mode = p.mode ?? "AK";
  const base = { source, regionId: nonEmpty(p.region_id) };
  switch (mode) {
    case "AK":
      return { ...base, kind: "ak", accessKeyId: p.access_key_id, accessKeySecret: p.access_key_secret };
    case "StsToken":
      return { ...base, kind: "sts", accessKeyId: p.access_key_id, accessKeySecret: p.access_key_secret, securityToken: p.sts_token };
    case "EcsRamRole":
      return { ...base, kind: "ecsRamRole", roleName: nonEmpty(p.ram_role_name) };
    case "RamRoleArn":
      return { ...base, kind: "ramRoleArn", accessKeyId: p.access_key_id, accessKeySecret: p.access_key_secret, role: cliRole(p) };
    case "OIDC":
      return { ...base, kind: "oidc", role: cliRole(p) };
    case "ChainableRamRoleArn": {
      const from = nonEmpty(p.source_profile);
      if (!from) throw new CredentialsConfigError(`${source} (ChainableRamRoleArn) names no source_profile.`);
      if (seen.includes(from)) throw new CredentialsConfigError(`${source}: source_profile "${from}" leads back to itself (${[...seen, name, from].join(" → ")}).`);
      const chained = cliProfile(path, profiles, from, [...seen, name]);
      if (!chained) throw new CredentialsConfigError(`${source}: its source_profile "${from}" is not in ${path}.`);
      return { ...base, kind: "chainableRamRoleArn", base: chained, role: cliRole(p) };
    }
    default:
      return { ...base, kind: "unsupported", mode };
  }
}

/** The aliyun CLI file `~/.aliyun/config.json`: `{ current, profiles: [{ name, mode, … }] }`
 *  (skipped when ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true, as the official chain does). */
export function readCliProfile(opts: ChainOptions): FileLookup {
  const path = cliConfigPath(opts);
  if (envOf(opts).ALIBABA_CLOUD_CLI_PROFILE_DISABLED?.toLowerCase() === "true") return { note: `aliyun CLI config ${path}: disabled by ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true` };
  const text = readOptional(path);
  if (text === undefined) return { note: `aliyun CLI config ${path}: file not found` };
  let doc: { current?: string; profiles?: CliProfileJson[] };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (e) {
    throw new CredentialsConfigError(`The aliyun CLI config ${path} is not valid JSON: ${(e as Error).message}`);
  }
  const name = requestedProfile(opts) ?? nonEmpty(doc.current) ?? "default";
  const profile = cliProfile(path, doc.profiles ?? [], name, []);
  return profile ? { profile } : { note: `aliyun CLI config ${path}: no profile "${name}"` };
}

/** Minimal INI: `[section]`, `key = value`, `#`/`;` comments, optional quotes around values. */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header) {
      section = out[header[1]] ??= {};
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0 || !section) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim().replace(/^(["'])(.*)\1$/, "$2");
    section[key] = value;
  }
  return out;
}

/** The shared credentials file (`~/.alibabacloud/credentials` or ALIBABA_CLOUD_CREDENTIALS_FILE),
 *  with the keys the official libraries read for each type. */
export function readIniProfile(opts: ChainOptions): FileLookup {
  const path = iniPath(opts);
  const text = readOptional(path);
  if (text === undefined) return { note: `credentials file ${path}: file not found` };
  const name = requestedProfile(opts) ?? "default";
  const s = parseIni(text)[name];
  if (!s) return { note: `credentials file ${path}: no section [${name}]` };
  const source = `credentials file ${path} section [${name}]`;
  const type = s.type ?? s.enable_type ?? "access_key";
  const base = { source, regionId: nonEmpty(s.region_id) };
  const role: ProfileRole = { roleArn: nonEmpty(s.role_arn), sessionName: nonEmpty(s.role_session_name), policy: nonEmpty(s.policy) };
  switch (type) {
    case "access_key":
      return { profile: { ...base, kind: "ak", accessKeyId: s.access_key_id, accessKeySecret: s.access_key_secret } };
    case "sts":
      return {
        profile: { ...base, kind: "sts", accessKeyId: s.access_key_id, accessKeySecret: s.access_key_secret, securityToken: s.security_token },
      };
    case "ecs_ram_role":
      return { profile: { ...base, kind: "ecsRamRole", roleName: nonEmpty(s.role_name) } };
    case "ram_role_arn":
      return { profile: { ...base, kind: "ramRoleArn", accessKeyId: s.access_key_id, accessKeySecret: s.access_key_secret, role } };
    case "oidc_role_arn":
      return { profile: { ...base, kind: "oidc", role: { ...role, oidcProviderArn: nonEmpty(s.oidc_provider_arn), oidcTokenFile: nonEmpty(s.oidc_token_file_path) } } };
    default:
      return { profile: { ...base, kind: "unsupported", mode: type } };
  }
}

export function nonEmpty(v: string | undefined | null): string | undefined {
  return v !== undefined && v !== null && v.trim() !== "" ? v.trim() : undefined;
}
