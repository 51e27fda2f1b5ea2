import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { CredentialsConfigError, type ChainOptions, type Env } from "./types";

/** A profile as read from either file, normalised to the fields the chain uses. */
export interface FileProfile {
  /** Where it came from, e.g. `~/.aliyun/config.json profile "dev"`. */
  source: string;
  kind: "ak" | "sts" | "ecsRamRole" | "unsupported";
  /** For "unsupported": the file's own mode/type name. */
  mode?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  roleName?: string;
  regionId?: string;
}

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
}

/** The aliyun CLI file `~/.aliyun/config.json`: `{ current, profiles: [{ name, mode, … }] }`. */
export function readCliProfile(opts: ChainOptions): FileLookup {
  const path = cliConfigPath(opts);
  const text = readOptional(path);
  if (text === undefined) return { note: `aliyun CLI config ${path}: file not found` };
  let doc: { current?: string; profiles?: CliProfileJson[] };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (e) {
    throw new CredentialsConfigError(`The aliyun CLI config ${path} is not valid JSON: ${(e as Error).message}`);
  }
  const name = requestedProfile(opts) ?? nonEmpty(doc.current) ?? "default";
  const p = (doc.profiles ?? []).find((x) => x.name === name);
  if (!p) return { note: `aliyun CLI config ${path}: no profile "${name}"` };
  const source = `aliyun CLI config ${path} profile "${name}"`;
  const mode = p.mode ?? "AK";
  const base = { source, regionId: nonEmpty(p.region_id) };
  switch (mode) {
    case "AK":
      return { profile: { ...base, kind: "ak", accessKeyId: p.access_key_id, accessKeySecret: p.access_key_secret } };
    case "StsToken":
      return {
        profile: { ...base, kind: "sts", accessKeyId: p.access_key_id, accessKeySecret: p.access_key_secret, securityToken: p.sts_token },
      };
    case "EcsRamRole":
      return { profile: { ...base, kind: "ecsRamRole", roleName: nonEmpty(p.ram_role_name) } };
    default:
      return { profile: { ...base, kind: "unsupported", mode } };
  }
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

/** The shared credentials file (`~/.alibabacloud/credentials` or ALIBABA_CLOUD_CREDENTIALS_FILE). */
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
  switch (type) {
    case "access_key":
      return { profile: { ...base, kind: "ak", accessKeyId: s.access_key_id, accessKeySecret: s.access_key_secret } };
    case "sts":
      return {
        profile: { ...base, kind: "sts", accessKeyId: s.access_key_id, accessKeySecret: s.access_key_secret, securityToken: s.security_token },
      };
    case "ecs_ram_role":
      return { profile: { ...base, kind: "ecsRamRole", roleName: nonEmpty(s.role_name) } };
    default:
      return { profile: { ...base, kind: "unsupported", mode: type } };
  }
}

export function nonEmpty(v: string | undefined | null): string | undefined {
  return v !== undefined && v !== null && v.trim() !== "" ? v.trim() : undefined;
}
