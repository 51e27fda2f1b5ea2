/** One Pulumi CLI operation (up, preview, refresh, destroy) timed from the outside: wall time,
 *  the emulator's call counters over the operation, and every process of the CLI run (peak RSS
 *  and CPU time by role, sampled from /proc), plus when the engine started each resource type's
 *  steps. Shared by the whole-stack measures (5 and 7). */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { ProcessSampler, type ProcessSample } from "./procfs";
import { sum } from "./stats";

export const DYNAMIC_PROVIDER = "dynamic-provider";
export const EMULATOR = "emulator";

/** The processes of a CLI run, by role (the shim's `node -e require.resolve(…)` helper is not the provider). */
export function classifyProcess(command: string): string | undefined {
  if (/cmd\/dynamic-provider\/index\.js/.test(command)) return DYNAMIC_PROVIDER;
  if (/emulator\/cli\.js/.test(command)) return EMULATOR;
  if (/pulumi-language-nodejs/.test(command)) return "language host";
  if (/@pulumi\/pulumi\/cmd\/run/.test(command) || /ts-node|run-plugin/.test(command)) return "program";
  if (/(^|\/)pulumi\s/.test(command)) return "pulumi engine";
  return "other";
}

/** When the engine started (first, last) the steps of each resource type, s after the operation began. */
export type StepSpread = Record<string, { steps: number; firstS: number; lastS: number }>;

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

/** How the operation's API calls are counted: zeroed before, read after. */
export interface CallCounter {
  reset(): void | Promise<void>;
  read(): Record<string, number> | Promise<Record<string, number>>;
}

export type CliOp = (onEvent: (e: EngineEvent) => void) => Promise<{ summary: { result?: string } }>;

export async function timedCliOp(counter: CallCounter, op: CliOp): Promise<OpRun> {
  await counter.reset();
  const sampler = new ProcessSampler(classifyProcess, 200);
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
  const cpuCores = sum(processes.filter((p) => p.label !== EMULATOR).map((p) => p.cpuMs)) / wallMs;
  const calls = Object.fromEntries(Object.entries(await counter.read()).filter(([, n]) => n > 0));
  const describeCalls = sum(Object.entries(calls).filter(([a]) => a.startsWith("Describe")).map(([, n]) => n));
  return { wallMs, result, error, calls, totalCalls: sum(Object.values(calls)), describeCalls, processes, cpuCores, steps };
}

export const processesOf = (op: OpRun, role: string): ProcessSample[] => op.processes.filter((p) => p.label === role);
export const providerProcesses = (op: OpRun): ProcessSample[] => processesOf(op, DYNAMIC_PROVIDER);

/** Peak RSS (MiB) of the dynamic-provider process(es) of the run, undefined when none was seen. */
export const peakOf = (op: OpRun): number | undefined => {
  const peaks = providerProcesses(op).map((p) => p.peakMiB);
  return peaks.length ? Math.max(...peaks) : undefined;
};

/** CPU seconds by process role. */
export function cpuByRole(op: OpRun): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of op.processes) out[p.label] = (out[p.label] ?? 0) + p.cpuMs / 1000;
  return out;
}

/** "the engine started 50 Instance from 9.3 s to 9.7 s, …; CPU time by process: …" */
export function describeRun(run: OpRun): string {
  const cpu = Object.entries(cpuByRole(run)).map(([role, sec]) => `${role} ${sec.toFixed(1)} s`).join(", ");
  const spread = Object.entries(run.steps).filter(([, v]) => v.steps > 1).map(([type, v]) => `${v.steps} ${type} from ${v.firstS.toFixed(1)} s to ${v.lastS.toFixed(1)} s`).join(", ");
  return `${spread ? `the engine started ${spread}; ` : ""}CPU time by process: ${cpu} (wall ${(run.wallMs / 1000).toFixed(1)} s).`;
}
