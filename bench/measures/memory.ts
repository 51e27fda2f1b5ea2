/** Measure 6: memory, mostly read from the runs of measures 4 and 5: the dynamic-provider
 *  process's peak RSS during `pulumi up`/`destroy` of fleet size 50 (against the same host
 *  idle, before any provider code is loaded: Pulumi's own floor), and the peak RSS of the
 *  throughput processes, ours vs the official SDK. */
import { spawn } from "node:child_process";
import { REPO_ROOT } from "../lib/emulatorProcess";
import { statusMiB } from "../lib/procfs";
import { median } from "../lib/stats";
import { ratio, type MeasureResult, type Row } from "../lib/table";
import type { ThroughputSample } from "../workers/clientThroughput";
import { peakOf, providerProcesses } from "../lib/cliRun";
import type { SizeRun } from "./wholeStack";

const MB = (mib: number): number => (mib * 2 ** 20) / 1e6;

/** Peak RSS (MiB) of @pulumi/pulumi's dynamic-provider host started on its own: it loads the
 *  Pulumi SDK and serves gRPC, but no provider code runs until the engine calls it. */
export function idleDynamicProviderMiB(): Promise<number> {
  const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [REPO_ROOT] });
  // The engine address is only dialled when a call arrives; the host prints its port once it serves.
  const child = spawn(process.execPath, [script, "127.0.0.1:1"], { stdio: ["ignore", "pipe", "ignore"] });
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error("the dynamic-provider host printed no port within 30 s")), 30_000);
    const done = (err?: Error): void => {
      clearTimeout(timer);
      const peak = statusMiB(child.pid as number, "VmHWM");
      child.kill("SIGKILL");
      if (err || peak === undefined) reject(err ?? new Error("the dynamic-provider host exited early"));
      else resolve(peak);
    };
    child.stdout.once("data", () => setTimeout(() => done(), 1000));
    child.once("exit", () => done(new Error("the dynamic-provider host exited early")));
  });
}

export async function measureMemory(clientCost: MeasureResult | undefined, wholeStack: MeasureResult | undefined): Promise<MeasureResult> {
  const started = Date.now();
  const idleHost = await idleDynamicProviderMiB();
  const rows: Row[] = [];
  const notes: string[] = [];
  const fleets = ((wholeStack?.details.runs as SizeRun[] | undefined) ?? []).filter((r) => r.size === 50);
  for (const fleet of fleets) {
    const name = fleet.parallel ? `fleet size 50 at --parallel ${fleet.parallel}` : "fleet size 50";
    for (const [op, peak] of [["up", peakOf(fleet.up)], ["destroy", peakOf(fleet.destroy)]] as const) {
      rows.push({ metric: `dynamic-provider peak RSS, ${name}, pulumi ${op} (MB)`, ours: peak === undefined ? "not found" : MB(peak), baseline: MB(idleHost), ratio: peak === undefined ? undefined : ratio(peak, idleHost), target: "< 150 MB", met: peak !== undefined && MB(peak) < 150 });
    }
  }
  if (fleets.length === 0) notes.push("measure 5 at size 50 did not run: no dynamic-provider figure.");
  const samples = clientCost?.details.throughput as ThroughputSample[] | undefined;
  const bare = clientCost?.details.bareNodeRssMiB as number | undefined;
  if (samples?.length) {
    const rss = (impl: ThroughputSample["impl"]) => MB(median(samples.filter((s) => s.impl === impl).map((s) => s.peakRssMiB)));
    rows.push({ metric: "peak RSS of a DescribeInstances throughput process (MB, median)", ours: rss("ours"), baseline: rss("official"), ratio: ratio(rss("ours"), rss("official")) });
    if (bare !== undefined) {
      rows.push({ metric: "  the same above a bare node process (MB)", ours: rss("ours") - MB(bare), baseline: rss("official") - MB(bare), ratio: ratio(rss("ours") - MB(bare), rss("official") - MB(bare)) });
    }
  } else notes.push("measure 4 did not run: no client figures.");
  return {
    id: 6,
    title: "Memory",
    setup: "Peak resident set (the kernel's VmHWM from /proc/<pid>/status, sampled every 200 ms, so the true peak is kept): of the `node …/@pulumi/pulumi/cmd/dynamic-provider` process the CLI starts during measure 5, and of each throughput process of measure 4. 1 MB = 10^6 bytes.",
    baseline: `for the dynamic provider, the same host (\`node …/@pulumi/pulumi/cmd/dynamic-provider\`) started idle, before any provider code is loaded (${MB(idleHost).toFixed(1)} MB: Pulumi's own floor); for the client, the official @alicloud/ecs20140526 SDK doing the same calls.`,
    rows,
    details: { idleDynamicProviderMiB: idleHost, fleetSize50: fleets.map((f) => ({ parallel: f.parallel, up: providerProcesses(f.up), destroy: providerProcesses(f.destroy) })), bareNodeRssMiB: bare },
    notes,
    wallMs: Date.now() - started,
  };
}
