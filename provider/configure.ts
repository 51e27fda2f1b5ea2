/** The dynamic provider's configure hook (rule 2): the engine hands over the whole decrypted
 *  stack config; the alicloud-ecs:* keys become the shared client's options. Anything unset
 *  falls through to the client's credentials chain (environment, profile files, RAM role).
 *  Credentials never come from resource inputs and never enter state. */
import type * as pulumi from "@pulumi/pulumi";
import { configureClient, type ClientOptions } from "./client";
import { roleConfigFromStack } from "./client/credentials/roleSessions";
import { CONFIG, CONFIG_NAMESPACE, type ConfigKey } from "./spec/config";
import { parseDuration } from "./spec/timeouts";
import { configureCatalogChecks } from "./resources/common/catalog";
import { poller } from "./wait";

export { CONFIG_NAMESPACE };

/** The config keys that are client options of the same name (their types come from the spec). */
const STRING_KEYS = ["accessKeyId", "accessKeySecret", "securityToken", "region", "endpoint", "profile", "stsEndpoint"] as const satisfies readonly ConfigKey[];
/** Role objects, read by the credentials chain's own parser. */
const ROLE_KEYS = ["assumeRole", "assumeRoleWithOidc"] as const satisfies readonly ConfigKey[];
const NUMBER_KEYS = (Object.keys(CONFIG) as ConfigKey[]).filter((k) => CONFIG[k].type.kind === "number" || CONFIG[k].type.kind === "integer") as ("rateLimit" | "maxRetries" | "requestTimeoutMs" | "connectTimeoutMs")[];

/** Reads alicloud-ecs:* keys into ClientOptions; throws on a malformed value, naming the key
 *  (never its value: it may be the secret). */
export function clientOptionsFromConfig(get: (key: string) => unknown): ClientOptions {
  const opts: ClientOptions = {};
  const read = (k: string): string | undefined => {
    const v = get(`${CONFIG_NAMESPACE}:${k}`);
    if (v === undefined || v === null || v === "") return undefined;
    return typeof v === "string" ? v : JSON.stringify(v);
  };
  for (const k of STRING_KEYS) {
    const v = read(k);
    if (v !== undefined) opts[k] = v;
  }
  for (const k of ROLE_KEYS) {
    const v = read(k);
    if (v !== undefined) opts[k] = roleConfigFromStack(k, v);
  }
  const sig = read("signatureVersion");
  if (sig !== undefined) {
    const s = sig.toLowerCase();
    if (s !== "v1" && s !== "v3") throw new Error(`${CONFIG_NAMESPACE}:signatureVersion must be "v1" or "v3"`);
    opts.signatureVersion = s;
  }
  for (const k of NUMBER_KEYS) {
    const v = read(k);
    if (v === undefined) continue;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${CONFIG_NAMESPACE}:${k} must be a non-negative number`);
    opts[k] = n;
  }
  return opts;
}

/** alicloud-ecs:visibilityGrace as milliseconds, if set. */
export function visibilityGraceFromConfig(get: (key: string) => unknown): number | undefined {
  const v = get(`${CONFIG_NAMESPACE}:visibilityGrace`);
  if (v === undefined || v === null || v === "") return undefined;
  const ms = parseDuration(String(v));
  if (ms === undefined) throw new Error(`${CONFIG_NAMESPACE}:visibilityGrace must be a duration such as "20s" or "1m"`);
  return ms;
}

export async function configureFromStack(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  const get = (key: string): unknown => req.config.get(key);
  configureClient(clientOptionsFromConfig(get));
  const catalogChecks = get(`${CONFIG_NAMESPACE}:catalogChecks`);
  if (catalogChecks !== undefined && catalogChecks !== null && catalogChecks !== "") configureCatalogChecks(String(catalogChecks) !== "false");
  const graceMs = visibilityGraceFromConfig(get);
  if (graceMs !== undefined) poller().configure({ graceMs });
}
