/** The real Pulumi CLI (through the Automation API) on an example program, with a file backend
 *  and a passphrase in a temp folder, against an emulator. */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type ConfigMap, type Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "../../emulator";
import { DIST_ROOT } from "./emulatorProcess";

export const REPO_ROOT = path.resolve(DIST_ROOT, "..");
const PULUMI_ROOT = path.join(REPO_ROOT, ".tools", "pulumi");

export async function pulumiCommand(): Promise<PulumiCommand> {
  const bin = path.join(PULUMI_ROOT, "bin");
  for (const exe of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
    if (!existsSync(path.join(bin, exe))) throw new Error(`${exe} is missing from ${bin}: run 'make pulumi-cli' (make bench does)`);
  }
  // The engine finds the language host and the dynamic-provider shim on PATH, and they find node there.
  process.env.PATH = [bin, path.dirname(process.execPath), process.env.PATH].join(path.delimiter);
  return PulumiCommand.get({ root: PULUMI_ROOT });
}

/** `npm install` in the example, as a user would (links pulumi-alicloud-ecs to the repo root). */
export function installExample(dir: string): void {
  if (existsSync(path.join(dir, "node_modules", "pulumi-alicloud-ecs"))) return;
  execFileSync("npm", ["install", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "pipe" });
}

export interface BenchStack {
  stack: Stack;
  dispose(): Promise<void>;
}

export async function createStack(example: string, emulatorUrl: string, config: ConfigMap): Promise<BenchStack> {
  const command = await pulumiCommand();
  const workDir = path.join(REPO_ROOT, "examples", example);
  installExample(workDir);
  const scratch = mkdtempSync(path.join(tmpdir(), `bench-${example}-`));
  mkdirSync(path.join(scratch, "backend"));
  mkdirSync(path.join(scratch, "home"));
  const stackName = `bench-${randomBytes(3).toString("hex")}`;
  const envVars: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${path.join(scratch, "backend")}`,
    PULUMI_HOME: path.join(scratch, "home"),
    PULUMI_CONFIG_PASSPHRASE: "bench-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
  };
  const stack = await LocalWorkspace.createStack({ stackName, workDir }, { envVars, pulumiCommand: command });
  await stack.setAllConfig({
    "alicloud-ecs:endpoint": { value: emulatorUrl },
    "alicloud-ecs:region": { value: "cn-hangzhou" },
    "alicloud-ecs:accessKeyId": { value: DEFAULT_ACCESS_KEY_ID },
    "alicloud-ecs:accessKeySecret": { value: DEFAULT_ACCESS_KEY_SECRET, secret: true },
    ...config,
  });
  return {
    stack,
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
