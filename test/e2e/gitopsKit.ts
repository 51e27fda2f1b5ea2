/** The pipeline kit's workflow files as the end-to-end test runs them: the inputs of each
 *  pulumi/actions step, read from examples/gitops/.github/workflows and mapped to the Automation API
 *  options the action passes (pulumi/actions src/config.ts: diff → diff, plan → plan, policyPacks →
 *  policyPacks …). An input the mapping does not know fails the test, so the workflows and the test
 *  cannot drift apart silently. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { PreviewOptions, UpOptions } from "@pulumi/pulumi/automation";
import { exampleDir } from "../../bench/lib/pulumiStack";

// js-yaml ships with @pulumi/pulumi (a dependency of the package); no types of its own here.
const { load } = require("js-yaml") as { load(text: string): unknown };

export const KIT_DIR = exampleDir("gitops");

export interface WorkflowStep {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | boolean | number>;
  env?: Record<string, string>;
  "working-directory"?: string;
}
export interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, { steps: WorkflowStep[]; strategy?: { matrix?: Record<string, unknown> } }>;
}

export function readYaml<T>(relative: string): T {
  return load(readFileSync(path.join(KIT_DIR, relative), "utf8")) as T;
}

export const workflow = (file: string): Workflow => readYaml<Workflow>(path.join(".github", "workflows", file));

/** The steps of the workflow's single job. */
export function steps(file: string): WorkflowStep[] {
  const jobs = Object.values(workflow(file).jobs);
  if (jobs.length !== 1) throw new Error(`${file}: expected one job, found ${jobs.length}`);
  return jobs[0]!.steps;
}

/** The `with` inputs of the workflow's pulumi/actions step running `command`. */
export function pulumiActionInputs(file: string, command: string): Record<string, string | boolean | number> {
  const found = steps(file).filter((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command === command);
  if (found.length !== 1) throw new Error(`${file}: expected one pulumi/actions step with command ${command}, found ${found.length}`);
  return found[0]!.with!;
}

/** Values of the GitHub expressions the kit's paths use. */
export interface Expressions {
  "runner.temp": string;
  "matrix.stack": string;
}

/** Replaces ${{ runner.temp }} and ${{ matrix.stack }}; any other expression is an error. */
export function expand(value: string, values: Expressions): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    if (!(expr in values)) throw new Error(`the test cannot evaluate \${{ ${expr} }} in ${value}`);
    return values[expr as keyof Expressions];
  });
}

/** Inputs that only concern GitHub (the stack, folder, backend and CLI come from the test's setup). */
const SETUP_INPUTS = new Set(["command", "stack-name", "work-dir", "cloud-url", "pulumi-version-file", "comment-on-pr"]);

function options(inputs: Record<string, string | boolean | number>, values: Expressions, known: Record<string, (v: string) => object>): object {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(inputs)) {
    if (SETUP_INPUTS.has(key)) continue;
    const map = known[key];
    if (!map) throw new Error(`the end-to-end test does not map the pulumi/actions input "${key}"`);
    Object.assign(out, map(expand(String(raw), values)));
  }
  return out;
}

const bool = (v: string): boolean => {
  if (v !== "true" && v !== "false") throw new Error(`expected true or false, got ${v}`);
  return v === "true";
};
/** pulumi/actions splits multi-line list inputs on lines and semicolons. */
const list = (v: string): string[] => v.split(/[\n;]/).map((s) => s.trim()).filter(Boolean);

/** The Automation API options of the preview step of pulumi-preview.yml. */
export function previewOptions(values: Expressions): PreviewOptions {
  return options(pulumiActionInputs("pulumi-preview.yml", "preview"), values, {
    diff: (v) => ({ diff: bool(v) }),
    plan: (v) => ({ plan: v }),
    policyPacks: (v) => ({ policyPacks: list(v) }),
    policyPackConfigs: (v) => ({ policyPackConfigs: list(v) }),
  });
}

/** The Automation API options of the up step of pulumi-up.yml. */
export function upOptions(values: Expressions): UpOptions {
  return options(pulumiActionInputs("pulumi-up.yml", "up"), values, { plan: (v) => ({ plan: v }) });
}

/** The drift job's command: the `run` of pulumi-drift.yml's last step, with the stack expanded. */
export function driftCommand(stack: string): string[] {
  const run = steps("pulumi-drift.yml").at(-1)?.run;
  if (!run) throw new Error("pulumi-drift.yml: the last step runs no command");
  return expand(run.trim(), { "runner.temp": "", "matrix.stack": stack })
    .split(/\s+/)
    .map((w) => w.replace(/^"(.*)"$/, "$1"));
}

/** Where the preview run uploads its plan and where the merge run downloads it (the same artifact
 *  name in both workflows); the test copies the file as GitHub's artifact store would. */
export function planArtifact(previewRun: Expressions, upRun: Expressions): { uploaded: string; downloaded: string } {
  const upload = steps("pulumi-preview.yml").find((s) => s.uses?.startsWith("actions/upload-artifact@"))?.with;
  const download = steps("pulumi-up.yml").find((s) => s.uses?.startsWith("actions/download-artifact@"))?.with;
  if (!upload || !download) throw new Error("the workflows must upload and download the plan as an artifact");
  const name = (w: Record<string, unknown>, run: Expressions) => expand(String(w.name), run);
  if (name(upload, previewRun) !== name(download, upRun)) throw new Error("the plan artifact's names differ between the workflows");
  const uploaded = expand(String(upload.path), previewRun);
  return { uploaded, downloaded: path.join(expand(String(download.path), upRun), path.basename(uploaded)) };
}
