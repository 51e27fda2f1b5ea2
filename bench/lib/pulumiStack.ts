/** The real Pulumi CLI (through the Automation API) on an example program, with a file backend
 *  and a passphrase in a temp folder, against an emulator. Shared by the bench and the e2e tests. */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type ConfigMap, type Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "../../emulator";
import { REPO_ROOT } from "./emulatorProcess";

const PULUMI_ROOT = path.join(REPO_ROOT, ".tools", "pulumi");
export const PULUMI_BIN = path.join(PULUMI_ROOT, "bin");

/** examples/<name>, or a test program by its path from the repository root (test/e2e/programs/…). */
export const exampleDir = (example: string): string => (example.includes("/") ? path.join(REPO_ROOT, example) : path.join(REPO_ROOT, "examples", example));

let command: Promise<PulumiCommand> | undefined;

/** The CLI that `make pulumi-cli` put in .tools/pulumi/bin, found once per process; missing
 *  pieces fail loudly. */
export function pulumiCommand(): Promise<PulumiCommand> {
  command ??= (async () => {
    for (const exe of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
      if (!existsSync(path.join(PULUMI_BIN, exe))) {
        throw new Error(`${exe} is missing from ${PULUMI_BIN}: run 'make pulumi-cli' (make test, make test-e2e and make bench do)`);
      }
    }
    // The engine finds the language host and the dynamic-provider shim on PATH, and they find node there.
    process.env.PATH = [PULUMI_BIN, path.dirname(process.execPath), process.env.PATH].join(path.delimiter);
    return PulumiCommand.get({ root: PULUMI_ROOT });
  })();
  return command;
}

/** `npm install` in the example, as a user would: it links node_modules/pulumi-alicloud-ecs to the
 *  repo root, so @pulumi/pulumi resolves to the root's single copy. */
export function installExample(example: string): void {
  const dir = exampleDir(example);
  if (existsSync(path.join(dir, "node_modules", "pulumi-alicloud-ecs"))) return;
  execFileSync("npm", ["install", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "pipe" });
}

export interface ScratchStackOptions {
  example: string;
  /** A project folder outside this repository (one that installed the packed tarball), used as
   *  it is. Default: exampleDir(example), installed with a link to this repository. */
  workDir?: string;
  /** Starts the stack name and the temp folder's. */
  prefix: string;
  passphrase: string;
  /** Variables on top of the backend's, for every CLI run of the stack. */
  env?: Record<string, string>;
  config: ConfigMap;
}

export interface ScratchStack {
  stack: Stack;
  stackName: string;
  /** The file backend's folder. */
  backendDir: string;
  /** The variables every CLI run of this stack gets (backend, home, passphrase and opts.env). */
  env: Record<string, string>;
  /** Removes the stack, its settings file and the temp folder. */
  dispose(): Promise<void>;
}

/** A new stack of the example with its own file backend and Pulumi home in a temp folder. */
export async function createScratchStack(opts: ScratchStackOptions): Promise<ScratchStack> {
  const pulumi = await pulumiCommand();
  const workDir = opts.workDir ?? exampleDir(opts.example);
  if (!opts.workDir) installExample(opts.example);
  const label = path.basename(opts.example);
  const scratch = mkdtempSync(path.join(tmpdir(), `${opts.prefix}-${label}-`));
  const backendDir = path.join(scratch, "backend");
  mkdirSync(backendDir);
  mkdirSync(path.join(scratch, "home"));
  const stackName = `${opts.prefix}-${label}-${randomBytes(3).toString("hex")}`;
  const env: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_HOME: path.join(scratch, "home"),
    PULUMI_CONFIG_PASSPHRASE: opts.passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
    ...opts.env,
  };
  const stack = await LocalWorkspace.createStack({ stackName, workDir }, { envVars: env, pulumiCommand: pulumi });
  await stack.setAllConfig(opts.config);
  return {
    stack,
    stackName,
    backendDir,
    env,
    dispose: async () => {
      try {
        await stack.workspace.removeStack(stackName, { force: true });
      } finally {
        rmSync(path.join(workDir, `Pulumi.${stackName}.yaml`), { force: true });
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  };
}

/** A bench stack of the example against the emulator's default account. */
export function createStack(example: string, emulatorUrl: string, config: ConfigMap): Promise<ScratchStack> {
  return createScratchStack({
    example,
    prefix: "bench",
    passphrase: "bench-passphrase",
    config: {
      "alicloud-ecs:endpoint": { value: emulatorUrl },
      "alicloud-ecs:region": { value: "cn-hangzhou" },
      "alicloud-ecs:accessKeyId": { value: DEFAULT_ACCESS_KEY_ID },
      "alicloud-ecs:accessKeySecret": { value: DEFAULT_ACCESS_KEY_SECRET, secret: true },
      ...config,
    },
  });
}
