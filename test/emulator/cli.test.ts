/** The ecs-emulator CLI, compiled and run as a user would: ready line, flags, SIGTERM flushing state. */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "../../emulator/cli";
import { callV1, ok } from "./helpers";

const root = resolve(__dirname, "../..");
const out = mkdtempSync(join(tmpdir(), "ecs-emu-cli-"));

beforeAll(() => {
  // Compile only the emulator (and the signing it imports), so other areas' work in progress cannot break this test.
  execFileSync(
    process.execPath,
    [
      join(root, "node_modules/typescript/bin/tsc"),
      join(root, "emulator/cli.ts"),
      "--outDir", out, "--rootDir", root, "--module", "node20", "--moduleResolution", "node16", "--target", "ES2022",
      "--esModuleInterop", "--skipLibCheck", "--types", "node", "--strict",
    ],
    { stdio: "pipe" },
  );
}, 120_000);

function launch(args: string[]): Promise<{ child: ChildProcess; url: string; lines: string[] }> {
  const child = spawn(process.execPath, [join(out, "emulator/cli.js"), ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (l) => lines.push(l));
  return new Promise((resolveReady, reject) => {
    child.once("exit", (code) => reject(new Error(`exited early with ${code}: ${lines.join("\n")}`)));
    createInterface({ input: child.stdout! }).once("line", (line) => {
      const m = /^ecs-emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (m) resolveReady({ child, url: m[1], lines });
      else reject(new Error(`unexpected first line: ${line}`));
    });
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((r) => child.once("exit", (code) => r(code)));

it("prints one ready line, answers with custom credentials, logs calls, and flushes state on SIGTERM", async () => {
  const stateFile = join(out, "cli-state.json");
  const { child, url, lines } = await launch(["--port", "0", "--state-file", stateFile, "--access-key-id", "ak", "--access-key-secret", "sk", "--delay-scale", "0", "--log"]);
  const created = ok(await callV1(url, "CreateDisk", { RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-h", Size: 20 }, { accessKeyId: "ak", accessKeySecret: "sk" }));
  expect((await callV1(url, "DescribeRegions")).body.Code).toBe("InvalidAccessKeyId.NotFound");
  const exit = exited(child);
  child.kill("SIGTERM");
  expect(await exit).toBe(0);
  const saved = JSON.parse(readFileSync(stateFile, "utf8"));
  expect(saved.accounts.ak.regions["cn-hangzhou"].disks[created.DiskId]).toBeDefined();
  expect(lines.some((l) => /^ecs-emulator CreateDisk 200 OK \d+ms$/.test(l))).toBe(true);
  expect(lines.some((l) => /DescribeRegions 404 InvalidAccessKeyId.NotFound/.test(l))).toBe(true);
});

it("uses the default credentials when none are given, and stops on SIGINT", async () => {
  const { child, url } = await launch(["--port", "0", "--rate-limit", "100"]);
  expect((await callV1(url, "DescribeRegions")).status).toBe(200);
  const exit = exited(child);
  child.kill("SIGINT");
  expect(await exit).toBe(0);
});

it("keeps every acknowledged write when killed with SIGKILL right after answering (write-ahead journal)", async () => {
  const stateFile = join(out, "kill-state.json");
  const args = ["--port", "0", "--state-file", stateFile, "--delay-scale", "0"];
  const first = await launch(args);
  const created = { RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-h", Size: 20, ClientToken: "survives-kill" };
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push(ok(await callV1(first.url, "CreateDisk", { ...created, ClientToken: `survives-kill-${i}` })).DiskId);
  const lastCreate = ok(await callV1(first.url, "CreateDisk", created)).DiskId as string;
  // No grace: the process dies before the coalesced state-file write (100 ms later) could run.
  const exit = exited(first.child);
  first.child.kill("SIGKILL");
  await exit;

  const second = await launch(args);
  try {
    const listed = ok(await callV1(second.url, "DescribeDisks", { RegionId: "cn-hangzhou" })).Disks.Disk.map((d: { DiskId: string }) => d.DiskId);
    expect(listed.sort()).toEqual([...ids, lastCreate].sort());
    expect(ok(await callV1(second.url, "CreateDisk", created)).DiskId).toBe(lastCreate);
  } finally {
    const stopped = exited(second.child);
    second.child.kill("SIGTERM");
    expect(await stopped).toBe(0);
  }
});

describe("argument parsing", () => {
  it("reads flags, pairs credentials, accepts --flag=value", () => {
    expect(parseArgs(["--port=0", "--access-key-id", "a", "--access-key-secret", "b", "--security-token", "t", "--clock", "manual", "--rate-limit", "20"])).toEqual({
      port: 0,
      credentials: [{ accessKeyId: "a", accessKeySecret: "b", securityToken: "t" }],
      clock: "manual",
      rateLimit: 20,
    });
  });
  it("names the bad flag", () => {
    expect(() => parseArgs(["--bogus"])).toThrow("unknown option --bogus");
    expect(() => parseArgs(["--access-key-id", "a"])).toThrow("needs an --access-key-secret");
    expect(() => parseArgs(["--port", "x"])).toThrow("--port needs a number");
  });
});
