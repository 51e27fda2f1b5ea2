/** `make bench`: runs the measures of issues 7 and 15 (7: big stacks, 8: where a preview's time
 *  goes) against the emulator on loopback, prints one Markdown table per measure and writes
 *  bench/results.json.
 *
 *  node dist/bench/run.js [--only 1,2,...] [--out FILE] [--poller fastMs=500,batchWindowMs=500] [--sizes 100,300,1000] [--checkpoints on|off|both] [--parallel 64]
 *  --poller replaces the shared poller's tick settings for measures 1–3 (to try a tick policy).
 *  Measure 6 (memory) reads the runs of 4 and 5; asking for it runs them too.
 *  --sizes: the instance counts of measure 7 (big stacks; default 100), each with and without disks;
 *  --checkpoints on|off|both: measure 7 with the engine's per-step state checkpoints (the CLI's
 *  default), without (PULUMI_SKIP_CHECKPOINTS=true), or both side by side; --parallel: the engine's
 *  parallelism for measure 7 (default 64). */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { overridePollerTicks } from "./lib/fixture";
import { machineInfo, renderMachine } from "./lib/machine";
import { renderTable, type MeasureResult } from "./lib/table";
import { measureClientCost } from "./measures/clientCost";
import { measureDescribeCalls } from "./measures/describeCalls";
import { measureMemory } from "./measures/memory";
import { measurePreview } from "./measures/preview";
import { ALL_SIZES, DEFAULT_SIZES, measureScale, PARALLEL, scaleCases } from "./measures/scale";
import { measureReadyLag } from "./measures/readyLag";
import { measureThrottled } from "./measures/throttled";
import { measureWholeStack } from "./measures/wholeStack";

const ALL = [1, 2, 3, 4, 5, 6, 7, 8];

export interface BenchArgs {
  only: number[];
  out: string;
  poller: Record<string, number>;
  /** Instance counts for measure 7. */
  sizes: number[];
  /** Measure 7 with the engine's checkpoints on (the CLI's default), off (PULUMI_SKIP_CHECKPOINTS) or both. */
  checkpoints: "on" | "off" | "both";
  /** The engine's --parallel for measure 7. */
  parallel: number;
}

const TICK_SETTINGS = ["fastMs", "maxMs", "batchWindowMs"];

export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { only: ALL, out: path.resolve(__dirname, "..", "..", "bench", "results.json"), poller: {}, sizes: DEFAULT_SIZES, checkpoints: "on", parallel: PARALLEL };
  for (let i = 0; i < argv.length; i++) {
    // "--flag=value" is the same as "--flag value" (the value may hold "=" itself).
    const eq = argv[i].startsWith("--") ? argv[i].indexOf("=") : -1;
    const flag = eq > 0 ? argv[i].slice(0, eq) : argv[i];
    const inline = eq > 0 ? argv[i].slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === "--only") {
      const ids = value().split(",").map((x) => Number(x.trim()));
      const bad = ids.filter((id) => !ALL.includes(id));
      if (bad.length || ids.length === 0) throw new Error(`--only takes measure numbers from ${ALL.join(",")}, got ${bad.join(",") || "nothing"}`);
      args.only = ids;
    } else if (flag === "--out") args.out = path.resolve(value());
    else if (flag === "--poller") {
      for (const pair of value().split(",")) {
        const [key, raw] = pair.split("=");
        const n = Number(raw);
        if (!TICK_SETTINGS.includes(key) || !(n >= 0)) throw new Error(`--poller takes ${TICK_SETTINGS.join("|")}=<ms ≥ 0>, comma-separated; got ${pair}`);
        args.poller[key] = n;
      }
    } else if (flag === "--sizes") {
      const sizes = value().split(",").map((x) => Number(x.trim()));
      if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes takes instance counts such as ${ALL_SIZES.join(",")}`);
      args.sizes = sizes;
    } else if (flag === "--checkpoints") {
      const v = value();
      if (v !== "on" && v !== "off" && v !== "both") throw new Error(`--checkpoints takes on, off or both, got ${v}`);
      args.checkpoints = v;
    } else if (flag === "--parallel") {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error(`--parallel takes a whole number ≥ 1`);
      args.parallel = n;
    } else throw new Error(`unknown option ${flag}; usage: run.js [--only 1,2,...] [--out FILE] [--poller fastMs=500,...] [--sizes ${ALL_SIZES.join(",")}] [--checkpoints on|off|both] [--parallel 64]`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const wanted = new Set(args.only);
  if (wanted.has(6)) [4, 5].forEach((id) => wanted.add(id));
  overridePollerTicks(args.poller);
  const machine = machineInfo();
  const startedAt = new Date();
  process.stdout.write(`# Benchmarks (${startedAt.toISOString()})\n\n${renderMachine(machine)}\n\n`);
  const results: MeasureResult[] = [];
  const failures: { id: number; error: string }[] = [];
  const steps: [number, () => Promise<MeasureResult>][] = [
    [1, () => measureDescribeCalls()],
    [2, () => measureReadyLag()],
    [3, () => measureThrottled()],
    [4, () => measureClientCost()],
    [5, () => measureWholeStack()],
    [7, () => measureScale(scaleCases(args.sizes, args.checkpoints, args.parallel))],
    [8, () => measurePreview()],
  ];
  const print = (m: MeasureResult): void => {
    results.push(m);
    process.stdout.write(`${renderTable(m)}\n\n`);
  };
  for (const [id, run] of steps) {
    if (!wanted.has(id)) continue;
    process.stderr.write(`bench: measure ${id}…\n`);
    try {
      print(await run());
    } catch (err) {
      // One broken measure must not cost the others' figures.
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      failures.push({ id, error });
      process.stdout.write(`### ${id}. FAILED\n\n\`\`\`\n${error}\n\`\`\`\n\n`);
    }
  }
  if (args.only.includes(6)) {
    try {
      print(await measureMemory(results.find((r) => r.id === 4), results.find((r) => r.id === 5)));
    } catch (err) {
      failures.push({ id: 6, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  }
  const command = `node dist/bench/run.js${process.argv.length > 2 ? ` ${process.argv.slice(2).join(" ")}` : ""}`;
  writeFileSync(args.out, `${JSON.stringify({ startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), command, machine, pollerOverrides: args.poller, measures: results, failures }, null, 2)}\n`);
  process.stdout.write(`Results: ${args.out} (${Math.round((Date.now() - startedAt.getTime()) / 1000)} s in all)\n`);
  // Keep-alive sockets and the shared client's timers must not hold the process open.
  process.exit(failures.length ? 1 : 0);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  });
}
