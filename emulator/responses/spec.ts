/** The action table's entries: each action is its handler plus a declarative description of its
 *  request — every wire parameter it reads, with type, requiredness, default, enumeration, range and
 *  the error code and HTTP status the reference gives for a bad value. The table validates requests
 *  before the handler runs, generates emulator/README.md, drives the table-driven tests, and is
 *  checked against the official SDK's request models (names and types). */
import { ApiError } from "../errors";
import type { ResourceKind } from "../kinds";
import { ParamReader, parseJsonList, repeated, repeatedObjects } from "./params";
import type { ActionContext, Handler } from "./types";

/** An error the reference names: code and HTTP status (default 400). */
export interface ErrorRef {
  code: string;
  status?: number;
}

export type ParamType =
  /** one value */
  | "string"
  | "integer"
  /** a decimal number (Memory=8.0) */
  | "number"
  | "boolean"
  /** a JSON array in one parameter: InstanceIds=["i-1","i-2"] (also accepted: X.N items, one bare value) */
  | "json-list"
  /** a repeat list of values: X.1, X.2 … */
  | "list"
  /** a repeat list of objects: X.1.Field … */
  | "objects"
  /** one object: X.Field */
  | "object";

export interface Param {
  type: ParamType;
  required?: boolean;
  /** What ECS assumes when the parameter is absent (documentation, and what handlers read). */
  default?: string | number | boolean;
  /** Allowed values (strings; compared exactly unless ignoreCase). */
  values?: readonly string[];
  ignoreCase?: boolean;
  /** integer, number: value range. */
  min?: number;
  max?: number;
  /** list, objects, json-list: at most this many items. */
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: RegExp;
  /** A rule from the shared limits (provider/spec/limits.ts): the problem with a value, or undefined. */
  check?: (value: string) => string | undefined;
  /** The error for a value that breaks the rules (default InvalidParameter, 400). */
  invalid?: ErrorRef;
  /** The error for too many items (default: `invalid`). */
  tooMany?: ErrorRef;
  /** The error when a required parameter is absent (default MissingParameter, 400). */
  missing?: ErrorRef;
  /** objects / object: the fields of each item. */
  fields?: Readonly<Record<string, Param>>;
  /** list: the rule of each item. */
  item?: Param;
  /** Other wire names accepted for it (a 2019 reference name today's API renamed); the first present wins. */
  aliases?: readonly string[];
  /** One line for the README. */
  doc?: string;
  /** Why the emulator takes a parameter today's API does not declare (a 2019 name, the one-endpoint emulator's RegionId). */
  notToday?: string;
}

export type Params = Readonly<Record<string, Param>>;

export interface ActionSpec {
  /** The resource kind it acts on (README grouping); "catalog" for regions, zones, images, types. */
  kind: ResourceKind | "catalog" | "tag" | "network";
  /** What it does, one sentence. */
  summary: string;
  params?: Params;
  /** The state rules it enforces and behaviours worth knowing, one line each (README). */
  notes?: readonly string[];
  /** Another action whose handler this one shares (ModifyDeploymentSetAttributes → …Attribute). */
  aliasOf?: string;
  /** Parameters read by the handler itself because they depend on other values (RunInstances with a
   *  launch template): validation is then the handler's job (validateParams). */
  validatesItself?: boolean;
}

export type Action = Handler & { readonly spec: ActionSpec };

/** An action: `handle` runs with a request already validated against `spec.params` (aliases resolved
 *  to their canonical name, so handlers read one name). */
export function action(spec: ActionSpec, handle: Handler): Action {
  const run = (ctx: ActionContext) => {
    const raw = spec.validatesItself ? ctx.params.raw : validateParams(spec.params ?? {}, ctx.params.raw);
    return handle({ ...ctx, params: new ParamReader(raw, spec.params) });
  };
  return Object.assign(run, { spec });
}

/** The same handler under a second name (the spec says which). */
export function alias(of: string, target: Action): Action {
  return Object.assign((ctx: ActionContext) => target(ctx), { spec: { ...target.spec, aliasOf: of } });
}

