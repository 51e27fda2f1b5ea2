/** End-to-end harness: the real Pulumi CLI (through the Automation API) deploys an example
 *  program against an in-process emulator, with a file backend in a temp folder. */
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import * as path from "node:path";
import type { ConfigMap, EngineEvent, OpType } from "@pulumi/pulumi/automation";
import { REPO_ROOT } from "../../bench/lib/emulatorProcess";
import { createScratchStack, exampleDir, PULUMI_BIN, type ScratchStack } from "../../bench/lib/pulumiStack";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import type { RegionState } from "../../emulator/state";

export { exampleDir, PULUMI_BIN };
export const REGION = "cn-hangzhou";
export const PASSPHRASE = "e2e-passphrase";
/** Long enough for a CLI run on a 2-core CI machine; a stuck run still fails. */
export const CLI_TIMEOUT_MS = 10 * 60 * 1000;

/** An example (examples/<name>) or a test program (test/e2e/programs/<name>, by its path). */
export type Example = "web" | "fleet" | `test/e2e/programs/${string}`;

// The tests decide where credentials come from: none may leak in from the machine running them.
for (const name of Object.keys(process.env)) {
  if (/^(ALIBABA_CLOUD_|ALICLOUD_)/.test(name) && name !== "ALIBABA_CLOUD_ECS_METADATA_DISABLED") delete process.env[name];
}
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";

/** Where `@pulumi/pulumi` resolves from a Pulumi project's program and from the package it
 *  imports (an example folder linked to this repository, or a project that installed the tarball). */
export function pulumiSdkCopies(projectDir: string): { fromProgram: string; fromPackage: string } {
  const packageDir = realpathSync(path.join(projectDir, "node_modules", "pulumi-alicloud-ecs"));
  const resolveFrom = (from: string): string => realpathSync(require.resolve("@pulumi/pulumi/package.json", { paths: [from] }));
  return { fromProgram: resolveFrom(projectDir), fromPackage: resolveFrom(path.join(packageDir, "dist", "sdk")) };
}

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
}

/** A fresh account for one test file: a distinctive secret makes leaks easy to find. */
export function newCredentials(label: string): Credentials {
  return { accessKeyId: `e2e-${label}-${randomBytes(4).toString("hex")}`, accessKeySecret: `Secret${randomBytes(12).toString("hex")}` };
}

export function startTestEmulator(credentials: Credentials, opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, delayScale: 0, credentials: [credentials], ...opts });
}

export type E2eStack = ScratchStack;

export interface StackOptions {
  example: Example;
  emulator: Pick<RunningEmulator, "url">;
  credentials: Credentials;
  /** "config": alicloud-ecs:* stack config only (secret as a secure value); "env": environment variables only;
   *  "keyless": no AccessKey anywhere (endpoint and region from the environment; `env` brings the OIDC variables). */
  credentialSource: "config" | "env" | "keyless";
  config?: ConfigMap;
  /** More variables for every CLI run of the stack. */
  env?: Record<string, string>;
  /** The project folder when it is outside this repository (a tarball install, see userProject.ts). */
  workDir?: string;
}

/** A new stack of the example in a temp file backend; dispose() removes the stack and its files. */
export async function createStack(opts: StackOptions): Promise<E2eStack> {
  // Missing pieces fail the suite loudly: these tests run in CI and must never turn into a silent skip.
  if (!existsSync(path.join(REPO_ROOT, "dist", "sdk", "index.js"))) {
    throw new Error("dist/sdk/index.js is missing: the examples load the built package; run 'make build' first");
  }
  const env: Record<string, string> = {};
  const config: ConfigMap = { ...opts.config };
  if (opts.credentialSource === "config") {
    config["alicloud-ecs:endpoint"] = { value: opts.emulator.url };
    config["alicloud-ecs:region"] = { value: REGION };
    config["alicloud-ecs:accessKeyId"] = { value: opts.credentials.accessKeyId };
    config["alicloud-ecs:accessKeySecret"] = { value: opts.credentials.accessKeySecret, secret: true };
  } else {
    env.ALIBABA_CLOUD_ECS_ENDPOINT = opts.emulator.url;
    env.ALIBABA_CLOUD_REGION_ID = REGION;
    if (opts.credentialSource === "env") {
      env.ALIBABA_CLOUD_ACCESS_KEY_ID = opts.credentials.accessKeyId;
      env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = opts.credentials.accessKeySecret;
    }
  }
  const scratch = await createScratchStack({ example: opts.example, workDir: opts.workDir, prefix: "e2e", passphrase: PASSPHRASE, env: { ...env, ...opts.env }, config });
  return {
    ...scratch,
    dispose: async () => {
      // A test that failed after killing a CLI leaves its lock behind.
      await scratch.stack.cancel().catch(() => undefined);
      // The scratch backend's files go whatever `stack rm` answers: a test's checks are done by now,
      // and a checkpoint a killed CLI left truncated (test/e2e/chaos/MATRIX.md) must not fail it.
      await scratch.dispose().catch((err: Error) => console.warn(`pulumi stack rm failed (scratch files removed anyway): ${err.message.split("\n")[0]}`));
    },
  };
}

