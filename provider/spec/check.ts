/** check() derived from a spec: unknown input names, required properties, types (at every depth)
 *  and each property's rules, in that order; absent and unknown (preview) values are never
 *  validated. Failures name the property path once and the rule:
 *   - a top-level, non-secret property: { property: "hostName", reason: "must be 2-64 characters long (got 100)" },
 *     which the engine prints as `property hostName value {…} has a problem: must be …`;
 *   - a nested path or a secret: { property: "", reason: "ingress[0].portRange: must be …" }
 *     (the engine cannot look a nested path up, and a secret's value must never be echoed). */
import type { FieldSpec, Inputs, Rule, RuleContext, TypeSpec } from "./types";
import { containsUnknown, isUnknown } from "./unknown";

export interface CheckFailure {
  property: string;
  reason: string;
}

type Bag = Record<string, unknown>;

export class Checker {
  readonly failures: CheckFailure[] = [];
  #secrets: ReadonlySet<string>;

  constructor(secrets: Iterable<string> = []) {
    this.#secrets = new Set(secrets);
  }

  /** Records that the value at `path` breaks `reason`. */
  fail(path: string, reason: string): void {
    const top = !/[.[]/.test(path);
    if (top && !this.#secrets.has(path)) this.failures.push({ property: path, reason });
    else this.failures.push({ property: "", reason: `${path}: ${reason}` });
  }

  /** Applies rules in order to a known, present value; stops at the first it breaks. */
  check(path: string, value: unknown, at: RuleContext, rules: readonly Rule[]): void {
    if (value === undefined || value === null || containsUnknown(value)) return;
    for (const rule of rules) {
      const reason = rule(value, at);
      if (reason) return this.fail(path, reason);
    }
  }

  required(path: string, value: unknown, why = "is required"): void {
    if (value === undefined || value === null || value === "") this.fail(path, why);
  }

  get ok(): boolean {
    return this.failures.length === 0;
  }
}

/** The reason a value is not of the type, or undefined. Lists and objects are checked member by
 *  member by the caller; here only their own shape. */
function typeProblem(t: TypeSpec, v: unknown): string | undefined {
  switch (t.kind) {
    case "string":
      return typeof v === "string" ? undefined : "must be a string";
    case "enum":
      return typeof v === "string" && t.values.includes(v) ? undefined : `must be one of ${t.values.join(", ")} (got ${JSON.stringify(v)})`;
    case "integer":
      return typeof v === "number" && Number.isInteger(v) ? undefined : "must be a whole number";
    case "number":
      return typeof v === "number" && Number.isFinite(v) ? undefined : "must be a number";
    case "boolean":
      return typeof v === "boolean" ? undefined : "must be true or false";
    case "map":
      if (typeof v !== "object" || v === null || Array.isArray(v)) return "must be a map of strings";
      return Object.values(v).every((x) => typeof x === "string" || isUnknown(x)) ? undefined : "must be a map of strings";
    case "list":
      return Array.isArray(v) ? undefined : "must be a list";
    case "object":
      return typeof v === "object" && v !== null && !Array.isArray(v) ? undefined : "must be an object";
  }
}

/** "Did you mean …" for a misspelt property name. */
function suggestion(name: string, known: readonly string[]): string {
  const lower = name.toLowerCase();
  const close = known.find((k) => k.toLowerCase() === lower || k.toLowerCase().startsWith(lower.slice(0, 4)));
  return close ? ` (did you mean ${close}?)` : "";
}

type Member = Pick<FieldSpec, "type" | "rules" | "required" | "requiredUnless" | "growOnly">;

const absent = (v: unknown): boolean => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);

/** Checks one value of a (member) spec at `path`, recursing into objects and lists. `old` is the
 *  previous value (grow-only sizes). */
function checkValue(c: Checker, path: string, spec: Member, value: unknown, old: unknown, at: RuleContext): void {
  if (spec.required) c.required(path, value);
  // Required unless a sibling is set (known or not: a launch template unknown at preview still provides).
  if (spec.requiredUnless && absent(value) && absent(at.parent[spec.requiredUnless]) && !containsUnknown(at.parent))
    c.fail(path, `${spec.type.kind === "list" ? "needs at least one item" : "is required"} unless ${spec.requiredUnless} is set`);
  if (value === undefined || value === null || isUnknown(value)) return;
  const t = spec.type;
  const problem = typeProblem(t, value);
  if (problem) return c.fail(path, problem);
  if (t.kind === "object") checkObject(c, path, t, value as Bag, old, at.inputs);
  if (t.kind === "list") (value as unknown[]).forEach((item, i) => checkValue(c, `${path}[${i}]`, { type: t.items }, item, undefined, at));
  if (spec.growOnly && typeof value === "number" && typeof old === "number" && value < old)
    return c.fail(path, `cannot shrink from ${old} to ${value} (it only grows); replace the resource to get a smaller one`);
  c.check(path, value, at, spec.rules ?? []);
}

function checkObject(c: Checker, path: string, t: TypeSpec & { kind: "object" }, value: Bag, old: unknown, inputs: Bag): void {
  const names = Object.keys(t.fields);
  for (const k of Object.keys(value)) if (!(k in t.fields)) c.fail(`${path}.${k}`, `is not a member of ${t.name}; expected one of ${names.join(", ")}${suggestion(k, names)}`);
  const prior = old && typeof old === "object" && !Array.isArray(old) ? (old as Bag) : {};
  for (const [name, f] of Object.entries(t.fields)) checkValue(c, `${path}.${name}`, f, value[name], prior[name], { parent: value, inputs });
}

/** Checks every member of `values` against its spec (a resource's inputs, a function's
 *  arguments): unknown names, required ones, types, rules, and the old values where a rule needs
 *  them (grow-only sizes). Hidden members (`__…`, the engine's and the sdk's) are skipped. `owner`
 *  says what the names belong to: "an input of Instance", "an argument of getZones". */
export function checkMembers(c: Checker, owner: string, specs: Readonly<Record<string, Member>>, values: Bag, olds?: Bag): void {
  const names = Object.keys(specs);
  for (const k of Object.keys(values)) if (!k.startsWith("__") && !(k in specs)) c.fail(k, `is not ${owner}${suggestion(k, names)}`);
  for (const [name, p] of Object.entries(specs)) checkValue(c, name, p, values[name], olds?.[name], { parent: values, inputs: values });
}

export const checkInputs = (c: Checker, kind: string, inputs: Inputs, values: Bag, olds?: Bag): void => checkMembers(c, `an input of ${kind}`, inputs, values, olds);
