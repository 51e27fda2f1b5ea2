/** The schema-driven diff: compares the old outputs (the cloud's view, as read or created) with
 *  the new checked inputs, property by property over the resource's schema inputProperties, and
 *  classifies each change as in place or replacing from the schema's willReplaceOnChanges flags
 *  (also on nested object properties: systemDisk.category replaces, systemDisk.size does not).
 *
 *  Normalisation, so that nothing diffs perpetually:
 *   - absent, null, "", [] and {} are all "empty" and equal to each other;
 *   - a property the resource lists as `computed` (the cloud picks a value when it is omitted)
 *     does not diff when the new value is omitted; sub-properties of objects (and of objects in
 *     lists, element by element) behave the same;
 *   - list properties listed as `unordered` compare as sets;
 *   - an unknown (preview) value always counts as a change, and as a replace when the property
 *     (or any of its sub-properties) would replace;
 *   - properties whose names start with "__" (the engine's __provider, the sdk's hidden identity)
 *     never diff. */
import { refType, replaceFlag, resourceSchema } from "./schema";
import { containsUnknown } from "./unknown";

export interface DiffHints {
  /** Omitted new value = keep what the cloud has (no diff). */
  computed?: readonly string[];
  /** Lists compared as sets. */
  unordered?: readonly string[];
}

export interface PropertyDiff {
  /** Top-level input properties that changed. */
  changed: string[];
  /** Those of them whose change replaces the resource. */
  replaces: string[];
}

type Bag = Record<string, unknown>;

/** Empty values collapse to undefined; objects lose their empty members. */
export function normalize(v: unknown): unknown {
  if (v === undefined || v === null || v === "") return undefined;
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map((x) => normalize(x) ?? null);
  if (typeof v === "object") {
    const out: Bag = {};
    for (const k of Object.keys(v as Bag).sort()) {
      const n = normalize((v as Bag)[k]);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v;
}

const stable = (v: unknown): string => JSON.stringify(normalize(v)) ?? "";

export function sameValue(a: unknown, b: unknown, unordered = false): boolean {
  if (unordered && Array.isArray(a) && Array.isArray(b)) {
    return stable([...a].map(stable).sort()) === stable([...b].map(stable).sort());
  }
  return stable(a) === stable(b);
}

export function schemaDiff(kind: string, olds: Bag, news: Bag, hints: DiffHints = {}): PropertyDiff {
  const changed: string[] = [];
  const replaces: string[] = [];
  for (const [name, prop] of Object.entries(resourceSchema(kind).inputProperties)) {
    if (name.startsWith("__")) continue;
    const n = news[name];
    const o = olds[name];
    const flag = replaceFlag(prop);
    const mark = (replace: boolean): void => {
      changed.push(name);
      if (replace) replaces.push(name);
    };
    if (containsUnknown(n)) {
      mark(flag.whole || flag.nested.length > 0);
      continue;
    }
    if (normalize(n) === undefined && hints.computed?.includes(name)) continue;
    const objType = refType(prop);
    if (objType && !Array.isArray(n) && typeof n === "object" && n !== null) {
      // Compare sub-property by sub-property; an omitted sub-property is the cloud's choice.
      const subChanged = Object.keys(objType.properties).filter((sub) => {
        const ns = (n as Bag)[sub];
        return normalize(ns) !== undefined && !sameValue(ns, (o as Bag | undefined)?.[sub]);
      });
      if (subChanged.length) mark(flag.whole || subChanged.some((s) => flag.nested.includes(s)));
      continue;
    }
    const itemType = prop.items ? refType(prop.items) : undefined;
    if (itemType && Array.isArray(n)) {
      // Lists of objects (dataDisks): element by element, omitted sub-properties are the cloud's.
      const olist = Array.isArray(o) ? (o as Bag[]) : [];
      const differs = n.length !== olist.length || n.some((el, i) => !sameOmittingAbsent(el as Bag, olist[i]));
      if (differs) mark(flag.whole);
      continue;
    }
    if (!sameValue(n, o, hints.unordered?.includes(name))) mark(flag.whole);
  }
  return { changed, replaces };
}

/** Every sub-property the new object sets equals the old one's. */
function sameOmittingAbsent(n: Bag | null | undefined, o: Bag | undefined): boolean {
  if (!n || typeof n !== "object") return sameValue(n, o);
  return Object.entries(n).every(([k, v]) => normalize(v) === undefined || sameValue(v, o?.[k]));
}
