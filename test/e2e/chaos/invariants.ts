/** What every cell of the fault matrix asserts once its operations are over: the state and the
 *  cloud agree one to one (no orphan, no duplicate, no state entry without its cloud resource, no
 *  pending operation) and no secret reached the CLI's output or the stored state. */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { PULUMI_BIN, type E2eStack } from "../harness";
import type { Cloud } from "./cloud";

/** What the fixture program (test/e2e/programs/chaos) holds once deployed. */
export const DEPLOYED = { instances: 3, dataDisks: 4, securityGroups: 2, keyPairs: 1, launchTemplates: 1, deploymentSets: 1 };
export const NOTHING = { instances: 0, dataDisks: 0, securityGroups: 0, keyPairs: 0, launchTemplates: 0, deploymentSets: 0 };
export type Counts = typeof DEPLOYED;

interface StateResource {
  urn: string;
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

/** `pulumi stack export` as a user runs it (secrets stay encrypted). */
export function exportedState(e2e: E2eStack, programDir: string): string {
  return execFileSync(path.join(PULUMI_BIN, "pulumi"), ["stack", "export", "--stack", e2e.stackName], { cwd: programDir, env: { ...process.env, ...e2e.env }, encoding: "utf8" });
}

/** The ids an exported state holds, with the data disks its instances were created with. */
export function stateIds(exported: string): { ids: Set<string>; pending: number } {
  const { deployment } = JSON.parse(exported) as { deployment: { resources?: StateResource[]; pending_operations?: unknown[] } };
  const ids = new Set<string>();
  for (const r of deployment.resources ?? []) {
    if (!r.type.startsWith("pulumi-nodejs:dynamic/alicloud-ecs:") || !r.id) continue;
    ids.add(r.id);
    for (const d of (r.outputs?.dataDiskIds as string[] | undefined) ?? []) ids.add(d);
  }
  return { ids, pending: deployment.pending_operations?.length ?? 0 };
}

/** The account's resources the stack may own (default VPCs, VSwitches and system disks excluded). */
export async function cloudIds(cloud: Cloud, accessKeyId: string): Promise<Record<keyof Counts, string[]>> {
  const regions = await cloud.regions(accessKeyId);
  const all = <T extends { id: string }>(pick: (r: (typeof regions)[number]) => Record<string, T>, keep: (x: T) => boolean = () => true) =>
    regions.flatMap((r) => Object.values(pick(r)).filter(keep).map((x) => x.id));
  return {
    instances: all((r) => r.instances),
    dataDisks: all((r) => r.disks, (d) => d.type === "data"),
    securityGroups: all((r) => r.securityGroups),
    keyPairs: all((r) => r.keyPairs),
    launchTemplates: all((r) => r.launchTemplates),
    deploymentSets: all((r) => r.deploymentSets),
  };
}

export interface Verdict {
  counts: Counts;
  orphans: string[];
  /** State entries whose cloud resource does not exist. */
  ghosts: string[];
  pending: number;
}

/** Compares an exported state with the cloud. */
export async function verdict(exported: string, cloud: Cloud, accessKeyId: string): Promise<Verdict> {
  const state = stateIds(exported);
  const held = await cloudIds(cloud, accessKeyId);
  const inCloud = new Set(Object.values(held).flat());
  const counts = Object.fromEntries(Object.entries(held).map(([k, v]) => [k, v.length])) as Counts;
  return {
    counts,
    orphans: [...inCloud].filter((id) => !state.ids.has(id)),
    ghosts: [...state.ids].filter((id) => !inCloud.has(id)),
    pending: state.pending,
  };
}

/** Resources beyond `expected`, summed over the kinds (a duplicate is one). */
export const excess = (counts: Counts, expected: Counts): number =>
  (Object.keys(expected) as (keyof Counts)[]).reduce((n, k) => n + Math.max(0, counts[k] - expected[k]), 0);

/** The verdict a converged stack has. */
export const converged = (counts: Counts): Verdict => ({ counts, orphans: [], ghosts: [], pending: 0 });

/** Every file the file backend keeps (checkpoints, their backups and history). */
function backendText(dir: string): string {
  let text = "";
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    text += statSync(full).isDirectory() ? backendText(full) : readFileSync(full, "utf8");
  }
  return text;
}

/** The secrets found in the CLI's output, the exported state or the backend's files (should be none). */
export function leakedSecrets(e2e: E2eStack, exported: string, output: string, secrets: readonly string[]): string[] {
  const stored = backendText(e2e.backendDir);
  return secrets.filter((s) => output.includes(s) || exported.includes(s) || stored.includes(s)).map((s) => `${s.slice(0, 4)}…`);
}