const errorOf = (ref: ErrorRef | undefined, fallback: ErrorRef, message: string): ApiError => {
  const e = ref ?? fallback;
  return new ApiError(e.code, message, e.status ?? 400);
};

function invalid(name: string, rule: Param, why: string): ApiError {
  return errorOf(rule.invalid, { code: "InvalidParameter" }, `The specified parameter "${name}" is not valid: ${why}.`);
}

function missing(name: string, rule: Param): ApiError {
  return errorOf(rule.missing, { code: "MissingParameter" }, `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
}

function checkValue(name: string, value: string, rule: Param): void {
  switch (rule.type) {
    case "integer": {
      if (!/^-?\d+$/.test(value.trim())) throw invalid(name, rule, `"${value}" is not an integer`);
      const n = Number(value);
      if (rule.min !== undefined && n < rule.min) throw invalid(name, rule, `it must be at least ${rule.min}`);
      if (rule.max !== undefined && n > rule.max) throw invalid(name, rule, `it must be at most ${rule.max}`);
      return;
    }
    case "number": {
      if (!/^-?\d+(\.\d+)?$/.test(value.trim())) throw invalid(name, rule, `"${value}" is not a number`);
      const n = Number(value);
      if (rule.min !== undefined && n < rule.min) throw invalid(name, rule, `it must be at least ${rule.min}`);
      if (rule.max !== undefined && n > rule.max) throw invalid(name, rule, `it must be at most ${rule.max}`);
      return;
    }
    case "boolean":
      if (!/^(true|false)$/i.test(value)) throw invalid(name, rule, "it must be true or false");
      return;
    default: {
      if (rule.values) {
        const ok = rule.ignoreCase ? rule.values.some((v) => v.toLowerCase() === value.toLowerCase()) : rule.values.includes(value);
        if (!ok) throw invalid(name, rule, `valid values are ${rule.values.join(", ")}`);
      }
      if (rule.minLength !== undefined && value.length < rule.minLength) throw invalid(name, rule, `it must be at least ${rule.minLength} characters long`);
      if (rule.maxLength !== undefined && value.length > rule.maxLength) throw invalid(name, rule, `it must be at most ${rule.maxLength} characters long`);
      if (rule.pattern && !rule.pattern.test(value)) throw invalid(name, rule, "it does not have the required form");
      const problem = rule.check?.(value);
      if (problem) throw invalid(name, rule, problem);
    }
  }
}

function validateOne(raw: Readonly<Record<string, string>>, name: string, given: Param, optional: boolean): void {
  const rule = optional && given.required ? { ...given, required: false } : given;
  switch (rule.type) {
    case "list": {
      const items = repeated(raw, name);
      if (!items.length && rule.required) throw missing(`${name}.N`, rule);
      if (rule.maxItems !== undefined && items.length > rule.maxItems)
        throw errorOf(rule.tooMany ?? rule.invalid, { code: "InvalidParameter" }, `The specified parameter "${name}.N" is not valid: at most ${rule.maxItems} items are allowed.`);
      if (rule.item) for (const [k, v] of items) if (v !== "") checkValue(k, v, rule.item);
      return;
    }
    case "objects": {
      const indexes = repeatedObjects(raw, name).map((o) => o.index);
      if (!indexes.length && rule.required) throw missing(`${name}.N`, rule);
      if (rule.maxItems !== undefined && indexes.length > rule.maxItems)
        throw errorOf(rule.tooMany ?? rule.invalid, { code: "InvalidParameter" }, `The specified parameter "${name}.N" is not valid: at most ${rule.maxItems} items are allowed.`);
      for (const n of indexes) for (const [field, sub] of Object.entries(rule.fields ?? {})) validateOne(raw, `${name}.${n}.${field}`, sub, optional);
      return;
    }
    case "object":
      for (const [field, sub] of Object.entries(rule.fields ?? {})) validateOne(raw, `${name}.${field}`, sub, optional);
      return;
    case "json-list": {
      const items = parseJsonList(raw, name, (why) => invalid(name, rule, why));
      if (!items?.length && rule.required) throw missing(name, rule);
      if (items && rule.maxItems !== undefined && items.length > rule.maxItems)
        throw errorOf(rule.tooMany ?? rule.invalid, { code: "InvalidParameter" }, `The specified parameter "${name}" is not valid: at most ${rule.maxItems} items are allowed.`);
      return;
    }
    default: {
      const v = raw[name];
      if (v === undefined || v === "") {
        if (rule.required) throw missing(name, rule);
        return;
      }
      checkValue(name, v, rule);
    }
  }
}

/** Checks a request against an action's parameters, in declaration order; returns the parameters
 *  with every alias renamed to its canonical name. `partial`: what is present is checked, nothing
 *  is required yet (RunInstances: a launch template may supply the rest). */
export function validateParams(params: Params, raw: Readonly<Record<string, string>>, partial = false): Record<string, string> {
  let out: Record<string, string> | undefined;
  for (const [name, rule] of Object.entries(params)) {
    if (rule.aliases && (raw[name] === undefined || raw[name] === "")) {
      const used = rule.aliases.find((a) => raw[a] !== undefined && raw[a] !== "");
      if (used) {
        out ??= { ...raw };
        out[name] = raw[used]!;
      }
    }
    validateOne(out ?? raw, name, rule, partial);
  }
  return out ?? { ...raw };
}

/** Short constructors for parameter rules. */
export const P = {
  string: (o: Omit<Param, "type"> = {}): Param => ({ type: "string", ...o }),
  integer: (o: Omit<Param, "type"> = {}): Param => ({ type: "integer", ...o }),
  number: (o: Omit<Param, "type"> = {}): Param => ({ type: "number", ...o }),
  boolean: (o: Omit<Param, "type"> = {}): Param => ({ type: "boolean", ...o }),
  jsonList: (o: Omit<Param, "type"> = {}): Param => ({ type: "json-list", ...o }),
  list: (o: Omit<Param, "type"> = {}): Param => ({ type: "list", ...o }),
  objects: (fields: Readonly<Record<string, Param>>, o: Omit<Param, "type" | "fields"> = {}): Param => ({ type: "objects", fields, ...o }),
  object: (fields: Readonly<Record<string, Param>>, o: Omit<Param, "type" | "fields"> = {}): Param => ({ type: "object", fields, ...o }),
};

/** RegionId, required (the region is checked against the catalogue by the handler: InvalidRegionId.NotFound). */
export const REGION_ID: Params = { RegionId: P.string({ required: true, doc: "a catalogue region" }) };
/** RegionId for actions the cloud routes by endpoint: without it, the region holding the named resource. */
export const REGION_ID_OPTIONAL: Params = {
  RegionId: P.string({
    doc: "optional: without it, the region holding the resource",
    notToday: "today's API takes the region from the endpoint; the emulator serves every region on one endpoint, so RegionId, when sent, picks it",
  }),
};

/** PageNumber / PageSize paging. */
export function pageParams(maxSize: number, defaultSize = 10): Params {
  return {
    PageNumber: P.integer({ min: 1, default: 1 }),
    PageSize: P.integer({ min: 1, max: maxSize, default: defaultSize }),
  };
}

/** NextToken / MaxResults paging. */
export function tokenParams(maxResults: number, defaultResults = 10): Params {
  return {
    NextToken: P.string({ invalid: { code: "InvalidParameter.NextToken" }, doc: "the previous page's NextToken" }),
    MaxResults: P.integer({ min: 1, max: maxResults, default: defaultResults }),
  };
}

/** Tag.N.Key / Tag.N.Value. */
export const TAG_PARAMS = (name = "Tag", doc = "tags"): Params => ({ [name]: P.objects({ Key: P.string(), Value: P.string() }, { doc }) });
