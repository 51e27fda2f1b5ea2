/** Measure 4 (and the client half of 6): our client vs the official @alicloud/ecs20140526 SDK.
 *  Throughput: DescribeInstances (V3 signing both) against an emulator in its own process, each
 *  run in a fresh node process holding only the client under test, the two alternating (ABBA).
 *  Cold start: `require` time in fresh node processes, alternating, median. */
import * as path from "node:path";
import { EcsClient } from "../../provider/client";
import { DIST_ROOT, REPO_ROOT, runNode, spawnEmulator } from "../lib/emulatorProcess";
import { median } from "../lib/stats";
import { ratio, type MeasureResult, type Row } from "../lib/table";
import { PAGE_SIZE, type Impl, type ThroughputSample } from "../workers/clientThroughput";

export interface ClientCostOptions {
  rounds: number;
  durationMs: number;
  concurrency: number;
  warmupMs: number;
  requireRuns: number;
}

export const DEFAULT_CLIENT_COST: ClientCostOptions = { rounds: 3, durationMs: 3000, concurrency: 8, warmupMs: 500, requireRuns: 7 };

/** Every seeded instance fits one answer page. */
const SEEDED_INSTANCES = PAGE_SIZE;

/** What a user writes to load each client. */
const REQUIRES: Record<Impl, string> = { ours: "pulumi-alicloud-ecs/client", official: "@alicloud/ecs20140526" };

async function seed(url: string): Promise<void> {
  const client = new EcsClient({ accessKeyId: "ecs-emulator", accessKeySecret: "ecs-emulator-secret", endpoint: url, region: "cn-hangzhou", rateLimit: 0 });
  const vpcs = await client.call<{ Vpcs: { Vpc: { VpcId: string }[] } }>("DescribeVpcs", { RegionId: "cn-hangzhou" });
  const sg = await client.call<{ SecurityGroupId: string }>("CreateSecurityGroup", { RegionId: "cn-hangzhou", VpcId: vpcs.Vpcs.Vpc[0].VpcId });
  await client.call("RunInstances", {
    RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-h", ImageId: "aliyun_3_x64_20G_alibase_20240528.vhd", InstanceType: "ecs.c7.large",
    SecurityGroupId: sg.SecurityGroupId, Amount: SEEDED_INSTANCES, Tag: [{ Key: "bench", Value: "client-cost" }],
  });
  await client.close();
}

async function throughputRun(impl: Impl, url: string, emulatorPid: number, o: ClientCostOptions): Promise<ThroughputSample> {
  const out = await runNode([path.join(DIST_ROOT, "bench", "workers", "clientThroughput.js"), impl, url, String(o.durationMs), String(o.concurrency), String(o.warmupMs), String(emulatorPid)]);
  return JSON.parse(out.trim().split("\n").pop() as string) as ThroughputSample;
}

