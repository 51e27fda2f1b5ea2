/** The emulator in a process of its own (measure 4: client and server must not share one event
 *  loop, or the server's work would count against the client). */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";

export interface EmulatorProcess {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export const DIST_ROOT = path.resolve(__dirname, "..", "..");
/** The checkout: the bench runs compiled in dist/, the e2e tests load these sources through ts-jest. */
export const REPO_ROOT = __filename.endsWith(".ts") ? DIST_ROOT : path.dirname(DIST_ROOT);

/** Starts `node dist/emulator/cli.js --port 0 <args>`; `onLine` gets each line it writes to
 *  stderr (its --log lines among them). */
export function spawnEmulator(args: readonly string[] = [], onLine?: (line: string) => void): Promise<EmulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(DIST_ROOT, "emulator", "cli.js"), "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let partial = "";
  child.stderr?.on("data", (c: Buffer) => {
    const text = c.toString();
    if (!onLine) {
      stderr += text;
      return;
    }
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) onLine(line);
    if (stderr.length < 10_000) stderr += text;
  });
  return new Promise<EmulatorProcess>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error("the emulator did not say where it listens within 20 s")), 20_000);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${err.message}${stderr ? `\n${stderr}` : ""}`));
    };
    child.once("exit", (code) => fail(new Error(`the emulator exited with ${code} before listening`)));
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      const url = m[1];
      resolve({
        url,
        port: Number(new URL(url).port),
        pid: child.pid as number,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}

/** Runs `node <args>` and returns its stdout (throws with stderr on a non-zero exit). */
export function runNode(args: readonly string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 120_000);
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`node ${args.join(" ")} exited with ${code ?? signal}: ${err.slice(-2000)}`));
    });
  });
}
