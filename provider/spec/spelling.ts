/** Read returns the program's spelling: wherever the cloud's value is equivalent to what the
 *  program wrote, the program's value; where it differs, the cloud's. Refresh then stores inputs
 *  that differ from the program exactly where the cloud drifted, and the engine's displayed diff
 *  (old inputs against new ones) shows that drift and nothing else.
 *
 *  The program's shape (which properties, and which members of object-typed properties, the
 *  program set) is kept in state as the hidden output __ecsShape: read reports the cloud's values
 *  in that shape, never members the program left to the cloud. */
import { canonical, itemKey, same } from "./equivalence";
import type { FieldSpec, Inputs, TypeSpec } from "./types";

/** For each property the program set: true, or for an object the members it set, or for a list
 *  of objects the members each item set. */
export type Shape = { [key: string]: Shape | Shape[] | true };
export const SHAPE_KEY = "__ecsShape";

type Bag = Record<string, unknown>;
const asBag = (v: unknown): Bag | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Bag) : undefined);
const present = (v: unknown): boolean => v !== undefined && v !== null;

const objectType = (t: TypeSpec): (TypeSpec & { kind: "object" }) | undefined =>
  t.kind === "object" ? t : t.kind === "list" && t.items.kind === "object" ? t.items : undefined;

/** Which properties (and members of object-typed ones, item by item for lists) a program set. */
export function shapeOf(inputs: Inputs, values: Bag): Shape {
  const shape: Shape = {};
  for (const [name, v] of Object.entries(values)) {
    const p = inputs[name];
    if (!p || !present(v)) continue;
    const obj = objectType(p.type);
    if (!obj || typeof v !== "object") {
      shape[name] = true;
      continue;
    }
    const membersOf = (item: unknown): Shape => Object.fromEntries(Object.entries(asBag(item) ?? {}).filter(([k, x]) => present(x) && k in obj.fields).map(([k]) => [k, true]));
    shape[name] = Array.isArray(v) ? v.map(membersOf) : membersOf(v);
  }
  return shape;
}

/** The cloud's value in the program's spelling (see the file comment). */
export function spell(spec: Pick<FieldSpec, "type" | "equal" | "default">, program: unknown, cloud: unknown): unknown {
  const t = spec.type;
  if (!present(cloud)) return present(program) && same(spec, program, cloud) ? program : cloud;
  if (present(program) && same(spec, program, cloud)) return program;
  switch (t.kind) {
    case "map": {
      // Per key: a key whose value is equivalent keeps the program's value; the key set is the cloud's.
      const p = asBag(program) ?? {};
      const c = asBag(cloud) ?? {};
      return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, k in p && String(p[k]) === String(v) ? p[k] : v]));
    }
    case "object": {
      if (spec.equal) return cloud;
      const p = asBag(program) ?? {};
      const c = asBag(cloud) ?? {};
      const out: Bag = {};
      for (const [name, f] of Object.entries(t.fields)) {
        const v = spell(f, p[name], c[name]);
        if (present(v)) out[name] = v;
      }
      return out;
    }
    case "list": {
      if (!Array.isArray(cloud)) return cloud;
      const programItems = Array.isArray(program) ? program : [];
      const itemSpec = { type: t.items, equal: spec.equal };
      if (t.unordered) {
        // Match items by equivalence: matched ones keep the program's spelling and order, the
        // cloud's extra items follow in its order, program items the cloud lacks are dropped.
        const listSpec = spec as { type: TypeSpec & { kind: "list" }; equal?: FieldSpec["equal"] };
        const pool = new Map<string, unknown[]>();
        for (const item of cloud) {
          const k = itemKey(listSpec, item);
          pool.set(k, [...(pool.get(k) ?? []), item]);
        }
        const kept: unknown[] = [];
        for (const item of programItems) {
          const k = itemKey(listSpec, item);
          const left = pool.get(k);
          if (left?.length) {
            left.shift();
            kept.push(item);
          }
        }
        // Items the program does not have are drift: shown whole, as the cloud has them.
        return [...kept, ...[...pool.values()].flat()];
      }
      return cloud.map((item, i) => spell(itemSpec, programItems[i], item));
    }
    default:
      return cloud;
  }
}

/** A value of an object type (or a list of them, item by item) cut to the members the program
 *  set; items beyond the program's (drift) are kept whole. */
export function cut(type: TypeSpec, value: unknown, members: Shape | Shape[] | undefined): unknown {
  const obj = objectType(type);
  if (!obj || !members || value === undefined || value === null) return value;
  const pick = (item: unknown, keys: Shape | undefined): unknown => {
    const bag = asBag(item);
    return bag && keys ? Object.fromEntries(Object.entries(bag).filter(([k]) => k in keys)) : item;
  };
  if (Array.isArray(value)) return value.map((item, i) => pick(item, Array.isArray(members) ? members[i] : members));
  return pick(value, Array.isArray(members) ? undefined : members);
}

/** Canonical form of a whole input bag (for comparing a read with the program, e.g. on import). */
export const canonicalInputs = (inputs: Inputs, values: Bag): Bag =>
  Object.fromEntries(Object.entries(inputs).map(([k, p]) => [k, canonical(p, values[k])]).filter(([, v]) => v !== undefined));
