/** Measure 7: big stacks through the real CLI. bench/programs/scale (one security group and N
 *  instances, with or without a data disk each) at --parallel 64 against the emulator in a process
 *  of its own, with the emulator's per-action flow control on and the client's limiter at the same
 *  rate: `pulumi up`, a no-change `pulumi preview`, `pulumi refresh` and `pulumi destroy`. Each as
 *  wall time over the rate-limited minimum, API calls per resource by action (next to the
 *  per-resource baseline: one Describe per resource read, as the Terraform provider does), and the
 *  peak RSS of the dynamic-provider process. */
import type { EngineEvent, OpMap, OpType } from "@pulumi/pulumi/automation";
import { DEFAULT_DELAYS } from "../../emulator";
import { cpuByRole, describeRun, EMULATOR, peakOf, processesOf, timedCliOp, type CallCounter, type OpRun } from "../lib/cliRun";
import { spawnEmulator, type EmulatorProcess } from "../lib/emulatorProcess";
import { minimumMs, type Stage } from "../lib/minimum";
import { createStack } from "../lib/pulumiStack";
import { stateSize, type StateSize } from "../lib/stateSize";
import { round } from "../lib/stats";
import { ratio, type MeasureResult, type Row } from "../lib/table";

/** Requests/s per action: the emulator's flow control (Throttling.User beyond) and the client's
 *  limiter (alicloud-ecs:rateLimit, its default) alike. */
export const RATE = 20;
/** The client's token bucket lets this many calls of one action go at once (its default, rate/4). */
export const CLIENT_BURST = Math.max(1, Math.round(RATE / 4));
export const PARALLEL = 64;
export const DEFAULT_SIZES = [100];
export const ALL_SIZES = [100, 300, 1000];

export interface ScaleCase {
  instances: number;
  disks: boolean;
  /** The engine's --parallel (default PARALLEL). */
  parallel?: number;
  /** PULUMI_SKIP_CHECKPOINTS=true for every CLI run: the engine writes the state once at the end
   *  instead of after every step (the file backend rewrites the whole state each time). */
  skipCheckpoints?: boolean;
}

export type ScaleOp = "up" | "preview" | "refresh" | "destroy";
const OPS: readonly ScaleOp[] = ["up", "preview", "refresh", "destroy"];

export interface ScaleOpRun extends OpRun {
  /** Resources the engine reported per change kind (same, update, create …). */
  changes: Partial<Record<OpType, number>>;
  /** Lines the emulator logged with a Throttling code during the operation. */
  throttled: number;
}

export interface ScaleRun extends ScaleCase {
  resources: number;
  ops: Partial<Record<ScaleOp, ScaleOpRun>>;
  leftOver?: number;
  /** The state after up. */
  state?: StateSize;
  error?: string;
}

const d = DEFAULT_DELAYS;
/** Each resource's chain of stages in an operation (the call that starts a stage, and the
 *  transitions the provider then waits for); undefined for a preview, which calls no API. Refresh:
 *  the per-resource baseline, one Describe per resource read. */
function stagesOf(op: ScaleOp, c: ScaleCase): Stage[] | undefined {
  switch (op) {
    case "up":
      return [{ action: "RunInstances", durationMs: d.instancePending + d.instanceStarting }, ...(c.disks ? [{ action: "CreateDisk", durationMs: d.diskCreating + d.diskAttaching }] : [])];
    case "destroy":
      return [...(c.disks ? [{ action: "DetachDisk", durationMs: d.diskDetaching }] : []), { action: "DeleteInstance", durationMs: d.instanceStopping + d.instanceReleasing }];
    case "refresh":
      return [{ action: "DescribeInstances", durationMs: 0 }];
    case "preview":
      return undefined;
  }
}

/** The least time the rate limits allow (no engine limit), and the least time at --parallel 64. */
export function minimaMs(op: ScaleOp, c: ScaleCase): { rateLimited: number; atParallel: number } | undefined {
  const stages = stagesOf(op, c);
  if (!stages) return undefined;
  const limits = { rate: RATE, burst: CLIENT_BURST };
  return { rateLimited: minimumMs(c.instances, stages, { ...limits, parallel: Infinity }), atParallel: minimumMs(c.instances, stages, { ...limits, parallel: c.parallel ?? PARALLEL }) };
}

