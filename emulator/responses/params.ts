/** Typed readers over the flat wire parameters; every failure is the ECS error naming the parameter. */
import { TAGS, tagKeyProblem, tagValueProblem } from "../../provider/spec/limits";
import { ApiError, invalidParameter, missingParameter } from "../errors";
import type { Tag } from "../state";
import type { Param, Params } from "./spec";

/** X.1, X.2 … in `raw`, in index order (gaps end the list, as ECS reads them): [wire name, value]. */
export function repeated(raw: Readonly<Record<string, string>>, name: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 1; raw[`${name}.${i}`] !== undefined; i++) out.push([`${name}.${i}`, raw[`${name}.${i}`]!]);
  return out;
}

/** X.N.Field → [{ Field: v }], 1-based, in index order; sparse indexes are kept in order. */
export function repeatedObjects(raw: Readonly<Record<string, string>>, name: string): Array<{ index: number; fields: Record<string, string> }> {
  const byIndex = new Map<number, Record<string, string>>();
  const prefix = `${name}.`;
  for (const [k, v] of Object.entries(raw)) {
    if (!k.startsWith(prefix)) continue;
    const rest = k.slice(prefix.length);
    const dot = rest.indexOf(".");
    if (dot < 0) continue;
    const idx = Number(rest.slice(0, dot));
    if (!Number.isInteger(idx) || idx < 1) continue;
    let o = byIndex.get(idx);
    if (!o) byIndex.set(idx, (o = {}));
    o[rest.slice(dot + 1)] = v;
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([index, fields]) => ({ index, fields }));
}

/** A JSON-array parameter such as InstanceIds=["i-1","i-2"]; also the RepeatList form X.N and one bare
 *  value, since SDK versions send either. Undefined when absent; `invalid` when it is not a list of strings. */
export function parseJsonList(raw: Readonly<Record<string, string>>, name: string, invalid: (why: string) => Error): string[] | undefined {
  const v = raw[name];
  if (v === undefined || v === "") {
    const rep = repeated(raw, name);
    return rep.length ? rep.map((e) => e[1]) : undefined;
  }
  const t = v.trim();
  if (!t.startsWith("[")) return [t];
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch {
    throw invalid("it must be a JSON array of strings");
  }
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === "string" || typeof x === "number")) throw invalid("it must be a JSON array of strings");
  return parsed.map(String);
}

/** Reads the wire parameters of a request that its action's spec has validated (spec.ts): values are
 *  known to have their declared form, and absent ones read as the spec's default. */
export class ParamReader {
  constructor(
    readonly raw: Readonly<Record<string, string>>,
    private readonly spec?: Params,
  ) {}

  private value(name: string): string | undefined {
    const v = this.raw[name];
    return v === undefined || v === "" ? undefined : v;
  }

  /** The rule of a wire name, nested ones included (SystemDisk.Category, DataDisk.2.Size). */
  private ruleOf(name: string): Param | undefined {
    const direct = this.spec?.[name];
    if (direct || !this.spec) return direct;
    const [head, ...rest] = name.split(".");
    let rule: Param | undefined = this.spec[head!];
    for (const seg of rest) {
      if (!rule) return undefined;
      if (rule.type === "objects" && /^\d+$/.test(seg)) continue;
      rule = rule.fields?.[seg];
    }
    return rule;
  }

  private fallback<T>(name: string, type: "string" | "number" | "boolean"): T | undefined {
    const d = this.ruleOf(name)?.default;
    return typeof d === type ? (d as T) : undefined;
  }

  has(name: string): boolean {
    return this.value(name) !== undefined;
  }

  str(name: string): string | undefined {
    return this.value(name) ?? this.fallback<string>(name, "string");
  }

  /** A parameter the handler cannot do without: MissingParameter when absent. */
  need(name: string): string {
    const v = this.str(name);
    if (v === undefined) throw missingParameter(name);
    return v;
  }

  int(name: string): number | undefined {
    const v = this.value(name);
    if (v === undefined) return this.fallback<number>(name, "number");
    if (!/^-?\d+$/.test(v.trim())) throw invalidParameter(name, "It must be an integer.");
    return Number(v);
  }

  num(name: string): number | undefined {
    const v = this.value(name);
    if (v === undefined) return this.fallback<number>(name, "number");
    if (!/^-?\d+(\.\d+)?$/.test(v.trim())) throw invalidParameter(name, "It must be a number.");
    return Number(v);
  }

  bool(name: string): boolean | undefined {
    const v = this.value(name);
    if (v === undefined) return this.fallback<boolean>(name, "boolean");
    const lower = v.toLowerCase();
    if (lower !== "true" && lower !== "false") throw invalidParameter(name, "It must be true or false.");
    return lower === "true";
  }

  /** RepeatList of scalars: X.1, X.2 … */
  list(name: string): string[] {
    return repeated(this.raw, name).map((e) => e[1]);
  }

  /** RepeatList of objects: X.N.Field → [{ Field: v }], in index order. */
  objects(name: string): Array<Record<string, string>> {
    return repeatedObjects(this.raw, name).map((o) => o.fields);
  }

  jsonList(name: string): string[] | undefined {
    return parseJsonList(this.raw, name, (why) => invalidParameter(name, why));
  }

  /** Tag.N.Key / Tag.N.Value with ECS's tag rules (limits TAGS: at most 20, key 1-128 characters, value
   *  0-128, no aliyun/acs: prefixes, no http(s)://); duplicate keys are refused. */
  tags(name = "Tag", opts: { max?: number } = {}): Tag[] {
    const max = opts.max ?? TAGS.maxPerResource;
    const items = this.objects(name);
    if (items.length > max) throw new ApiError("InvalidTagCount", `The number of tags must not exceed ${max}.`, 400);
    const tags: Tag[] = [];
    items.forEach((o, i) => {
      const key = o.Key ?? "";
      const value = o.Value ?? "";
      const n = i + 1;
      if (!key && o.Value !== undefined) throw new ApiError("InvalidTag.Mismatch", `The specified ${name}.${n}.Key and ${name}.${n}.Value are not match: a value needs a key.`, 400);
      const keyProblem = tagKeyProblem(key);
      if (keyProblem) throw new ApiError("InvalidTagKey.Malformed", `The specified parameter "${name}.${n}.Key" is not valid: ${keyProblem}.`, 400);
      const valueProblem = tagValueProblem(key, value);
      if (valueProblem) throw new ApiError("InvalidTagValue.Malformed", `The specified parameter "${name}.${n}.Value" is not valid: ${valueProblem}.`, 400);
      tags.push({ Key: key, Value: value });
    });
    const keys = new Set(tags.map((t) => t.Key));
    if (keys.size !== tags.length) throw new ApiError("InvalidTagKey.Duplicate", `The specified parameter "${name}" contains a duplicate tag key.`, 400);
    return tags;
  }
}

/** Does `tags` contain every filter tag? An empty filter value matches any value of that key. */
export function matchesTags(tags: readonly Tag[], filter: readonly Tag[]): boolean {
  return filter.every((f) => tags.some((t) => t.Key === f.Key && (f.Value === "" || f.Value === undefined || t.Value === f.Value)));
}
