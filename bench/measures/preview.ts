/** Measure 8: where the time of a no-change `pulumi preview` of a big stack goes. bench/programs/scale
 *  at N = 300 (301 resources) is deployed once (emulator without delays or flow control: a preview
 *  calls no API), then previewed through the real CLI, alternating:
 *   - this package;
 *   - the sdk classes as they were before issue 15 (bench/programs/scale/previousSdk.js): the
 *     closure-serialized shim (2.9 KB per kind) and @pulumi/pulumi's per-promise stack traces;
 *   - this package with the engine's PULUMI_PARALLEL_DIFF=true.
 *  Each: wall time, CPU time by process (program, engine, dynamic-provider host), and when the
 *  engine started the first and the last resource step (before: the CLI, the program and the
 *  provider starting; between: the engine's check and diff of each resource, one at a time). One
 *  more preview of this package runs with `node --cpu-prof` in the program and the provider host:
 *  their CPU by code, ours against @pulumi/pulumi's, gRPC and protobuf's and module loading. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { cpuByRole, DYNAMIC_PROVIDER, timedCliOp, type OpRun } from "../lib/cliRun";
import { profilesIn, summarize, type ProfileSummary } from "../lib/cpuProfile";
import { spawnEmulator } from "../lib/emulatorProcess";
import { createStack, type ScratchStack } from "../lib/pulumiStack";
import { median } from "../lib/stats";
import { ratio, type MeasureResult, type Row } from "../lib/table";

const N = 300;
const ROUNDS = 2;
const PARALLEL = 64;

interface Variant {
  name: string;
  env: Record<string, string>;
}

const VARIANTS: Variant[] = [
  { name: "this package", env: {} },
  { name: "the sdk before issue 15", env: { BENCH_SCALE_SDK: "previous" } },
  { name: "this package, PULUMI_PARALLEL_DIFF=true", env: { PULUMI_PARALLEL_DIFF: "true" } },
];

interface PreviewRun extends OpRun {
  variant: string;
  same: number;
}

const noCalls = { reset: () => undefined, read: () => ({}) };

async function preview(stack: ScratchStack, variant: Variant): Promise<PreviewRun> {
  const saved = { ...stack.stack.workspace.envVars };
  Object.assign(stack.stack.workspace.envVars, variant.env);
  let same = 0;
  try {
    const run = await timedCliOp(noCalls, async (onEvent: (e: EngineEvent) => void) => {
      const res = await stack.stack.preview({ parallel: PARALLEL, onEvent });
      same = res.changeSummary.same ?? 0;
      return { summary: { result: "succeeded" } };
    });
    return { ...run, variant: variant.name, same };
  } finally {
    stack.stack.workspace.envVars = saved;
  }
}

/** The profiled preview: CPU by code in the program and the provider host. */
async function profiled(stack: ScratchStack): Promise<{ program?: ProfileSummary; provider?: ProfileSummary }> {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-cpuprof-"));
  try {
    const preload = path.join(__dirname, "..", "lib", "exitOnSignal.js");
    await preview(stack, { name: "profiled", env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir} --require ${preload}` } });
    const all = profilesIn(dir).map((f) => summarize(f));
    const program = all.find((p) => /cmd\/run\/index\.js$/.test(p.main));
    const provider = all.find((p) => /cmd\/dynamic-provider\/index\.js$/.test(p.main));
    return { program, provider };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const split = (p: ProfileSummary | undefined): string =>
  p
    ? Object.entries(p.byGroup)
        .sort((a, b) => b[1] - a[1])
        .map(([g, ms]) => `${g} ${(ms / 1000).toFixed(2)} s`)
        .join(", ")
    : "no profile";

export async function measurePreview(): Promise<MeasureResult> {
  const started = Date.now();
  const emulator = await spawnEmulator(["--delay-scale", "0"]);
  const runs: PreviewRun[] = [];
  let prof: Awaited<ReturnType<typeof profiled>> = {};
  try {
    const stack = await createStack("bench/programs/scale", emulator.url, { "scale:instances": { value: String(N) }, "scale:disks": { value: "false" } });
    try {
      const up = await stack.stack.up({ parallel: PARALLEL });
      if (up.summary.result !== "succeeded") throw new Error(`pulumi up of ${N} instances ended ${up.summary.result}`);
      for (let r = 0; r < ROUNDS; r++) for (const v of VARIANTS) runs.push(await preview(stack, v));
      prof = await profiled(stack);
      await stack.stack.destroy({ parallel: PARALLEL });
    } finally {
      await stack.dispose();
    }
  } finally {
    await emulator.stop();
  }
  const of = (v: Variant): PreviewRun[] => runs.filter((r) => r.variant === v.name);
  const med = (v: Variant, f: (r: PreviewRun) => number | undefined): number => median(of(v).map(f).filter((x): x is number => x !== undefined));
  const cpu = (role: string) => (r: PreviewRun): number => (cpuByRole(r)[role] ?? 0);
  const first = (r: PreviewRun): number | undefined => r.steps.Instance?.firstS;
  const stepPhase = (r: PreviewRun): number | undefined => (r.steps.Instance ? r.steps.Instance.lastS - r.steps.Instance.firstS : undefined);
  const [ours] = VARIANTS;
  const rows: Row[] = [];
  for (const v of VARIANTS) {
    const vs = v === ours ? undefined : ours;
    const row = (metric: string, f: (r: PreviewRun) => number | undefined): Row => {
      const a = med(v, f);
      const b = vs ? med(vs, f) : undefined;
      return { metric: `${v.name}: ${metric}`, ours: a, baseline: b, ratio: ratio(a, b) };
    };
    rows.push(row("wall time (s)", (r) => r.wallMs / 1000));
    rows.push(row("first resource step after (s): CLI, program and provider start", first));
    rows.push(row("first to last resource step (s): the engine's check and diff", stepPhase));
    rows.push(row("CPU of the program (s)", cpu("program")));
    rows.push(row("CPU of the engine (s)", cpu("pulumi engine")));
    rows.push(row("CPU of the dynamic-provider host (s)", cpu(DYNAMIC_PROVIDER)));
  }
  const { program, provider } = prof;
  const calls = 2 * (N + 1); // a check and a diff per resource
  if (provider) {
    const g = (name: string): number => provider.byGroup[name] ?? 0;
    const loading = g("module loading");
    rows.push({ metric: "provider host (profiled): CPU per check or diff call, module loading left out (ms)", ours: (provider.busyMs - loading) / calls });
    rows.push({ metric: "  of which our code (provider/, self time) (ms)", ours: g("ours: provider") / calls });
    rows.push({ metric: "  of which gRPC and protobuf (ms)", ours: g("gRPC and protobuf") / calls });
    rows.push({ metric: "provider host (profiled): loading modules, once (s)", ours: loading / 1000 });
  }
  const notes = [
    `Every preview reported ${[...new Set(runs.map((r) => r.same))].join("/")} resources unchanged (expected ${N + 2}: the instances, their security group and the stack).`,
    `Profiled preview, program (busy ${((program?.busyMs ?? 0) / 1000).toFixed(2)} s of ${((program?.wallMs ?? 0) / 1000).toFixed(1)} s): ${split(program)}.`,
    `Profiled preview, dynamic-provider host (busy ${((provider?.busyMs ?? 0) / 1000).toFixed(2)} s of ${((provider?.wallMs ?? 0) / 1000).toFixed(1)} s): ${split(provider)}.`,
    ...runs.map((r) => `${r.variant}: wall ${(r.wallMs / 1000).toFixed(1)} s; CPU by process ${Object.entries(cpuByRole(r)).map(([k, s]) => `${k} ${s.toFixed(2)} s`).join(", ")}.`),
  ];
  return {
    id: 8,
    title: `Where a no-change preview of ${N + 1} resources goes`,
    setup:
      `bench/programs/scale with ${N} instances and their security group, deployed once against the emulator in its own process (no delays, no flow control: a preview calls no API), then \`pulumi preview --parallel ${PARALLEL}\` through the Automation API, ${ROUNDS} rounds of the variants in turn; medians. ` +
      `CPU time per process from /proc (user + system). "First resource step" is when the engine reported the first Instance step; between the first and the last, the engine checks and diffs each resource with the provider (one at a time unless PULUMI_PARALLEL_DIFF). ` +
      `A last preview of this package runs with \`node --cpu-prof\` in the program and the provider host (the split below, self time by the code it was in; profiling slows them).`,
    baseline: `this package (the first variant); ratio = variant / this package.`,
    rows,
    details: { n: N, rounds: ROUNDS, runs, profile: { program, provider } },
    notes,
    wallMs: Date.now() - started,
  };
}