const resourcesOf = (c: ScaleCase): number => 1 + c.instances * (c.disks ? 2 : 1);
export const caseName = (c: ScaleCase): string =>
  `N=${c.instances} ${c.disks ? "with a disk each" : "no disks"}${c.skipCheckpoints ? ", PULUMI_SKIP_CHECKPOINTS" : ""}${c.parallel && c.parallel !== PARALLEL ? `, --parallel ${c.parallel}` : ""}`;

/** The emulator's counters and log, over its admin API. */
class EmulatorHandle implements CallCounter {
  throttled = 0;
  private constructor(readonly proc: EmulatorProcess) {}

  static async start(): Promise<EmulatorHandle> {
    let handle: EmulatorHandle | undefined;
    const proc = await spawnEmulator(["--rate-limit", String(RATE), "--log"], (line) => {
      // "ecs-emulator <Action> <status> <code> <ms>ms"
      if (handle && line.split(" ")[3]?.startsWith("Throttling")) handle.throttled++;
    });
    handle = new EmulatorHandle(proc);
    return handle;
  }

  private async admin<T>(method: string, route: string): Promise<T> {
    const res = await fetch(`${this.proc.url}/_emulator/${route}`, { method });
    if (!res.ok) throw new Error(`emulator admin ${method} ${route}: HTTP ${res.status}`);
    return (await res.json()) as T;
  }

  async reset(): Promise<void> {
    this.throttled = 0;
    await this.admin("DELETE", "counters");
  }

  async read(): Promise<Record<string, number>> {
    return (await this.admin<{ counts: Record<string, number> }>("GET", "counters")).counts;
  }

  /** Instances, data disks and security groups still in the emulator. */
  async leftOver(): Promise<number> {
    type Region = { instances: object; disks: Record<string, { type: string }>; securityGroups: object };
    const state = await this.admin<{ accounts: Record<string, { regions: Record<string, Region> }> }>("GET", "state");
    let n = 0;
    for (const account of Object.values(state.accounts)) {
      for (const r of Object.values(account.regions)) n += Object.keys(r.instances).length + Object.values(r.disks).filter((d) => d.type === "data").length + Object.keys(r.securityGroups).length;
    }
    return n;
  }
}

async function scaleRun(c: ScaleCase): Promise<ScaleRun> {
  const emulator = await EmulatorHandle.start();
  const run: ScaleRun = { ...c, resources: resourcesOf(c), ops: {} };
  try {
    const bench = await createStack("bench/programs/scale", emulator.proc.url, {
      "scale:instances": { value: String(c.instances) },
      "scale:disks": { value: String(c.disks) },
      "alicloud-ecs:rateLimit": { value: String(RATE) },
    });
    if (c.skipCheckpoints) bench.stack.workspace.envVars.PULUMI_SKIP_CHECKPOINTS = "true";
    let output = "";
    const onOutput = (s: string): void => {
      output = (output + s).slice(-20_000);
    };
    type Answer = { summary?: { result?: string; resourceChanges?: OpMap }; changeSummary?: OpMap };
    const timed = async (op: ScaleOp, fn: (onEvent: (e: EngineEvent) => void) => Promise<Answer>): Promise<ScaleOpRun> => {
      process.stderr.write(`bench: ${caseName(c)}: pulumi ${op}…\n`);
      let changes: Partial<Record<OpType, number>> = {};
      const r = await timedCliOp(emulator, async (onEvent) => {
        const res = await fn(onEvent);
        changes = res.changeSummary ?? res.summary?.resourceChanges ?? {};
        return { summary: { result: res.summary?.result ?? "succeeded" } };
      });
      const out: ScaleOpRun = { ...r, changes, throttled: emulator.throttled };
      run.ops[op] = out;
      if (r.result !== "succeeded") throw new Error(`pulumi ${op} of ${caseName(c)} ended ${r.result}: ${r.error ?? ""}\n${output.slice(-3000)}`);
      return out;
    };
    try {
      await timed("up", (onEvent) => bench.stack.up({ onOutput, onEvent, parallel: c.parallel ?? PARALLEL }));
      run.state = stateSize(bench.backendDir, bench.stackName, await bench.stack.exportStack());
      await timed("preview", (onEvent) => bench.stack.preview({ onOutput, onEvent, parallel: c.parallel ?? PARALLEL }));
      await timed("refresh", (onEvent) => bench.stack.refresh({ onOutput, onEvent, parallel: c.parallel ?? PARALLEL }));
      await timed("destroy", (onEvent) => bench.stack.destroy({ onOutput, onEvent, parallel: c.parallel ?? PARALLEL }));
      run.leftOver = await emulator.leftOver();
    } catch (err) {
      run.error = String((err as Error)?.message ?? err).slice(-4000);
    } finally {
      await bench.dispose();
    }
  } finally {
    await emulator.proc.stop();
  }
  return run;
}

