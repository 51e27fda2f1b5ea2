/** How big a stack's state is: the file backend's checkpoint (what the engine rewrites after every
 *  step unless PULUMI_SKIP_CHECKPOINTS), and one resource of each type in it, with the share of its
 *  `__provider` values (the serialized provider every dynamic resource stores in its inputs and
 *  outputs). */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { Deployment } from "@pulumi/pulumi/automation";
import { median } from "./stats";

export interface TypeSize {
  resources: number;
  /** Median bytes of one resource (compact JSON). */
  bytes: number;
  /** Median bytes of its __provider values (inputs and outputs). */
  providerBytes: number;
}

export interface StateSize {
  /** Bytes of the checkpoint file, as the backend writes it. */
  fileBytes: number;
  byType: Record<string, TypeSize>;
}

/** The checkpoint file of `stackName` under a file backend (`.pulumi/stacks/<project>/<stack>.json`). */
function checkpointFile(backendDir: string, stackName: string): string | undefined {
  const stacks = path.join(backendDir, ".pulumi", "stacks");
  if (!existsSync(stacks)) return undefined;
  const wanted = `${stackName}.json`;
  const walk = (dir: string): string | undefined => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        const found = walk(p);
        if (found) return found;
      } else if (e.name === wanted) return p;
    }
    return undefined;
  };
  return walk(stacks);
}

interface StateResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export function stateSize(backendDir: string, stackName: string, exported: Deployment): StateSize {
  const file = checkpointFile(backendDir, stackName);
  const resources = ((exported.deployment as { resources?: StateResource[] }).resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
  const groups = new Map<string, StateResource[]>();
  for (const r of resources) {
    const type = r.type.slice(r.type.lastIndexOf(":") + 1);
    groups.set(type, [...(groups.get(type) ?? []), r]);
  }
  const bytes = (v: unknown): number => (v === undefined ? 0 : Buffer.byteLength(JSON.stringify(v)));
  const byType: Record<string, TypeSize> = {};
  for (const [type, rs] of groups) {
    byType[type] = {
      resources: rs.length,
      bytes: median(rs.map(bytes)),
      providerBytes: median(rs.map((r) => bytes(r.inputs?.__provider) + bytes(r.outputs?.__provider))),
    };
  }
  return { fileBytes: file ? statSync(file).size : 0, byType };
}