/** A suite's teardown: the stack (and its files) first, then the emulator it ran against. */
export async function disposeAll(e2e: E2eStack | undefined, emulator: RunningEmulator | undefined): Promise<void> {
  try {
    await e2e?.dispose();
  } finally {
    await emulator?.close();
  }
}

/** `pulumi stack export` as a user runs it (without --show-secrets; the Automation API's
 *  exportStack() decrypts), and the checkpoint file the file backend keeps. */
export function stateAsStored(e2e: E2eStack, example: Example): { exported: string; checkpoint: string } {
  const exported = execFileSync(path.join(PULUMI_BIN, "pulumi"), ["stack", "export", "--stack", e2e.stackName], {
    cwd: exampleDir(example),
    env: { ...process.env, ...e2e.env },
    encoding: "utf8",
  });
  const checkpointPath = path.join(e2e.backendDir, ".pulumi", "stacks", example, `${e2e.stackName}.json`);
  return { exported, checkpoint: readFileSync(checkpointPath, "utf8") };
}

/** The pulumi CLI itself on a stack, with the flags a user types (what the Automation API does not
 *  expose, e.g. `refresh --diff`): its exit code and output. Asynchronous, so the in-process
 *  emulator keeps answering while the CLI runs. */
export function cli(e2e: E2eStack, example: Example, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(PULUMI_BIN, "pulumi"),
      [...args, "--stack", e2e.stackName, "--non-interactive", "--color", "never"],
      { cwd: exampleDir(example), env: { ...process.env, ...e2e.env }, encoding: "utf8", maxBuffer: 64 << 20, timeout: CLI_TIMEOUT_MS },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The package's `ecs-orphans` command, as a user runs it in the project folder (the built one,
 *  dist/sdk/cli/orphans.js), reading the stack's config for the emulator's endpoint and keys. */
export function orphans(e2e: E2eStack, example: Example): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(REPO_ROOT, "dist", "sdk", "cli", "orphans.js"), "--stack", e2e.stackName, "--from-stack-config"],
      { cwd: exampleDir(example), env: { ...process.env, ...e2e.env, PATH: `${PULUMI_BIN}${path.delimiter}${process.env.PATH ?? ""}` }, encoding: "utf8", timeout: CLI_TIMEOUT_MS },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Engine events of one operation, to tell updates from replacements per resource. */
export class EventLog {
  readonly events: EngineEvent[] = [];
  readonly onEvent = (e: EngineEvent): void => {
    this.events.push(e);
  };
  /** Resource name (last URN segment) → the step ops the engine took for it. */
  ops(): Map<string, OpType[]> {
    const byName = new Map<string, OpType[]>();
    for (const e of this.events) {
      const md = e.resourcePreEvent?.metadata;
      if (!md || md.type === "pulumi:pulumi:Stack" || md.type.startsWith("pulumi:providers:")) continue;
      const name = md.urn.slice(md.urn.lastIndexOf("::") + 2);
      byName.set(name, [...(byName.get(name) ?? []), md.op]);
    }
    return byName;
  }
}

/** The console output of a CLI run, kept to explain a failure. */
export class OutputLog {
  private text = "";
  readonly onOutput = (chunk: string): void => {
    this.text += chunk;
  };
  toString(): string {
    return this.text;
  }
}

/** The resources the emulator holds for one account, across regions. Default VPCs and VSwitches
 *  are the account's own, not the stack's, and system disks go with their instances. */
export function emulatorResources(emulator: RunningEmulator, accessKeyId: string) {
  const account = emulator.admin.snapshot().accounts[accessKeyId];
  const regions: RegionState[] = account ? Object.values(account.regions) : [];
  const each = <T>(pick: (r: RegionState) => Record<string, T>): T[] => regions.flatMap((r) => Object.values(pick(r)));
  return {
    instances: each((r) => r.instances),
    dataDisks: each((r) => r.disks).filter((d) => d.type === "data"),
    securityGroups: each((r) => r.securityGroups),
    keyPairs: each((r) => r.keyPairs),
    launchTemplates: each((r) => r.launchTemplates),
    deploymentSets: each((r) => r.deploymentSets),
  };
}

/** stackResourceCounts once nothing of the stack is left. */
export const NOTHING_LEFT = { instances: 0, dataDisks: 0, securityGroups: 0, keyPairs: 0, launchTemplates: 0, deploymentSets: 0 };

/** Counts of every kind the stack manages; all zero means nothing of the stack is left. */
export function stackResourceCounts(emulator: RunningEmulator, accessKeyId: string): Record<string, number> {
  return Object.fromEntries(Object.entries(emulatorResources(emulator, accessKeyId)).map(([k, v]) => [k, v.length]));
}

/** Resource changes of a summary without the unchanged ones. */
export function changes(summary: Record<string, number> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(summary ?? {}).filter(([op, n]) => op !== "same" && n > 0));
}
