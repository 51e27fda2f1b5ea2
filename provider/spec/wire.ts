/** The ECS side of a spec: the create call's parameters from the inputs (each property's
 *  `wire.create` name, members' names for objects, Tag.N for tags), and the cloud's values of
 *  every property from a Describe record (each property's `wire.read`, converted by type). */
import type { FieldSpec, Inputs, OutputSpec, PropSpec, TypeSpec, Wire } from "./types";

type Bag = Record<string, unknown>;
const asBag = (v: unknown): Bag | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Bag) : undefined);

/** Program value → wire value (objects to their members' wire names, maps to Key/Value lists). */
export function encodeValue(spec: Pick<FieldSpec, "type" | "wire">, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const t = spec.type;
  if (spec.wire?.encode) return spec.wire.encode(value);
  switch (t.kind) {
    case "map":
      return Object.entries(asBag(value) ?? {}).map(([Key, Value]) => ({ Key, Value }));
    case "object": {
      const bag = asBag(value) ?? {};
      const out: Bag = {};
      for (const [name, f] of Object.entries(t.fields)) {
        if (!f.wire?.create) continue;
        const v = encodeValue(f, bag[name]);
        if (v !== undefined) out[f.wire.create] = v;
      }
      return out;
    }
    case "list":
      return Array.isArray(value) ? value.map((x) => encodeValue({ type: t.items }, x)) : value;
    default:
      return value;
  }
}

/** The parameters of the create call for every input with a `wire.create` name. */
export function createParams(inputs: Inputs, values: Bag): Bag {
  const out: Bag = {};
  for (const [name, p] of Object.entries(inputs)) {
    if (!p.wire?.create) continue;
    const v = encodeValue(p, values[name]);
    if (v !== undefined) out[p.wire.create] = v;
  }
  return out;
}

/** A dotted path into a record; list wrappers (Tags.Tag, SecurityGroupIds.SecurityGroupId)
 *  are plain members of the path. */
export function at(record: unknown, path: string): unknown {
  let v: unknown = record;
  for (const key of path.split(".")) v = asBag(v)?.[key];
  return v;
}

const readRaw = (wire: Pick<Wire, "read"> | undefined, record: Bag): unknown =>
  wire?.read === undefined ? undefined : typeof wire.read === "function" ? wire.read(record) : at(record, wire.read);

/** Tags as Describe reports a resource's own: Tags.Tag[{TagKey, TagValue}], or a plain map (a
 *  read function that converted another form, e.g. a launch template's InstanceTag[{Key, Value}]). */
function decodeTags(raw: unknown): Record<string, string> {
  const bag = asBag(raw);
  const list = Array.isArray(raw) ? raw : Array.isArray(bag?.Tag) ? (bag?.Tag as unknown[]) : undefined;
  if (!list) return Object.fromEntries(Object.entries(bag ?? {}).map(([k, v]) => [k, String(v ?? "")]));
  const out: Record<string, string> = {};
  for (const t of list) {
    const tag = asBag(t) ?? {};
    const k = String(tag.TagKey ?? "");
    if (k) out[k] = String(tag.TagValue ?? "");
  }
  return out;
}

/** A reported value → the program's type. Empty answers ("", null) are absent. */
export function decodeValue(spec: { type: TypeSpec; wire?: Pick<Wire, "decode"> }, raw: unknown): unknown {
  const t = spec.type;
  let v: unknown;
  if (raw === undefined || raw === null || raw === "") v = undefined;
  else
    switch (t.kind) {
      case "string":
      case "enum":
        v = String(raw);
        break;
      case "integer":
      case "number":
        v = Number(raw);
        break;
      case "boolean":
        v = raw === true || raw === "true";
        break;
      case "map":
        v = decodeTags(raw);
        break;
      case "object": {
        const bag = asBag(raw) ?? {};
        const out: Bag = {};
        for (const [name, f] of Object.entries(t.fields)) {
          // A member without a read path is reported under its own name.
          const x = decodeValue(f, f.wire?.read === undefined ? bag[name] : readRaw(f.wire, bag));
          if (x !== undefined) out[name] = x;
        }
        v = Object.keys(out).length ? out : undefined;
        break;
      }
      case "list": {
        // A list arrives as an array, or as a wrapper object holding one array.
        const bag = asBag(raw);
        const list = Array.isArray(raw) ? raw : bag ? (Object.values(bag).find(Array.isArray) ?? []) : [raw];
        v = (list as unknown[]).map((x) => decodeValue({ type: t.items }, x)).filter((x) => x !== undefined);
        break;
      }
    }
  return spec.wire?.decode && v !== undefined ? spec.wire.decode(v) : v;
}

/** The cloud's value of every readable input property. */
export function readInputs(inputs: Inputs, record: Bag): Bag {
  const out: Bag = {};
  for (const [name, p] of Object.entries(inputs)) {
    if (!readable(p)) continue;
    const v = decodeValue(p, readRaw(p.wire, record));
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** The output-only properties reported by the record. */
export function readOutputs(outputs: Readonly<Record<string, OutputSpec>>, record: Bag): Bag {
  const out: Bag = {};
  for (const [name, o] of Object.entries(outputs)) {
    const v = decodeValue(o, readRaw(o.wire, record));
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** ECS reports the property (it has a read mapping and is not write-only). */
export const readable = (p: PropSpec): boolean => p.wire?.read !== undefined && !p.writeOnly;
