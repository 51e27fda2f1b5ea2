import { createHash } from "node:crypto";

/** JSON with object keys sorted at every level, so equal inputs give equal text whatever their
 * key order; undefined members are dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)) {
      const o = v as Record<string, unknown>;
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(o).sort()) sorted[k] = o[k];
      return sorted;
    }
    return v;
  });
}

/** A stable ClientToken (ECS: ≤ 64 ASCII characters) derived from a resource's identity and
 * inputs: "pulumi-" + the first 40 hex digits of SHA-256 over the canonical JSON of `parts`.
 * The same parts always give the same token; different parts give a different one. */
export function clientToken(...parts: unknown[]): string {
  return "pulumi-" + createHash("sha256").update(canonicalJson(parts)).digest("hex").slice(0, 40);
}
