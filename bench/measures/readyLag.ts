/** Measure 2: ready lag, the time from the emulator's status flip to Running (the instant its
 *  timed plan reaches Running) until create returns, at N = 1 and 50, every instance transition
 *  set to 2 s. Both clocks are this process's Date.now (in-process emulator, real clock). */
import { DEFAULT_ACCESS_KEY_ID, type RunningEmulator } from "../../emulator";
import { TERRAFORM_INSTANCE_WAIT } from "../baseline/stateChangeConf";
import { pollerDescription, REGION, startBenchEmulator } from "../lib/fixture";
import { median, percentile } from "../lib/stats";
import { ratio, type MeasureResult, type Row } from "../lib/table";
import { createConcurrently, type Waiter } from "./describeCalls";

const TRANSITION_MS = 2000;

interface LagRun {
  n: number;
  waiter: Waiter;
  lagsMs: number[];
  medianMs: number;
  p95Ms: number;
  wallMs: number;
  describeInstances: number;
}

/** When each instance's plan reached Running, from the emulator's own records. */
function runningAt(emulator: RunningEmulator): Map<string, number> {
  const region = emulator.admin.snapshot().accounts[DEFAULT_ACCESS_KEY_ID]?.regions[REGION];
  const out = new Map<string, number>();
  for (const inst of Object.values(region?.instances ?? {})) {
    const step = inst.plan.find((s) => s.status === "Running");
    if (step) out.set(inst.id, step.at);
  }
  return out;
}

async function lagRun(emulator: RunningEmulator, n: number, waiter: Waiter): Promise<LagRun> {
  const run = await createConcurrently(emulator, n, waiter);
  const flips = runningAt(emulator);
  const lagsMs = [...run.finishedAt].map(([id, at]) => {
    const flip = flips.get(id);
    if (flip === undefined) throw new Error(`instance ${id} has no Running step in the emulator's plan`);
    return at - flip;
  });
  return { n, waiter, lagsMs, medianMs: median(lagsMs), p95Ms: percentile(lagsMs, 95), wallMs: run.wallMs, describeInstances: run.describeInstances };
}

export async function measureReadyLag(sizes: readonly number[] = [1, 50]): Promise<MeasureResult> {
  const started = Date.now();
  const emulator = await startBenchEmulator({
    delays: { instancePending: TRANSITION_MS, instanceStarting: TRANSITION_MS, instanceStopping: TRANSITION_MS, instanceReleasing: TRANSITION_MS, diskCreating: TRANSITION_MS, diskAttaching: TRANSITION_MS, diskDetaching: TRANSITION_MS },
  });
  const runs: { ours: LagRun; baseline: LagRun }[] = [];
  try {
    for (const n of sizes) runs.push({ ours: await lagRun(emulator, n, "ours"), baseline: await lagRun(emulator, n, "baseline") });
  } finally {
    await emulator.close();
  }
  const s = (ms: number): number => ms / 1000;
  const rows: Row[] = runs.flatMap(({ ours, baseline }) => [
    { metric: `N=${ours.n}: ready lag median (s)`, ours: s(ours.medianMs), baseline: s(baseline.medianMs), ratio: ratio(ours.medianMs, baseline.medianMs), target: "< 0.5 s", met: ours.medianMs < 500 },
    { metric: `N=${ours.n}: ready lag p95 (s)`, ours: s(ours.p95Ms), baseline: s(baseline.p95Ms), ratio: ratio(ours.p95Ms, baseline.p95Ms) },
    { metric: `N=${ours.n}: DescribeInstances per instance`, ours: ours.describeInstances / ours.n, baseline: baseline.describeInstances / baseline.n, ratio: ratio(ours.describeInstances, baseline.describeInstances) },
  ]);
  return {
    id: 2,
    title: "Ready lag",
    setup: `Every emulator status transition set to ${TRANSITION_MS / 1000} s (Pending → Starting → Running: Running ${(2 * TRANSITION_MS) / 1000} s after RunInstances), in-process emulator on loopback, real clock; N creates at once through the Instance provider, client at production defaults, ${pollerDescription()}. Lag = create() resolved − the instant the emulator's plan flipped to Running (includes the create's closing DescribeDisks).`,
    baseline: `the same creates waiting the Terraform way (StateChangeConf, Delay ${TERRAFORM_INSTANCE_WAIT.delayMs / 1000} s, MinTimeout ${TERRAFORM_INSTANCE_WAIT.minTimeoutMs / 1000} s).`,
    rows,
    details: { transitionMs: TRANSITION_MS, runs },
    notes: [],
    wallMs: Date.now() - started,
  };
}
