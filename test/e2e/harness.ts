/** End-to-end harness: the real Pulumi CLI (through the Automation API) deploys an example
 *  program against an in-process emulator, with a file backend in a temp folder. */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  LocalWorkspace,
  PulumiCommand,
  type ConfigMap,
  type EngineEvent,
  type OpType,
  type Stack,
} from "@pulumi/pulumi/automation";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import type { RegionState } from "../../emulator/state";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const PULUMI_ROOT = path.join(REPO_ROOT, ".tools", "pulumi");
export const PULUMI_BIN = path.join(PULUMI_ROOT, "bin");
export const REGION = "cn-hangzhou";
export const PASSPHRASE = "e2e-passphrase";
/** Long enough for a CLI run on a 2-core CI machine; a stuck run still fails. */
export const CLI_TIMEOUT_MS = 10 * 60 * 1000;

export type Example = "web" | "fleet";
export const exampleDir = (example: Example): string => path.join(REPO_ROOT, "examples", example);

// The tests decide where credentials come from: none may leak in from the machine running them.
for (const name of Object.keys(process.env)) {
  if (/^(ALIBABA_CLOUD_|ALICLOUD_)/.test(name) && name !== "ALIBABA_CLOUD_ECS_METADATA_DISABLED") delete process.env[name];
}
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";

let cli: Promise<PulumiCommand> | undefined;

/** The CLI that `make pulumi-cli` put in .tools/pulumi/bin. Missing pieces fail the suite loudly:
 *  these tests run in CI and must never turn into a silent skip. */
export function pulumiCli(): Promise<PulumiCommand> {
  cli ??= (async () => {
    for (const exe of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
      if (!existsSync(path.join(PULUMI_BIN, exe))) {
        throw new Error(`${exe} is missing from ${PULUMI_BIN}: run 'make pulumi-cli' (make test and make test-e2e do) before the end-to-end tests`);
      }
    }
    if (!existsSync(path.join(REPO_ROOT, "dist", "sdk", "index.js"))) {
      throw new Error("dist/sdk/index.js is missing: the examples load the built package; run 'make build' first");
    }
    // The engine finds the language host and the dynamic-provider shim on PATH, and they find node there.
    process.env.PATH = [PULUMI_BIN, path.dirname(process.execPath), process.env.PATH].join(path.delimiter);
    return PulumiCommand.get({ root: PULUMI_ROOT });
  })();
  return cli;
}

/** `npm install` in the example, as a user would: it links node_modules/pulumi-alicloud-ecs to the
 *  repo root, so @pulumi/pulumi resolves to the root's single copy. */
export function installExample(example: Example): void {
  const dir = exampleDir(example);
  if (!existsSync(path.join(dir, "node_modules", "pulumi-alicloud-ecs"))) {
    execFileSync("npm", ["install", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "pipe" });
  }
}

/** Where `@pulumi/pulumi` resolves from the example program and from the package it imports. */
export function pulumiSdkCopies(example: Example): { fromProgram: string; fromPackage: string } {
  const dir = exampleDir(example);
  const packageDir = realpathSync(path.join(dir, "node_modules", "pulumi-alicloud-ecs"));
  const resolveFrom = (from: string): string => realpathSync(require.resolve("@pulumi/pulumi/package.json", { paths: [from] }));
  return { fromProgram: resolveFrom(dir), fromPackage: resolveFrom(path.join(packageDir, "dist", "sdk")) };
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

export interface E2eStack {
  stack: Stack;
  stackName: string;
  /** The file backend's folder. */
  backendDir: string;
  /** The variables every CLI run of this stack gets (backend, passphrase, credentials when from env). */
  env: Record<string, string>;
  dispose(): Promise<void>;
}

export interface StackOptions {
  example: Example;
  emulator: RunningEmulator;
  credentials: Credentials;
  /** "config": alicloud-ecs:* stack config only (secret as a secure value); "env": environment variables only. */
  credentialSource: "config" | "env";
  config?: ConfigMap;
}

/** A new stack of the example in a temp file backend; dispose() removes the stack and its files. */
export async function createStack(opts: StackOptions): Promise<E2eStack> {
  const pulumiCommand = await pulumiCli();
  installExample(opts.example);
  const scratch = mkdtempSync(path.join(tmpdir(), `e2e-${opts.example}-`));
  const stackName = `e2e-${opts.example}-${randomBytes(3).toString("hex")}`;
  const env: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${path.join(scratch, "backend")}`,
    PULUMI_HOME: path.join(scratch, "home"),
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
  };
  mkdirSync(path.join(scratch, "backend"));
  mkdirSync(path.join(scratch, "home"));
  const config: ConfigMap = { ...opts.config };
  if (opts.credentialSource === "config") {
    config["alicloud-ecs:endpoint"] = { value: opts.emulator.url };
    config["alicloud-ecs:region"] = { value: REGION };
    config["alicloud-ecs:accessKeyId"] = { value: opts.credentials.accessKeyId };
    config["alicloud-ecs:accessKeySecret"] = { value: opts.credentials.accessKeySecret, secret: true };
  } else {
    env.ALIBABA_CLOUD_ECS_ENDPOINT = opts.emulator.url;
    env.ALIBABA_CLOUD_REGION_ID = REGION;
    env.ALIBABA_CLOUD_ACCESS_KEY_ID = opts.credentials.accessKeyId;
    env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = opts.credentials.accessKeySecret;
  }
  const stack = await LocalWorkspace.createStack(
    { stackName, workDir: exampleDir(opts.example) },
    { envVars: env, pulumiCommand },
  );
  await stack.setAllConfig(config);
  return {
    stack,
    stackName,
    backendDir: path.join(scratch, "backend"),
    env,
    dispose: async () => {
      try {
        // A test that failed after killing a CLI leaves its lock behind.
        await stack.cancel().catch(() => undefined);
        await stack.workspace.removeStack(stackName, { force: true });
      } finally {
        rmSync(path.join(exampleDir(opts.example), `Pulumi.${stackName}.yaml`), { force: true });
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  };
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

/** Counts of every kind the stack manages; all zero means nothing of the stack is left. */
export function stackResourceCounts(emulator: RunningEmulator, accessKeyId: string): Record<string, number> {
  return Object.fromEntries(Object.entries(emulatorResources(emulator, accessKeyId)).map(([k, v]) => [k, v.length]));
}

/** Resource changes of a summary without the unchanged ones. */
export function changes(summary: Record<string, number> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(summary ?? {}).filter(([op, n]) => op !== "same" && n > 0));
}
