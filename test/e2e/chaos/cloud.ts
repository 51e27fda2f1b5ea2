/** The emulator as the fault matrix drives it: only through its HTTP admin API, so the same cell
 *  code runs against an in-process emulator or one in a process of its own (which a cell can
 *  SIGKILL and start again on the same port and state file). */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../../bench/lib/emulatorProcess";
import type { FaultSpec, RunningEmulator } from "../../../emulator";
import type { RegionState, ResourceKind, StateData } from "../../../emulator/state";
import { startTestEmulator, type Credentials } from "../harness";

export interface Cloud {
  url: string;
  /** The account's state (all regions). */
  regions(accessKeyId: string): Promise<RegionState[]>;
  counts(): Promise<Record<string, number>>;
  resetCounts(): Promise<void>;
  fault(spec: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  advanceClock(ms: number): Promise<void>;
  deleteResource(kind: ResourceKind, id: string): Promise<void>;
  modifyResource(kind: ResourceKind, id: string, patch: Record<string, unknown>): Promise<void>;
  setCredential(c: Credentials & { securityToken?: string; expiresInMs?: number }): Promise<void>;
  /** Moves emulated time `factor` times faster than real time until the returned stop is called. */
  pump(factor: number): () => void;
  close(): Promise<void>;
}

async function admin<T = Record<string, unknown>>(url: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}/_emulator/${route}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`admin ${method} ${route}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

function httpCloud(url: () => string, close: () => Promise<void>): Cloud {
  const cloud: Cloud = {
    get url() {
      return url();
    },
    regions: async (id) => Object.values((await admin<StateData>(url(), "GET", "state")).accounts[id]?.regions ?? {}),
    counts: async () => (await admin<{ counts: Record<string, number> }>(url(), "GET", "counters")).counts,
    resetCounts: async () => void (await admin(url(), "DELETE", "counters")),
    fault: async (spec) => void (await admin(url(), "POST", "faults", spec)),
    clearFaults: async () => void (await admin(url(), "DELETE", "faults")),
    advanceClock: async (ms) => void (await admin(url(), "POST", "clock/advance", { ms })),
    deleteResource: async (kind, id) => void (await admin(url(), "DELETE", `resources/${kind}/${id}`)),
    modifyResource: async (kind, id, patch) => void (await admin(url(), "PATCH", `resources/${kind}/${id}`, patch)),
    setCredential: async (c) => void (await admin(url(), "POST", "credentials", c)),
    pump(factor) {
      const stepMs = 20;
      let busy = false;
      const timer = setInterval(() => {
        if (busy) return; // never queue advances behind a slow answer
        busy = true;
        cloud.advanceClock(stepMs * factor).finally(() => (busy = false));
      }, stepMs);
      return () => clearInterval(timer);
    },
    close,
  };
  return cloud;
}

/** An in-process emulator (delay scale 0) for one account. */
export async function inProcessCloud(creds: Credentials, clock: "real" | "manual" = "real"): Promise<Cloud & { emulator: RunningEmulator }> {
  const emulator = await startTestEmulator(creds, { clock });
  return Object.assign(httpCloud(() => emulator.url, () => emulator.close()), { emulator });
}

/** An emulator in its own process with a state file, on a fixed port so a restart keeps the URL. */
export interface ProcessCloud extends Cloud {
  /** SIGKILL, no chance to flush anything. */
  kill(): Promise<void>;
  /** Starts again on the same port and state file. */
  restart(): Promise<void>;
}

export async function processCloud(creds: Credentials): Promise<ProcessCloud> {
  const cli = path.join(REPO_ROOT, "dist", "emulator", "cli.js");
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run 'make build' first`);
  const dir = mkdtempSync(path.join(tmpdir(), "chaos-emulator-"));
  const stateFile = path.join(dir, "state.json");
  let child: ChildProcess | undefined;
  let url = "";
  const start = async (port: number): Promise<void> => {
    const args = [cli, "--port", String(port), "--state-file", stateFile, "--delay-scale", "0", "--access-key-id", creds.accessKeyId, "--access-key-secret", creds.accessKeySecret];
    const proc = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    let stderr = "";
    proc.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
    url = await new Promise<string>((resolve, reject) => {
      let out = "";
      proc.once("exit", (code) => reject(new Error(`the emulator exited with ${code} before listening: ${stderr}`)));
      proc.stdout?.on("data", (c: Buffer) => {
        out += c.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
    });
  };
  const stop = (signal: NodeJS.Signals) =>
    new Promise<void>((done) => {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return done();
      proc.removeAllListeners("exit");
      proc.once("exit", () => done());
      proc.kill(signal);
    });
  await start(0);
  const port = Number(new URL(url).port);
  const base = httpCloud(
    () => url,
    async () => {
      await stop("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  );
  return Object.assign(base, {
    kill: () => stop("SIGKILL"),
    restart: () => start(port),
  });
}