/** ms to require the module in a fresh process (the process start itself is not counted). */
async function coldRequire(impl: Impl): Promise<number> {
  const script = `const t = process.hrtime.bigint(); require(${JSON.stringify(REQUIRES[impl])}); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  return Number(await runNode(["-e", script], { cwd: REPO_ROOT }));
}

/** A bare node process's peak RSS, to read the clients' figures against. */
async function bareNodeRssMiB(): Promise<number> {
  const script = `const m = /^VmHWM:\\s+(\\d+) kB/m.exec(require("fs").readFileSync("/proc/self/status", "utf8")); process.stdout.write(String(Number(m[1]) / 1024));`;
  return Number(await runNode(["-e", script]));
}

export async function measureClientCost(o: ClientCostOptions = DEFAULT_CLIENT_COST): Promise<MeasureResult> {
  const started = Date.now();
  const emulator = await spawnEmulator(["--delay-scale", "0"]);
  const samples: ThroughputSample[] = [];
  try {
    await seed(emulator.url);
    for (let round = 0; round < o.rounds; round++) {
      const order: Impl[] = round % 2 === 0 ? ["ours", "official"] : ["official", "ours"];
      for (const impl of order) samples.push(await throughputRun(impl, emulator.url, emulator.pid, o));
    }
  } finally {
    await emulator.stop();
  }
  const requireMs: Record<Impl, number[]> = { ours: [], official: [] };
  for (let i = 0; i < o.requireRuns; i++) {
    const order: Impl[] = i % 2 === 0 ? ["ours", "official"] : ["official", "ours"];
    for (const impl of order) requireMs[impl].push(await coldRequire(impl));
  }
  const bareRss = await bareNodeRssMiB();

  const of = (impl: Impl) => samples.filter((s) => s.impl === impl);
  const rps = (impl: Impl) => median(of(impl).map((s) => s.rps));
  const cpu = (impl: Impl) => median(of(impl).map((s) => s.cpuMsPerCall));
  const serverCpu = (impl: Impl) => median(of(impl).map((s) => s.serverCpuMsPerCall ?? Number.NaN));
  const serverCores = (impl: Impl) => median(of(impl).map((s) => s.serverCores ?? Number.NaN));
  const rss = (impl: Impl) => median(of(impl).map((s) => s.peakRssMiB));
  const errors = (impl: Impl) => of(impl).reduce((a, s) => a + s.errors, 0);
  const req = (impl: Impl) => median(requireMs[impl]);
  const throughputRatio = ratio(rps("ours"), rps("official"));
  const requireRatio = ratio(req("ours"), req("official"));
  const rssRatio = ratio(rss("ours"), rss("official"));
  const rows: Row[] = [
    { metric: "DescribeInstances per second (median of runs)", ours: rps("ours"), baseline: rps("official"), ratio: throughputRatio, target: "≥ 3×", met: throughputRatio !== undefined && throughputRatio >= 3 },
    { metric: "client CPU time per call (ms, median)", ours: cpu("ours"), baseline: cpu("official"), ratio: ratio(cpu("ours"), cpu("official")) },
    { metric: "emulator CPU time per call (ms, median)", ours: serverCpu("ours"), baseline: serverCpu("official"), ratio: ratio(serverCpu("ours"), serverCpu("official")) },
    { metric: "emulator CPU use during the runs (cores, median)", ours: serverCores("ours"), baseline: serverCores("official") },
    { metric: "failed calls during the runs", ours: errors("ours"), baseline: errors("official"), target: "0", met: errors("ours") === 0 },
    { metric: "cold require (ms, median)", ours: req("ours"), baseline: req("official"), ratio: requireRatio, target: "≤ 1/5 (0.2×)", met: requireRatio !== undefined && requireRatio <= 0.2 },
    { metric: "peak RSS of the throughput process (MiB, median)", ours: rss("ours"), baseline: rss("official"), ratio: rssRatio },
    { metric: "  the same over a bare node process (MiB)", ours: rss("ours") - bareRss, baseline: rss("official") - bareRss, ratio: ratio(rss("ours") - bareRss, rss("official") - bareRss) },
  ];
  const notes: string[] = [];
  const firstErr = samples.find((s) => s.firstError);
  if (firstErr) notes.push(`first error (${firstErr.impl}): ${firstErr.firstError}`);
  return {
    id: 4,
    title: "Client cost",
    setup: `DescribeInstances (PageSize ${PAGE_SIZE}, ${SEEDED_INSTANCES} instances in the answer) against the emulator in a separate process (\`node dist/emulator/cli.js --port 0 --delay-scale 0\`, so client and server do not share an event loop), loopback; ${o.concurrency} calls in flight from one process for ${o.durationMs / 1000} s after a ${o.warmupMs / 1000} s warm-up; ${o.rounds} rounds alternating ours/official (ABBA), each run a fresh node process loading only its client. Ours: EcsClient with V3 signing, JSON, POST, client rate limiter off. Official: @alicloud/ecs20140526 with its default ACS3-HMAC-SHA256 (V3) signing. Cold require: \`require('${REQUIRES.ours}')\` vs \`require('${REQUIRES.official}')\` timed inside fresh node processes (cwd = repo root), ${o.requireRuns} runs each, alternating, median. A bare node process peaks at ${bareRss.toFixed(1)} MiB RSS.`,
    baseline: "the official @alicloud/ecs20140526 SDK.",
    rows,
    details: { options: o, throughput: samples, requireMs, bareNodeRssMiB: bareRss },
    notes,
    wallMs: Date.now() - started,
  };
}