const perResource = (calls: Record<string, number>, resources: number): string =>
  Object.entries(calls)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([action, n]) => `${action} ${round(n / resources, 3)}`)
    .join(", ") || "none";

const MB = (mib: number): number => (mib * 2 ** 20) / 1e6;

/** Each size with and without disks; `checkpoints` "on" (the CLI's default), "off"
 *  (PULUMI_SKIP_CHECKPOINTS) or "both", side by side. */
export function scaleCases(sizes: readonly number[], checkpoints: "on" | "off" | "both" = "on", parallel = PARALLEL): ScaleCase[] {
  const modes = checkpoints === "both" ? [false, true] : [checkpoints === "off"];
  return sizes.flatMap((instances) => [false, true].flatMap((disks) => modes.map((skipCheckpoints) => ({ instances, disks, skipCheckpoints, parallel }))));
}

export async function measureScale(cases: readonly ScaleCase[] = scaleCases(DEFAULT_SIZES)): Promise<MeasureResult> {
  const started = Date.now();
  const runs: ScaleRun[] = [];
  for (const c of cases) runs.push(await scaleRun(c));
  const s = (ms: number): number => ms / 1000;
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const r of runs) {
    const name = caseName(r);
    for (const op of OPS) {
      const run = r.ops[op];
      if (!run) continue;
      const min = minimaMs(op, r);
      const describes = run.describeCalls / r.resources;
      const whole = op === "up" || op === "destroy";
      rows.push({
        metric: `${name}: ${op} wall time (s)${min === undefined ? "" : op === "refresh" ? " vs the per-resource baseline's minimum" : " vs the rate-limited minimum"}`,
        ours: s(run.wallMs),
        baseline: min === undefined ? undefined : s(min.rateLimited),
        ratio: ratio(run.wallMs, min?.rateLimited),
        ...(whole && r.instances === 300 ? { target: "≤ 1.5×", met: min !== undefined && run.wallMs <= 1.5 * min.rateLimited } : {}),
      });
      if (whole && min) rows.push({ metric: `${name}: ${op} wall time (s) vs the minimum at --parallel ${r.parallel ?? PARALLEL}`, ours: s(run.wallMs), baseline: s(min.atParallel), ratio: ratio(run.wallMs, min.atParallel) });
      if (op !== "preview") {
        rows.push({
          metric: `${name}: ${op} Describe calls per resource`,
          ours: describes,
          baseline: 1,
          ratio: describes,
          ...(op === "refresh" && r.instances === 300 ? { target: "≤ 0.05", met: describes <= 0.05 } : {}),
        });
        rows.push({ metric: `${name}: ${op} API calls per resource by action`, ours: perResource(run.calls, r.resources) });
      }
      const peak = peakOf(run);
      rows.push({
        metric: `${name}: ${op} dynamic-provider peak RSS (MB)`,
        ours: peak === undefined ? "not found" : MB(peak),
        ...(r.instances >= 1000 ? { target: "< 250 MB", met: peak !== undefined && MB(peak) < 250 } : {}),
      });
      const changed = Object.entries(run.changes).filter(([k, n]) => k !== "same" && (n ?? 0) > 0 && !(op === "up" && k === "create") && !(op === "destroy" && k === "delete"));
      if (changed.length) notes.push(`${name} ${op}: the engine reported ${changed.map(([k, n]) => `${n} ${k}`).join(", ")}.`);
      if (run.throttled) notes.push(`${name} ${op}: the emulator throttled ${run.throttled} calls.`);
      const emu = processesOf(run, EMULATOR)[0];
      notes.push(`${name} ${op}: ${describeRun(run)}${emu ? ` Emulator peak RSS ${MB(emu.peakMiB).toFixed(0)} MB.` : ""}`);
    }
    if (r.state) {
      rows.push({ metric: `${name}: state after up, checkpoint file bytes per resource`, ours: r.state.fileBytes / r.resources });
      for (const [type, t] of Object.entries(r.state.byType)) {
        if (t.resources > 1) rows.push({ metric: `${name}: state of one ${type} (bytes, compact JSON; of which __provider ${t.providerBytes})`, ours: t.bytes });
      }
    }
    if (r.leftOver !== undefined) rows.push({ metric: `${name}: resources left after destroy`, ours: r.leftOver, target: "0", met: r.leftOver === 0 });
    if (r.error) notes.push(`${name}: FAILED: ${r.error}`);
  }
  const cpuSplit = runs.map((r) => ({ case: caseName(r), preview: r.ops.preview ? cpuByRole(r.ops.preview) : undefined }));
  return {
    id: 7,
    title: "Big stacks: up, preview, refresh, destroy",
    setup:
      `bench/programs/scale (one security group and N instances over two zones, with or without a data disk attached to each) through the Automation API with the CLI in .tools/pulumi (local file backend), \`--parallel ${PARALLEL}\`, in this order: \`pulumi up\`, a no-change \`pulumi preview\`, \`pulumi refresh\` (no preview step), \`pulumi destroy\`. ` +
      `The emulator runs in a process of its own with its default delays and \`--rate-limit ${RATE}\` (${RATE} requests/s per action and account, Throttling.User beyond); the client's limiter is at \`alicloud-ecs:rateLimit\` ${RATE} (its default) with a burst of ${CLIENT_BURST}. Calls are the emulator's counters; peak RSS is the kernel's VmHWM of the \`@pulumi/pulumi/cmd/dynamic-provider\` process. 1 MB = 10^6 bytes. Resources = 1 + N (+ N disks).`,
    baseline:
      `the rate-limited minimum (bench/lib/minimum.ts): each resource's chain of calls and transitions (up: RunInstances, Pending ${s(d.instancePending)} + Starting ${s(d.instanceStarting)} s, then with a disk CreateDisk, Creating ${s(d.diskCreating)} + Attaching ${s(d.diskAttaching)} s; ` +
      `destroy: with a disk DetachDisk, Detaching ${s(d.diskDetaching)} s, then DeleteInstance, Stopping ${s(d.instanceStopping)} + Releasing ${s(d.instanceReleasing)} s), each call paced by its action's bucket (${CLIENT_BURST} at once, then ${RATE}/s, so the N-th RunInstances leaves at (N − ${CLIENT_BURST}) / ${RATE} s); ` +
      `round trips, the poller's lag and the CLI's own start-up count as zero. The same with at most ${PARALLEL} steps at once (the engine's --parallel: a step holds its worker until the provider answers) is the minimum at --parallel ${PARALLEL}. ` +
      `For refresh, the per-resource baseline (one Describe per resource read, as the Terraform provider does: N DescribeInstances, and N DescribeDisks in their own bucket) needs (N − ${CLIENT_BURST}) / ${RATE} s; our own floor (a Describe per 100 ids) is well under a second. A preview calls no API: its wall time is the CLI's, the engine's and the providers' own cost. ` +
      `For Describe calls per resource the baseline is 1 (one per resource read).`,
    rows,
    details: { rate: RATE, clientBurst: CLIENT_BURST, parallel: PARALLEL, delays: d, runs, cpuSplit },
    notes,
    wallMs: Date.now() - started,
  };
}

