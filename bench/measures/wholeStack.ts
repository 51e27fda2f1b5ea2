/** Measure 5 (and the provider half of 6): `pulumi up` and `pulumi destroy` of examples/fleet
 *  with the real CLI at sizes 10 and 50 (the CLI's default --parallel), and 50 again with the
 *  engine's parallelism out of the way, emulator delays at their defaults. Wall time and API
 *  calls per resource, against the limit: the emulator's own transition times along the
 *  stack's longest dependency chain. The dynamic-provider process's peak RSS is sampled from
 *  /proc while the CLI runs. */
import { DEFAULT_DELAYS, type RunningEmulator } from "../../emulator";
import { describeRun, providerProcesses, timedCliOp, type CallCounter, type CliOp, type OpRun } from "../lib/cliRun";
import { callCounts, startBenchEmulator } from "../lib/fixture";
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

export interface SizeRun {
  size: number;
  parallel?: number;
  resources: number;
  up: OpRun;
  destroy: OpRun;
  leftOver: number;
}

const counterOf = (emulator: RunningEmulator): CallCounter => ({ reset: () => emulator.admin.resetCallCounts(), read: () => callCounts(emulator) });
const timed = (emulator: RunningEmulator, op: CliOp): Promise<OpRun> => timedCliOp(counterOf(emulator), op);

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
      notes.push(`${caseName(r)} ${op}: ${describeRun(run)}`);
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
