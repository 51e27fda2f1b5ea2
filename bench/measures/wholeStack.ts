/** Measure 5 (and the provider half of 6): `pulumi up` and `pulumi destroy` of examples/fleet
 *  with the real CLI at sizes 10 and 50 (the CLI's default --parallel), and 50 again with the
 *  engine's parallelism out of the way, emulator delays at their defaults. Wall time and API
 *  calls per resource, against the limit: the emulator's own transition times along the
 *  stack's longest dependency chain. The dynamic-provider process's peak RSS is sampled from
 *  /proc while the CLI runs. */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { DEFAULT_DELAYS, type RunningEmulator } from "../../emulator";
import { callCounts, startBenchEmulator, totalCalls } from "../lib/fixture";
import { ProcessSampler, type ProcessSample } from "../lib/procfs";
import { createStack } from "../lib/pulumiStack";
import { ratio, type MeasureResult, type Row } from "../lib/table";

/** up: instance Pending → Starting → Running, then its disk Creating → Available → attached. */
const UP_LIMIT_MS = DEFAULT_DELAYS.instancePending + DEFAULT_DELAYS.instanceStarting + DEFAULT_DELAYS.diskCreating + DEFAULT_DELAYS.diskAttaching;
/** destroy: the disk detaches, then its instance (DeleteInstance Force=true on a Running one)
 *  stops and is released; the other deletes are instant. */
const DESTROY_LIMIT_MS = DEFAULT_DELAYS.diskDetaching + DEFAULT_DELAYS.instanceStopping + DEFAULT_DELAYS.instanceReleasing;

/** More than any stack here holds: the engine never holds an operation back. */
const UNBOUNDED_PARALLEL = 256;

export interface FleetCase {
  size: number;
  /** --parallel; undefined = the CLI's default (8 on a 2-core machine, says `pulumi up --help`). */
  parallel?: number;
}

export const DEFAULT_FLEET_CASES: FleetCase[] = [{ size: 10 }, { size: 50 }, { size: 50, parallel: UNBOUNDED_PARALLEL }];

/** When the engine started (first, last) the steps of each resource type, s after the operation began. */
type StepSpread = Record<string, { steps: number; firstS: number; lastS: number }>;

const DYNAMIC_PROVIDER = "dynamic-provider";

/** The processes of a CLI run, by role (the shim's `node -e require.resolve(…)` helper is not the provider). */
function classify(command: string): string | undefined {
  if (/cmd\/dynamic-provider\/index\.js/.test(command)) return DYNAMIC_PROVIDER;
  if (/pulumi-language-nodejs/.test(command)) return "language host";
  if (/@pulumi\/pulumi\/cmd\/run/.test(command) || /ts-node|run-plugin/.test(command)) return "program";
  if (/(^|\/)pulumi\s/.test(command)) return "pulumi engine";
  return "other";
}

export interface OpRun {
  wallMs: number;
  result: string;
  error?: string;
  calls: Record<string, number>;
  totalCalls: number;
  describeCalls: number;
  /** Every process of the CLI run: role, peak RSS, CPU time. */
  processes: ProcessSample[];
  /** CPU time of the whole CLI process tree over the wall time: near the core count = CPU-bound. */
  cpuCores: number;
  steps: StepSpread;
}

export interface SizeRun {
  size: number;
  parallel?: number;
  resources: number;
  up: OpRun;
  destroy: OpRun;
  leftOver: number;
}

async function timed(emulator: RunningEmulator, op: (onEvent: (e: EngineEvent) => void) => Promise<{ summary: { result?: string } }>): Promise<OpRun> {
  emulator.admin.resetCallCounts();
  const sampler = new ProcessSampler(classify, 200);
  const started = Date.now();
  const steps: StepSpread = {};
  const onEvent = (e: EngineEvent): void => {
    const type = e.resourcePreEvent?.metadata.type.split(":").pop();
    if (!type || type === "Stack" || e.resourcePreEvent?.metadata.type.startsWith("pulumi:providers:")) return;
    const at = (Date.now() - started) / 1000;
    const s = (steps[type] ??= { steps: 0, firstS: at, lastS: at });
    s.steps++;
    s.lastS = at;
  };
  let result = "failed";
  let error: string | undefined;
  try {
    result = (await op(onEvent)).summary.result ?? "unknown";
  } catch (err) {
    error = String((err as Error)?.message ?? err).slice(-3000);
  }
  const wallMs = Date.now() - started;
  const processes = sampler.stop();
  const cpuCores = processes.reduce((a, p) => a + p.cpuMs, 0) / wallMs;
  const calls = callCounts(emulator);
  const describeCalls = Object.entries(calls).filter(([a]) => a.startsWith("Describe")).reduce((a, [, n]) => a + n, 0);
  return { wallMs, result, error, calls, totalCalls: totalCalls(calls), describeCalls, processes, cpuCores, steps };
}

function leftOverResources(emulator: RunningEmulator): number {
  let n = 0;
  for (const account of Object.values(emulator.admin.snapshot().accounts)) {
    for (const region of Object.values(account.regions)) {
      n += Object.keys(region.instances).length + Object.values(region.disks).filter((d) => d.type === "data").length;
      n += Object.keys(region.securityGroups).length + Object.keys(region.launchTemplates).length + Object.keys(region.deploymentSets).length;
    }
  }
  return n;
}

