/** startEmulator: the in-process entry point (the CLI wraps it). */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { adminHttpHandler, createAdmin, type EmulatorAdmin } from "./admin";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_HOST, type DelayProfile } from "./defaults";
import type { Credential } from "./protocol/auth";
import { EmulatorCore } from "./server";

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
}

export interface RunningEmulator {
  url: string;
  port: number;
  host: string;
  admin: EmulatorAdmin;
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
  });
  const admin = createAdmin(core);
  core.adminHandler = adminHttpHandler(admin);
  const server: Server = createServer(core.handle);
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
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => core.stateFile?.flush())),
  };
}

export type { EmulatorAdmin, ResourceLocator } from "./admin";
export type { DelayProfile } from "./defaults";
export { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_DELAYS, ECS_API_VERSION } from "./defaults";
export type { FaultSpec, FaultType } from "./faults";
export type { Credential } from "./protocol/auth";
export * as catalog from "./catalog";
