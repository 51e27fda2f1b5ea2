/** The diff derived from a spec: which input properties changed between the state (old outputs,
 *  kept in the program's spelling) and the new inputs, and which of those changes replace.
 *
 *  - Properties compare through their equivalence (./equivalence.ts), so spellings never diff.
 *  - A `computed` property (or object member) omitted by the program keeps what the cloud has.
 *  - An unknown (preview) value always counts as a change, and as a replacement when the property
 *    (or any of its members) replaces.
 *  - A change replaces when the property replaces, or when a replacing member of an object
 *    changed (systemDisk.category replaces, systemDisk.size does not). */
import { same } from "./equivalence";
import type { FieldSpec, Inputs, PropSpec, TypeSpec } from "./types";
import { containsUnknown } from "./unknown";

export interface PropertyDiff {
  /** Top-level input properties that changed. */
  changed: string[];
  /** Those of them whose change replaces the resource. */
  replaces: string[];
}

type Bag = Record<string, unknown>;

const absent = (v: unknown): boolean => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
const asBag = (v: unknown): Bag | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Bag) : undefined);

/** The members of an object value that differ, ignoring computed members the program omits. */
function changedFields(type: TypeSpec & { kind: "object" }, old: unknown, now: unknown): string[] {
  const o = asBag(old) ?? {};
  const n = asBag(now) ?? {};
  return Object.entries(type.fields)
    .filter(([name, f]) => !(absent(n[name]) && f.computed) && !same(f, o[name], n[name]))
    .map(([name]) => name);
}

/** Whether two values of a (member) spec differ, member by member for objects and element by
 *  element for ordered lists of objects, so that computed members the program omits never count. */
export function differs(spec: Pick<FieldSpec, "type" | "equal" | "default" | "computed">, old: unknown, now: unknown): boolean {
  const t = spec.type;
  if (t.kind === "object" && !spec.equal) return changedFields(t, old, now).length > 0;
  if (t.kind === "list" && t.items.kind === "object" && !t.unordered && !spec.equal && Array.isArray(now)) {
    const o = Array.isArray(old) ? old : [];
    const items = t.items;
    return now.length !== o.length || now.some((x, i) => changedFields(items, o[i], x).length > 0);
  }
  return !same(spec, old, now);
}

/** Members of an object type whose change replaces the resource. */
const replacingFields = (t: TypeSpec): string[] => (t.kind === "object" ? Object.entries(t.fields).filter(([, f]) => f.replace).map(([k]) => k) : []);

function replacesOnChange(p: PropSpec, old: unknown, now: unknown): boolean {
  if (p.change.kind === "replace") return true;
  const t = p.type;
  if (t.kind !== "object") return false;
  const replacing = replacingFields(t);
  return replacing.length > 0 && (containsUnknown(now) || changedFields(t, old, now).some((f) => replacing.includes(f)));
}

export function diffInputs(inputs: Inputs, olds: Bag, news: Bag): PropertyDiff {
  const changed: string[] = [];
  const replaces: string[] = [];
  for (const [name, p] of Object.entries(inputs)) {
    const n = news[name];
    const o = olds[name];
    if (!containsUnknown(n)) {
      if (absent(n) && p.computed) continue;
      if (!differs(p, o, n)) continue;
    }
    changed.push(name);
    if (replacesOnChange(p, o, n)) replaces.push(name);
  }
  return { changed, replaces };
}

/** Every input (or member) whose change replaces: for the schema and the reference pages. */
export const replacesWhole = (p: PropSpec): boolean => p.change.kind === "replace";
export { replacingFields };

/** A grow-only size (a property, or a member of an object property) that would shrink, in words;
 *  undefined when none would. */
export function shrinkProblem(inputs: Inputs, olds: Bag, news: Bag): string | undefined {
  const shrinks = (path: string, f: Pick<FieldSpec, "growOnly">, o: unknown, n: unknown): string | undefined =>
    f.growOnly && typeof o === "number" && typeof n === "number" && n < o ? `${path} cannot shrink from ${o} to ${n} (it only grows); replace the resource to get a smaller one` : undefined;
  for (const [name, p] of Object.entries(inputs)) {
    const top = shrinks(name, p, olds[name], news[name]);
    if (top) return top;
    if (p.type.kind !== "object") continue;
    for (const [member, f] of Object.entries(p.type.fields)) {
      const nested = shrinks(`${name}.${member}`, f, asBag(olds[name])?.[member], asBag(news[name])?.[member]);
      if (nested) return nested;
    }
  }
  return undefined;
}