async function fleetRun({ size, parallel }: FleetCase): Promise<SizeRun> {
  const emulator = await startBenchEmulator();
  try {
    const bench = await createStack("fleet", emulator.url, { "fleet:size": { value: String(size) } });
    try {
      let output = "";
      const onOutput = (s: string): void => {
        output += s;
      };
      const up = await timed(emulator, (onEvent) => bench.stack.up({ onOutput, onEvent, parallel }));
      if (up.result !== "succeeded") throw new Error(`pulumi up of fleet:size ${size} ended ${up.result}: ${up.error ?? ""}\n${output.slice(-3000)}`);
      const destroy = await timed(emulator, (onEvent) => bench.stack.destroy({ onOutput, onEvent, parallel }));
      if (destroy.result !== "succeeded") throw new Error(`pulumi destroy of fleet:size ${size} ended ${destroy.result}: ${destroy.error ?? ""}\n${output.slice(-3000)}`);
      // security group, launch template, deployment set + an instance and a disk per node
      return { size, parallel, resources: 3 + 2 * size, up, destroy, leftOver: leftOverResources(emulator) };
    } finally {
      await bench.dispose();
    }
  } finally {
    await emulator.close();
  }
}

export const providerProcesses = (op: OpRun): ProcessSample[] => op.processes.filter((p) => p.label === DYNAMIC_PROVIDER);

export const peakOf = (op: OpRun): number | undefined => {
  const peaks = providerProcesses(op).map((p) => p.peakMiB);
  return peaks.length ? Math.max(...peaks) : undefined;
};

/** CPU seconds by process role. */
function cpuByRole(op: OpRun): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of op.processes) out[p.label] = (out[p.label] ?? 0) + p.cpuMs / 1000;
  return out;
}

const caseName = (r: { size: number; parallel?: number }): string => `size ${r.size}${r.parallel ? `, --parallel ${r.parallel}` : ""}`;

export async function measureWholeStack(cases: readonly FleetCase[] = DEFAULT_FLEET_CASES): Promise<MeasureResult> {
  const started = Date.now();
  const runs: SizeRun[] = [];
  for (const c of cases) runs.push(await fleetRun(c));
  const s = (ms: number): number => ms / 1000;
  const rows: Row[] = runs.flatMap((r) => [
    { metric: `${caseName(r)}: pulumi up wall time (s) vs limit`, ours: s(r.up.wallMs), baseline: s(UP_LIMIT_MS), ratio: ratio(r.up.wallMs, UP_LIMIT_MS) },
    { metric: `${caseName(r)}: pulumi destroy wall time (s) vs limit`, ours: s(r.destroy.wallMs), baseline: s(DESTROY_LIMIT_MS), ratio: ratio(r.destroy.wallMs, DESTROY_LIMIT_MS) },
    { metric: `${caseName(r)}: API calls per resource, up (${r.resources} resources)`, ours: r.up.totalCalls / r.resources },
    { metric: `${caseName(r)}: of which Describe*`, ours: r.up.describeCalls / r.resources },
    { metric: `${caseName(r)}: API calls per resource, destroy`, ours: r.destroy.totalCalls / r.resources },
    { metric: `${caseName(r)}: CPU used by the CLI's processes during up (cores busy on average)`, ours: r.up.cpuCores },
    { metric: `${caseName(r)}: resources left after destroy`, ours: r.leftOver, target: "0", met: r.leftOver === 0 },
  ]);
  const notes: string[] = [];
  for (const r of runs) {
    for (const [op, run] of [["up", r.up], ["destroy", r.destroy]] as const) {
      const providers = providerProcesses(run);
      if (providers.length !== 1) notes.push(`${caseName(r)} ${op}: ${providers.length} dynamic-provider processes seen (${providers.map((p) => `${p.peakMiB.toFixed(1)} MiB`).join(", ")})`);
      const cpu = Object.entries(cpuByRole(run)).map(([role, sec]) => `${role} ${sec.toFixed(1)} s`).join(", ");
      const spread = Object.entries(run.steps).filter(([, v]) => v.steps > 1).map(([type, v]) => `${v.steps} ${type} from ${v.firstS.toFixed(1)} s to ${v.lastS.toFixed(1)} s`).join(", ");
      notes.push(`${caseName(r)} ${op}: the engine started ${spread}; CPU time by process: ${cpu} (wall ${(run.wallMs / 1000).toFixed(1)} s).`);
    }
  }
  return {
    id: 5,
    title: "Whole stack",
    setup: `\`pulumi up\` then \`pulumi destroy\` of examples/fleet at the CLI's default --parallel and at --parallel ${UNBOUNDED_PARALLEL} (no engine limit) (security group, launch template, deployment set, and per node an instance and a data disk attached to it) through the Automation API with the CLI in .tools/pulumi (local file backend, passphrase), the in-process emulator on loopback with its default delays. Calls are the emulator's counters.`,
    baseline: `the limit: the emulator's own transition times along the longest dependency chain: up = instance Pending ${s(DEFAULT_DELAYS.instancePending)} s + Starting ${s(DEFAULT_DELAYS.instanceStarting)} s + disk Creating ${s(DEFAULT_DELAYS.diskCreating)} s + Attaching ${s(DEFAULT_DELAYS.diskAttaching)} s = ${s(UP_LIMIT_MS)} s; destroy = disk Detaching ${s(DEFAULT_DELAYS.diskDetaching)} s + instance Stopping ${s(DEFAULT_DELAYS.instanceStopping)} s + Releasing ${s(DEFAULT_DELAYS.instanceReleasing)} s (DeleteInstance Force=true) = ${s(DESTROY_LIMIT_MS)} s. Ratio = wall / limit. The CLI's own start-up (engine, language host, TypeScript program) comes on top of the limit.`,
    rows,
    details: { upLimitMs: UP_LIMIT_MS, destroyLimitMs: DESTROY_LIMIT_MS, runs },
    notes,
    wallMs: Date.now() - started,
  };
}
