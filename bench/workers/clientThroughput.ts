/** One throughput run in a fresh process: DescribeInstances against the emulator at `url`,
 *  `concurrency` calls in flight, for `durationMs` after a warm-up; prints one JSON line with the
 *  request rate and this process's peak RSS. Only the client under test is loaded.
 *
 *  node dist/bench/workers/clientThroughput.js <ours|official> <url> <durationMs> <concurrency> <warmupMs> [emulatorPid] */
import { cpuMs, statusMiB } from "../lib/procfs";

export type Impl = "ours" | "official";

export interface ThroughputSample {
  impl: Impl;
  requests: number;
  errors: number;
  firstError?: string;
  rps: number;
  /** This process's CPU time (user + system) per call during the measured window: the client's
   *  own cost, whatever the server's speed. */
  cpuMsPerCall: number;
  peakRssMiB: number;
  /** The emulator process's CPU time per call, and its CPU use in cores over the window. */
  serverCpuMsPerCall?: number;
  serverCores?: number;
}

const ACCESS_KEY_ID = "ecs-emulator";
const ACCESS_KEY_SECRET = "ecs-emulator-secret";
const REGION = "cn-hangzhou";
export const PAGE_SIZE = 10;

type Describe = () => Promise<number>;

/** Our client, as the provider uses it (V3 signing, JSON, POST), without the client-side rate limiter. */
function ours(url: string): Describe {
  const { EcsClient } = require("../../provider/client") as typeof import("../../provider/client");
  const client = new EcsClient({ accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET, endpoint: url, region: REGION, signatureVersion: "v3", rateLimit: 0 });
  return async () => {
    const res = await client.call<{ Instances: { Instance: unknown[] } }>("DescribeInstances", { RegionId: REGION, PageSize: PAGE_SIZE });
    return res.Instances.Instance.length;
  };
}

/** The official SDK with its defaults (ACS3-HMAC-SHA256, i.e. V3). */
function official(url: string): Describe {
  const sdk = require("@alicloud/ecs20140526") as typeof import("@alicloud/ecs20140526");
  const { $OpenApiUtil } = require("@alicloud/openapi-core") as typeof import("@alicloud/openapi-core");
  const { host } = new URL(url);
  const client = new sdk.default(new $OpenApiUtil.Config({ accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET, endpoint: host, protocol: "HTTP", regionId: REGION }));
  return async () => {
    const res = await client.describeInstances(new sdk.DescribeInstancesRequest({ regionId: REGION, pageSize: PAGE_SIZE }));
    return res.body?.instances?.instance?.length ?? 0;
  };
}

async function drive(describe: Describe, untilMs: number, concurrency: number): Promise<{ requests: number; errors: number; firstError?: string }> {
  let requests = 0;
  let errors = 0;
  let firstError: string | undefined;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < untilMs) {
        try {
          await describe();
          requests++;
        } catch (err) {
          errors++;
          firstError ??= String((err as Error)?.message ?? err).slice(0, 300);
        }
      }
    }),
  );
  return { requests, errors, firstError };
}

async function main(): Promise<void> {
  const [impl, url, durationArg, concurrencyArg, warmupArg, emulatorPidArg] = process.argv.slice(2);
  const emulatorPid = emulatorPidArg ? Number(emulatorPidArg) : undefined;
  if ((impl !== "ours" && impl !== "official") || !url) throw new Error("usage: clientThroughput <ours|official> <url> <durationMs> <concurrency> <warmupMs>");
  const durationMs = Number(durationArg ?? 3000);
  const concurrency = Number(concurrencyArg ?? 8);
  const describe = impl === "ours" ? ours(url) : official(url);
  if ((await describe()) === 0) throw new Error("DescribeInstances returned no instances: seed the emulator first");
  await drive(describe, Date.now() + Number(warmupArg ?? 500), concurrency);
  const cpuBefore = process.cpuUsage();
  const serverBefore = emulatorPid ? cpuMs(emulatorPid) : undefined;
  const started = Date.now();
  const run = await drive(describe, started + durationMs, concurrency);
  const elapsed = Date.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = emulatorPid ? cpuMs(emulatorPid) : undefined;
  const serverMs = serverBefore !== undefined && serverAfter !== undefined ? serverAfter - serverBefore : undefined;
  const sample: ThroughputSample = {
    impl,
    ...run,
    rps: (run.requests / elapsed) * 1000,
    cpuMsPerCall: (cpu.user + cpu.system) / 1000 / Math.max(1, run.requests),
    peakRssMiB: statusMiB(process.pid, "VmHWM") ?? Number.NaN,
    serverCpuMsPerCall: serverMs === undefined ? undefined : serverMs / Math.max(1, run.requests),
    serverCores: serverMs === undefined ? undefined : serverMs / elapsed,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
  process.exit(0); // do not wait for keep-alive sockets to idle out
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
