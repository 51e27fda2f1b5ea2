/** Measure 3: throttled scale. N = 200 instances created at once while the emulator limits every
 *  action to 20 requests/s per account (Throttling.User beyond): failures, API calls, throttled
 *  answers, and wall time over the rate-limited minimum. */
import { DEFAULT_DELAYS, type RunningEmulator } from "../../emulator";
import { naiveInstanceCreate } from "../baseline/naiveInstanceCreate";
import { callCounts, checkedInstances, createSecurityGroup, freshClient, instanceProvider, pollerDescription, REGION, resetEmulator, startBenchEmulator, totalCalls } from "../lib/fixture";
import { ratio, type MeasureResult, type Row } from "../lib/table";
import type { Waiter } from "./describeCalls";

const N = 200;
const RATE = 20;

interface ThrottledRun {
  waiter: Waiter;
  failures: number;
  firstFailure?: string;
  totalCalls: number;
  calls: Record<string, number>;
  throttled: number;
  throttledByAction: Record<string, number>;
  wallMs: number;
}

/** The least time N creates can take: the emulator's bucket starts full (RATE calls at once),
 *  then RunInstances go at RATE/s, and the last instance still needs its transitions to Running. */
export function rateLimitedMinimumMs(n: number, rate: number): number {
  return (Math.max(0, n - rate) / rate) * 1000 + DEFAULT_DELAYS.instancePending + DEFAULT_DELAYS.instanceStarting;
}

async function throttledRun(emulator: RunningEmulator, throttledLog: Map<string, number>, waiter: Waiter): Promise<ThrottledRun> {
  emulator.admin.setRateLimit(undefined);
  resetEmulator(emulator);
  const client = freshClient(emulator);
  const inputs = await checkedInstances(N, await createSecurityGroup(client));
  emulator.admin.resetCallCounts();
  emulator.admin.setRateLimit(RATE); // also refills every bucket
  throttledLog.clear();
  const p = instanceProvider();
  const started = Date.now();
  const outcomes = await Promise.allSettled(inputs.map((i) => (waiter === "ours" ? p.create(i) : naiveInstanceCreate(client, REGION, i))));
  const wallMs = Date.now() - started;
  emulator.admin.setRateLimit(undefined);
  const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
  const calls = callCounts(emulator);
  const throttledByAction = Object.fromEntries(throttledLog);
  return {
    waiter,
    failures: failed.length,
    firstFailure: failed[0] ? String((failed[0].reason as Error)?.message ?? failed[0].reason).slice(0, 300) : undefined,
    totalCalls: totalCalls(calls),
    calls,
    throttled: totalCalls(throttledByAction),
    throttledByAction,
    wallMs,
  };
}

export async function measureThrottled(): Promise<MeasureResult> {
  const started = Date.now();
  const throttledLog = new Map<string, number>();
  // The emulator's per-call log line: "ecs-emulator <Action> <status> <code> <ms>ms".
  const logger = (line: string): void => {
    const [, action, , code] = line.split(" ");
    if (code?.startsWith("Throttling")) throttledLog.set(action, (throttledLog.get(action) ?? 0) + 1);
  };
  const emulator = await startBenchEmulator({ log: true, logger });
  let ours: ThrottledRun;
  let baseline: ThrottledRun;
  try {
    ours = await throttledRun(emulator, throttledLog, "ours");
    baseline = await throttledRun(emulator, throttledLog, "baseline");
  } finally {
    await emulator.close();
  }
  const minMs = rateLimitedMinimumMs(N, RATE);
  const rows: Row[] = [
    { metric: "failed creates", ours: ours.failures, baseline: baseline.failures, target: "0", met: ours.failures === 0 },
    { metric: "API calls in total", ours: ours.totalCalls, baseline: baseline.totalCalls, ratio: ratio(ours.totalCalls, baseline.totalCalls) },
    { metric: "DescribeInstances calls", ours: ours.calls.DescribeInstances ?? 0, baseline: baseline.calls.DescribeInstances ?? 0, ratio: ratio(ours.calls.DescribeInstances, baseline.calls.DescribeInstances) },
    { metric: "throttled answers received", ours: ours.throttled, baseline: baseline.throttled },
    { metric: "wall time (s)", ours: ours.wallMs / 1000, baseline: baseline.wallMs / 1000, ratio: ratio(ours.wallMs, baseline.wallMs) },
    { metric: `wall time / rate-limited minimum (${minMs / 1000} s)`, ours: ours.wallMs / minMs, baseline: baseline.wallMs / minMs, ratio: ratio(ours.wallMs, baseline.wallMs), target: "≤ 1.3", met: ours.failures === 0 && ours.wallMs / minMs <= 1.3 },
  ];
  const notes: string[] = [];
  if (ours.firstFailure) notes.push(`first failure (ours): ${ours.firstFailure}`);
  if (baseline.firstFailure) notes.push(`first failure (baseline): ${baseline.firstFailure}`);
  return {
    id: 3,
    title: "Throttled scale",
    setup: `N=${N} instances created at once through the Instance provider; the in-process emulator limits each action to ${RATE} requests/s per account (token bucket, Throttling.User beyond), default delays. Client at production defaults (limiter ${RATE} req/s per action, burst 5, halves on Throttling), ${pollerDescription()}. Minimum = (N − ${RATE}) / ${RATE} s of RunInstances after the emulator's initial bucket + the last instance's ${(DEFAULT_DELAYS.instancePending + DEFAULT_DELAYS.instanceStarting) / 1000} s to Running = ${minMs / 1000} s.`,
    baseline: "the same creates with the Terraform-style per-resource waiter (bench/baseline), same client.",
    rows,
    details: { n: N, ratePerSecond: RATE, minimumMs: minMs, ours, baseline },
    notes,
    wallMs: Date.now() - started,
  };
}
