/** What the emulator's STS knows: the account, its RAM roles (with their trust policies) and its
 *  OIDC identity providers (issuer, client ids, and the JWKS the emulator verifies tokens with,
 *  since it cannot fetch the issuer's keys). Given as JSON (`--sts-config FILE`, the admin API or
 *  startEmulator({ sts })); every entry is validated here, once, with a message naming the field. */
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, resolve } from "node:path";

export const STS_API_VERSION = "2015-04-01";
/** The emulated Alibaba Cloud account (its uid appears in every ARN). */
export const DEFAULT_ACCOUNT_ID = "1000000000000001";
/** Real RAM roles allow 1 hour unless raised (up to 12 hours); a session lasts an hour unless asked. */
export const DEFAULT_MAX_SESSION_DURATION = 3600;
export const DEFAULT_SESSION_DURATION = 3600;
export const MIN_SESSION_DURATION = 900;
export const MAX_SESSION_DURATION = 43200;

/** A RAM trust policy document, as RAM stores it (only what STS evaluates is typed). */
export interface TrustPolicy {
  Version?: string;
  Statement: TrustStatement[];
}
export interface TrustStatement {
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Principal: { RAM?: string | string[]; Federated?: string | string[]; Service?: string | string[] };
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface JsonWebKey {
  kty: string;
  kid?: string;
  alg?: string;
  use?: string;
  [field: string]: unknown;
}
export interface Jwks {
  keys: JsonWebKey[];
}

export interface RoleInput {
  /** The role name; its ARN is acs:ram::<accountId>:role/<name>. */
  name: string;
  /** The emulator account (access key id) whose resources the role's sessions act on; default: the first configured key. */
  account?: string;
  /** Longest session STS grants for this role, seconds (3600 default, 900..43200). */
  maxSessionDuration?: number;
  /** Default: trust every RAM principal of the account (acs:ram::<accountId>:root), as RAM's console does. */
  trustPolicy?: TrustPolicy | string;
}

export interface OidcProviderInput {
  name: string;
  /** Must equal the token's `iss`. */
  issuerUrl: string;
  /** Accepted audiences (`aud`), e.g. "sts.aliyuncs.com" or "sts.aliyun.com". */
  clientIds: string[];
  /** The issuer's signing keys; or jwksFile, a path to a JWKS JSON file (relative to the config file). */
  jwks?: Jwks;
  jwksFile?: string;
}

export interface StsConfigInput {
  accountId?: string;
  roles?: RoleInput[];
  oidcProviders?: OidcProviderInput[];
  /** RAM user names of access keys (default: the access key id); they appear in GetCallerIdentity. */
  users?: Record<string, string>;
}

export interface Role {
  name: string;
  arn: string;
  /** RAM's numeric role id (stable per ARN). */
  roleId: string;
  account?: string;
  maxSessionDuration: number;
  trustPolicy: TrustPolicy;
}

export interface OidcProvider {
  name: string;
  arn: string;
  issuerUrl: string;
  clientIds: string[];
  jwks: Jwks;
}

export interface StsConfig {
  accountId: string;
  roles: Map<string, Role>; // by lower-case ARN
  oidcProviders: Map<string, OidcProvider>; // by lower-case ARN
  users: Record<string, string>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function fail(where: string, what: string): never {
  throw new Error(`STS config: ${where}: ${what}`);
}

/** A 16..19-digit id that stays the same for the same name, like RAM's numeric ids. */
export function numericId(seed: string, digits = 19): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  return (BigInt("0x" + hex.slice(0, 16)) % 10n ** BigInt(digits - 1) + 10n ** BigInt(digits - 1) * 3n).toString();
}

export const roleArn = (accountId: string, name: string): string => `acs:ram::${accountId}:role/${name.toLowerCase()}`;
export const oidcProviderArn = (accountId: string, name: string): string => `acs:ram::${accountId}:oidc-provider/${name}`;

/** The trust policy RAM gives a role "trusted by an Alibaba Cloud account" (this one). */
export function accountTrustPolicy(accountId: string): TrustPolicy {
  return { Version: "1", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${accountId}:root`] } }] };
}

function parseTrustPolicy(where: string, raw: TrustPolicy | string): TrustPolicy {
  let doc: unknown = raw;
  if (typeof raw === "string") {
    try {
      doc = JSON.parse(raw);
    } catch {
      fail(where, "trustPolicy is not valid JSON");
    }
  }
  const statements = (doc as TrustPolicy | undefined)?.Statement;
  if (!Array.isArray(statements) || statements.length === 0) fail(where, "trustPolicy needs a non-empty Statement list");
  statements.forEach((s, i) => {
    if (s?.Effect !== "Allow" && s?.Effect !== "Deny") fail(`${where} Statement[${i}]`, 'Effect must be "Allow" or "Deny"');
    if (!s.Principal || typeof s.Principal !== "object") fail(`${where} Statement[${i}]`, "Principal is required");
    if (s.Action === undefined) fail(`${where} Statement[${i}]`, "Action is required");
  });
  return doc as TrustPolicy;
}

export function parseRole(input: RoleInput, accountId: string): Role {
  const where = `role ${JSON.stringify(input?.name ?? "")}`;
  if (typeof input?.name !== "string" || !NAME.test(input.name)) fail(where, "name must be 1-64 letters, digits, '.', '_' or '-'");
  const max = input.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION;
  if (!Number.isInteger(max) || max < DEFAULT_MAX_SESSION_DURATION || max > MAX_SESSION_DURATION)
    fail(where, `maxSessionDuration must be an integer within ${DEFAULT_MAX_SESSION_DURATION}..${MAX_SESSION_DURATION}`);
  if (input.account !== undefined && typeof input.account !== "string") fail(where, "account must be an access key id");
  const arn = roleArn(accountId, input.name);
  return {
    name: input.name,
    arn,
    roleId: numericId(arn, 18),
    account: input.account,
    maxSessionDuration: max,
    trustPolicy: input.trustPolicy === undefined ? accountTrustPolicy(accountId) : parseTrustPolicy(where, input.trustPolicy),
  };
}

function parseJwks(where: string, raw: unknown): Jwks {
  const keys = (raw as Jwks | undefined)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) fail(where, "the JWKS needs a non-empty keys list");
  keys.forEach((k, i) => {
    if (typeof k?.kty !== "string") fail(`${where} keys[${i}]`, "kty is required");
  });
  return { keys };
}

export function parseOidcProvider(input: OidcProviderInput, accountId: string, baseDir = process.cwd()): OidcProvider {
  const where = `OIDC provider ${JSON.stringify(input?.name ?? "")}`;
  if (typeof input?.name !== "string" || !NAME.test(input.name)) fail(where, "name must be 1-64 letters, digits, '.', '_' or '-'");
  if (typeof input.issuerUrl !== "string" || !/^https?:\/\/\S+$/.test(input.issuerUrl)) fail(where, "issuerUrl must be an http(s) URL");
  if (!Array.isArray(input.clientIds) || input.clientIds.length === 0 || input.clientIds.some((c) => typeof c !== "string" || !c))
    fail(where, "clientIds must be a non-empty list of audiences");
  let jwks: unknown = input.jwks;
  if (jwks === undefined && input.jwksFile !== undefined) {
    const path = resolve(baseDir, input.jwksFile);
    try {
      jwks = JSON.parse(readFileSync(path, "utf8"));
    } catch (e) {
      fail(where, `cannot read jwksFile ${path}: ${(e as Error).message}`);
    }
  }
  if (jwks === undefined) fail(where, "give the issuer's keys as jwks or jwksFile");
  return {
    name: input.name,
    arn: oidcProviderArn(accountId, input.name),
    issuerUrl: input.issuerUrl,
    clientIds: [...input.clientIds],
    jwks: parseJwks(where, jwks),
  };
}

export function parseStsConfig(input: StsConfigInput = {}, baseDir?: string): StsConfig {
  const accountId = input.accountId ?? DEFAULT_ACCOUNT_ID;
  if (!/^\d{16}$/.test(accountId)) fail("accountId", "must be 16 digits, like an Alibaba Cloud account uid");
  const config: StsConfig = { accountId, roles: new Map(), oidcProviders: new Map(), users: { ...(input.users ?? {}) } };
  for (const r of input.roles ?? []) {
    const role = parseRole(r, accountId);
    config.roles.set(role.arn.toLowerCase(), role);
  }
  for (const p of input.oidcProviders ?? []) {
    const provider = parseOidcProvider(p, accountId, baseDir);
    config.oidcProviders.set(provider.arn.toLowerCase(), provider);
  }
  return config;
}

/** Reads `--sts-config FILE`. */
export function loadStsConfigFile(path: string): StsConfig {
  let input: StsConfigInput;
  try {
    input = JSON.parse(readFileSync(path, "utf8")) as StsConfigInput;
  } catch (e) {
    throw new Error(`STS config ${path}: ${(e as Error).message}`);
  }
  return parseStsConfig(input, dirname(resolve(path)));
}
