/** startEmulator: the in-process entry point (the CLI wraps it). */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { adminHttpHandler, createAdmin, type EmulatorAdmin } from "./admin";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_HOST, type DelayProfile } from "./defaults";
import type { Credential } from "./protocol/auth";
import { EmulatorCore } from "./server";
import { loadStsConfigFile, parseStsConfig, type StsConfigInput } from "./sts/config";
import { STS_ADMIN_PREFIX, stsAdminHttpHandler } from "./sts/adminHttp";
import type { StsAdmin } from "./sts/service";

/** Request line and headers a request may have. The official SDKs send every parameter in the query
 *  string, and ECS takes 32 KiB of user data that way (Base64 and percent-encoded: up to ~130 KB), so
 *  Node's default of 16 KiB would refuse real requests with an empty 431. */
export const MAX_REQUEST_HEADER_BYTES = 256 * 1024;

export interface EmulatorOptions {
  host?: string;
  /** 0 = a free port (the default in-process). */
  port?: number;
  stateFile?: string;
  credentials?: Credential[];
  /** Multiplies every status-transition delay; 0 = instant. Default 1. */
  delayScale?: number;
  delays?: Partial<DelayProfile>;
  clock?: "real" | "manual";
  /** Requests/s per action and account; Throttling.User beyond. */
  rateLimit?: number;
  log?: boolean;
  logger?: (line: string) => void;
  /** STS roles, OIDC providers and users (see emulator/sts/config.ts); or stsConfigFile, the same as JSON. */
  sts?: StsConfigInput;
  stsConfigFile?: string;
}

export interface RunningEmulator {
  url: string;
  port: number;
  host: string;
  admin: EmulatorAdmin;
  /** STS configuration and issued sessions (also under /_emulator/sts/ over HTTP). */
  sts: StsAdmin;
  close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const credentials = opts.credentials?.length ? opts.credentials : [{ accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET }];
  const core = new EmulatorCore({
    credentials,
    clock: opts.clock ?? "real",
    delayScale: opts.delayScale ?? 1,
    delays: opts.delays,
    rateLimit: opts.rateLimit,
    stateFile: opts.stateFile,
    log: opts.log,
    logger: opts.logger,
    sts: opts.stsConfigFile ? loadStsConfigFile(opts.stsConfigFile) : parseStsConfig(opts.sts),
  });
  const admin = createAdmin(core);
  const sts = core.sts.admin();
  const general = adminHttpHandler(admin);
  const stsHttp = stsAdminHttpHandler(core.sts, sts);
  core.adminHandler = (req, res, body) => ((req.url ?? "").startsWith(STS_ADMIN_PREFIX) ? stsHttp(req, res, body) : general(req, res, body));
  const server: Server = createServer({ maxHeaderSize: MAX_REQUEST_HEADER_BYTES }, core.handle);
  // Clients keep pooled connections open for a while; do not cut them before they reuse them.
  server.keepAliveTimeout = 65_000;
  const host = opts.host ?? DEFAULT_HOST;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    host,
    admin,
    sts,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => core.flushAll())
        .finally(() => core.journal?.close())),
  };
}

export type { EmulatorAdmin, ResourceLocator } from "./admin";
export type { DelayProfile } from "./defaults";
export { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_DELAYS, ECS_API_VERSION } from "./defaults";
export type { FaultSpec, FaultType } from "./faults";
export { REFERENCE_ERRORS } from "./faults";
export type { Credential } from "./protocol/auth";
export type { StsAdmin } from "./sts/service";
export type { StsConfigInput, RoleInput, OidcProviderInput, TrustPolicy, Jwks } from "./sts/config";
export { STS_API_VERSION } from "./sts/config";
export * as catalog from "./catalog";
