/** How two spellings of one value compare. Every property compares through its canonical form:
 *  the default per type (numbers and booleans as ECS sends them either way, maps by key, empty
 *  values as absent, omitted object members as their defaults), or the property's own `equal`. */
import type { Equivalence, FieldSpec, TypeSpec } from "./types";

export const caseInsensitive: Equivalence = { name: "case-insensitive", canonical: (v) => String(v).toLowerCase() };

/** A bare IPv4 address is the /32 block: "10.0.0.5" = "10.0.0.5/32". */
export const cidr: Equivalence = {
  name: 'a bare address equals its /32 block ("10.0.0.5" = "10.0.0.5/32")',
  canonical: (v) => {
    const [address = "", prefix] = String(v).trim().split("/");
    return `${address}/${prefix ?? "32"}`;
  },
};

export const custom = (name: string, canonical: (v: unknown) => unknown): Equivalence => ({ name, canonical });

interface Typed {
  readonly type: TypeSpec;
  readonly equal?: Equivalence;
  readonly default?: string | number | boolean;
}

const isEmpty = (v: unknown): boolean =>
  v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

const stable = (v: unknown): string => JSON.stringify(v) ?? "";

/** The canonical form of a value of `spec`'s type: undefined when empty (absent, null, "", [] and
 *  {} are all "not set"); an object's omitted members take their defaults. For a list, `equal`
 *  applies to each item; an unordered list is sorted. */
export function canonical(spec: Typed, value: unknown): unknown {
  const v = isEmpty(value) ? spec.default : value;
  if (isEmpty(v)) return undefined;
  const t = spec.type;
  switch (t.kind) {
    case "list": {
      if (!Array.isArray(v)) return spec.equal ? spec.equal.canonical(v) : v;
      const items = v.map((x) => canonical({ type: t.items, equal: spec.equal }, x) ?? null);
      return t.unordered ? items.map(stable).sort() : items;
    }
    case "map": {
      if (typeof v !== "object" || v === null) return v;
      const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, x === undefined || x === null ? "" : String(x)] as const);
      return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    case "object": {
      if (spec.equal) return spec.equal.canonical(v);
      if (typeof v !== "object" || v === null) return v;
      const out: Record<string, unknown> = {};
      for (const [name, f] of Object.entries(t.fields)) {
        const c = canonical(f, (v as Record<string, unknown>)[name]);
        if (c !== undefined) out[name] = c;
      }
      return Object.keys(out).length ? out : undefined;
    }
    case "integer":
    case "number":
      return spec.equal ? spec.equal.canonical(v) : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v;
    case "boolean":
      return spec.equal ? spec.equal.canonical(v) : v === true || v === "true" ? true : v === false || v === "false" ? false : v;
    case "string":
    case "enum":
      return spec.equal ? spec.equal.canonical(v) : typeof v === "number" || typeof v === "boolean" ? String(v) : v;
  }
}

/** Two values are the same under the spec's equivalence. */
export const same = (spec: Typed, a: unknown, b: unknown): boolean => stable(canonical(spec, a)) === stable(canonical(spec, b));

/** An item's key for matching list items across spellings. */
export const itemKey = (spec: Typed & { type: TypeSpec & { kind: "list" } }, item: unknown): string =>
  stable(canonical({ type: spec.type.items, equal: spec.equal }, item) ?? null);

export type { FieldSpec };
