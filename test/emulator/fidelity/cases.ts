/** Table-driven fidelity cases: per action, a base request that succeeds against the world, the cases
 *  written from the reference (each with the reference line it comes from), and the cases generated
 *  from the action's declared parameters (emulator/responses/spec.ts): a value outside an enumeration,
 *  an integer below or above its range, a non-integer, a non-boolean, too many items, a required
 *  parameter left out — each must answer the declared code and HTTP status. */
import type { Action, Param } from "../../../emulator/responses/spec";
import type { Params, ParamValue } from "../../../provider/client/params";
import type { EmulatorAdmin } from "../../../emulator";
import type { StsAdmin } from "../../../emulator/sts/service";
import type { Caller, World } from "./world";

export type Expectation = { code: string; status: number } | { ok: true; check?: (body: Record<string, any>, w: World, call: Caller) => unknown };

export interface FidelityCase {
  name: string;
  /** Parameters over the base request; an undefined value removes a base parameter. */
  params?: (w: World) => Params;
  /** Replaces the base request entirely. */
  request?: (w: World) => Params;
  /** Further preparation of the world before the call; parameters it returns go over the request. */
  setup?: (w: World, call: Caller, admin: EmulatorAdmin, sts: StsAdmin) => Promise<Params | void>;
  expect: Expectation;
  /** The reference line the expectation comes from (003:<line>), or "today" for today's API. */
  ref?: number | "today";
}

export interface ActionTable {
  /** A request that succeeds against the world. */
  base: (w: World) => Params;
  cases: FidelityCase[];
}

const ref = (r: { code: string; status?: number } | undefined, fallback: string): { code: string; status: number } => ({ code: r?.code ?? fallback, status: r?.status ?? 400 });

/** Removes top-level keys whose value is undefined (a case's way to leave a base parameter out). */
export function merge(base: Params, over: Params): Params {
  const out: Params = { ...base, ...over };
  for (const [k, v] of Object.entries(out)) if (v === undefined) delete out[k];
  return out;
}

/** Cases for one parameter rule at a wire position: `place` puts a value there in the base request. */
function casesFor(name: string, rule: Param, place: (v: ParamValue | undefined) => (w: World) => Params, required: boolean): FidelityCase[] {
  const out: FidelityCase[] = [];
  const bad = ref(rule.invalid, "InvalidParameter");
  if (rule.type === "string" && rule.values && !rule.aliases)
    out.push({ name: `${name}: a value outside ${rule.values.slice(0, 4).join("|")}${rule.values.length > 4 ? "|…" : ""}`, params: place("__not-a-value__"), expect: bad });
  if (rule.type === "integer") {
    out.push({ name: `${name}: not an integer`, params: place("1.5"), expect: bad });
    if (rule.min !== undefined) out.push({ name: `${name}: ${rule.min - 1}, below ${rule.min}`, params: place(rule.min - 1), expect: bad });
    if (rule.max !== undefined) out.push({ name: `${name}: ${rule.max + 1}, above ${rule.max}`, params: place(rule.max + 1), expect: bad });
  }
  if (rule.type === "number") {
    out.push({ name: `${name}: not a number`, params: place("eight"), expect: bad });
    if (rule.min !== undefined) out.push({ name: `${name}: ${rule.min - 0.5}, below ${rule.min}`, params: place(rule.min - 0.5), expect: bad });
    if (rule.max !== undefined) out.push({ name: `${name}: ${rule.max + 0.5}, above ${rule.max}`, params: place(rule.max + 0.5), expect: bad });
  }
  if (rule.type === "boolean") out.push({ name: `${name}: not a boolean`, params: place("maybe"), expect: bad });
  if ((rule.type === "list" || rule.type === "objects") && rule.maxItems !== undefined && rule.maxItems <= 200) {
    const item = rule.type === "list" ? "x" : { Key: "k" };
    out.push({
      name: `${name}: ${rule.maxItems + 1} items, more than ${rule.maxItems}`,
      params: place(Array.from({ length: rule.maxItems + 1 }, (_, i) => (typeof item === "string" ? `${item}${i}` : { ...item, Key: `k${i}` }))),
      expect: ref(rule.tooMany ?? rule.invalid, "InvalidParameter"),
    });
  }
  if (rule.type === "json-list" && rule.maxItems !== undefined)
    out.push({ name: `${name}: ${rule.maxItems + 1} ids, more than ${rule.maxItems}`, params: place(JSON.stringify(Array.from({ length: rule.maxItems + 1 }, (_, i) => `id-${i}`))), expect: ref(rule.tooMany ?? rule.invalid, "InvalidParameter") });
  if (rule.required && required) out.push({ name: `${name}: left out`, params: place(undefined), expect: ref(rule.missing, "MissingParameter") });
  return out;
}

/** The cases an action's declared parameters imply. */
export function generatedCases(action: Action, base: (w: World) => Params): FidelityCase[] {
  const out: FidelityCase[] = [];
  for (const [name, rule] of Object.entries(action.spec.params ?? {})) {
    if (name === "RegionId") {
      // Every action that takes a region checks it against the catalogue.
      out.push({ name: "RegionId: a region the catalogue does not have", params: () => ({ RegionId: "xx-nowhere-1" }), expect: { code: "InvalidRegionId.NotFound", status: 404 } });
      if (rule.required) out.push({ name: "RegionId: left out", params: () => ({ RegionId: undefined }), expect: ref(rule.missing, "MissingParameter") });
      continue;
    }
    if (rule.type === "object") {
      for (const [field, sub] of Object.entries(rule.fields ?? {}))
        out.push(...casesFor(`${name}.${field}`, sub, (v) => (w) => ({ [name]: { ...(base(w)[name] as object), [field]: v } }), true));
      continue;
    }
    if (rule.type === "objects" && rule.fields) {
      // Item 1 with only the field under test (plus the item's required fields, when testing another one).
      const requiredFields = Object.entries(rule.fields).filter(([, r]) => r.required);
      for (const [field, sub] of Object.entries(rule.fields)) {
        const filler = (w: World): Record<string, ParamValue> => {
          const baseItem = ((base(w)[name] as Array<Record<string, ParamValue>> | undefined) ?? [])[0] ?? {};
          return Object.fromEntries(requiredFields.map(([f]) => [f, baseItem[f] ?? validFiller(rule.fields![f]!)]));
        };
        out.push(
          ...casesFor(`${name}.1.${field}`, sub, (v) => (w) => ({ [name]: [{ ...filler(w), [field]: v }] }), true).filter((c) => !c.name.endsWith("left out")),
        );
        if (sub.required) out.push({ name: `${name}.1.${field}: left out`, params: (w) => ({ [name]: [Object.fromEntries(Object.entries(filler(w)).filter(([f]) => f !== field).concat([["Description", "an item without it"]]))] }), expect: ref(sub.missing, "MissingParameter") });
      }
    }
    out.push(...casesFor(name, rule, (v) => () => ({ [name]: v }), true));
  }
  return out;
}

/** A value that satisfies a rule, for filling an item's other required fields. */
function validFiller(rule: Param): ParamValue {
  if (rule.default !== undefined) return rule.default;
  if (rule.values) return rule.values[0];
  if (rule.type === "integer") return rule.min ?? 40;
  if (rule.type === "boolean") return true;
  return "x";
}
