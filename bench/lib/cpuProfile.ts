/** Reading V8 CPU profiles (node --cpu-prof): where a process's CPU time went, by the code it
 *  was in (self time grouped by source). */
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  /** The main script (e.g. …/cmd/dynamic-provider/index.js), from the profile's frames. */
  main: string;
  wallMs: number;
  /** Sampled time not idle, ms. */
  busyMs: number;
  /** Self time by group, ms (idle left out). */
  byGroup: Record<string, number>;
}

/** The group a frame's self time counts to. */
export function groupOf(url: string, functionName: string): string {
  if (!url) return functionName === "(garbage collector)" ? "garbage collector" : "V8 (native code and builtins)";
  if (/dist\/provider\//.test(url)) return "ours: provider";
  if (/dist\/sdk\//.test(url) || /bench\/programs\//.test(url)) return "ours: sdk and program";
  if (/@pulumi\/pulumi\/vendor\/ts-node/.test(url) || /source-map/.test(url)) return "stack traces (source-map support)";
  if (/@pulumi\/pulumi\/runtime\/closure|node_modules\/typescript\//.test(url)) return "closure serializer and TypeScript";
  if (/@grpc\/grpc-js|google-protobuf|@pulumi\/pulumi\/proto\//.test(url)) return "gRPC and protobuf";
  if (/@pulumi\/pulumi\//.test(url)) return "@pulumi/pulumi runtime";
  if (/^node:internal\/modules|^node:internal\/bootstrap/.test(url)) return "module loading";
  if (/^node:/.test(url)) return "node internals";
  return "other npm packages";
}

function load(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
}

export function summarize(file: string): ProfileSummary {
  const p = load(file);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  p.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const byGroup: Record<string, number> = {};
  let busy = 0;
  for (const [id, us] of selfUs) {
    const cf = byId.get(id)?.callFrame;
    if (!cf || cf.functionName === "(idle)") continue;
    const g = groupOf(cf.url, cf.functionName);
    byGroup[g] = (byGroup[g] ?? 0) + us / 1000;
    busy += us / 1000;
  }
  const main = p.nodes.map((n) => n.callFrame.url).find((u) => /cmd\/(dynamic-provider|run)\/index\.js$/.test(u)) ?? "";
  return { file, main, wallMs: (p.endTime - p.startTime) / 1000, busyMs: busy, byGroup };
}

/** The .cpuprofile files of a directory. */
export const profilesIn = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f));
