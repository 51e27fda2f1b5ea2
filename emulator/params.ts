/** Typed readers over the flat wire parameters; every failure is the ECS error naming the parameter. */
import { ApiError, invalidParameter, missingParameter } from "./errors";
import type { Tag } from "./state";

interface Common<T> {
  required?: boolean;
  default?: T;
}

export class ParamReader {
  constructor(readonly raw: Readonly<Record<string, string>>) {}

  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== "";
  }

  str(name: string, opts: Common<string> & { maxLength?: number; minLength?: number; pattern?: RegExp; rule?: string } = {}): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === "") {
      if (opts.required) throw missingParameter(name);
      return opts.default;
    }
    if (opts.maxLength !== undefined && v.length > opts.maxLength) throw invalidParameter(name, opts.rule ?? `It must be at most ${opts.maxLength} characters long.`);
    if (opts.minLength !== undefined && v.length < opts.minLength) throw invalidParameter(name, opts.rule ?? `It must be at least ${opts.minLength} characters long.`);
    if (opts.pattern && !opts.pattern.test(v)) throw invalidParameter(name, opts.rule);
    return v;
  }

  /** Like str() with required: true; the return type says so. */
  need(name: string, opts: { maxLength?: number; pattern?: RegExp; rule?: string } = {}): string {
    return this.str(name, { ...opts, required: true }) as string;
  }

  int(name: string, opts: Common<number> & { min?: number; max?: number } = {}): number | undefined {
    const v = this.raw[name];
    if (v === undefined || v === "") {
      if (opts.required) throw missingParameter(name);
      return opts.default;
    }
    if (!/^-?\d+$/.test(v.trim())) throw invalidParameter(name, "It must be an integer.");
    const n = Number(v);
    if (opts.min !== undefined && n < opts.min) throw invalidParameter(name, `It must be at least ${opts.min}.`);
    if (opts.max !== undefined && n > opts.max) throw invalidParameter(name, `It must be at most ${opts.max}.`);
    return n;
  }

  bool(name: string, opts: Common<boolean> = {}): boolean | undefined {
    const v = this.raw[name];
    if (v === undefined || v === "") {
      if (opts.required) throw missingParameter(name);
      return opts.default;
    }
    const lower = v.toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
    throw invalidParameter(name, "It must be true or false.");
  }

  enumOf<T extends string>(name: string, values: readonly T[], opts: Common<T> & { code?: string; httpStatus?: number } = {}): T | undefined {
    const v = this.str(name, { required: opts.required });
    if (v === undefined) return opts.default;
    if (!(values as readonly string[]).includes(v)) {
      if (opts.code) throw new ApiError(opts.code, `The specified ${name} "${v}" is not valid.`, opts.httpStatus ?? 400);
      throw invalidParameter(name, `Valid values: ${values.join(", ")}.`);
    }
    return v as T;
  }

  /** RepeatList of scalars: X.1, X.2 … (gaps end the list, as ECS reads them). */
  list(name: string, opts: { max?: number } = {}): string[] {
    const out: string[] = [];
    for (let i = 1; ; i++) {
      const v = this.raw[`${name}.${i}`];
      if (v === undefined) break;
      out.push(v);
    }
    if (opts.max !== undefined && out.length > opts.max) throw invalidParameter(`${name}.N`, `At most ${opts.max} items are allowed.`);
    return out;
  }

  /** RepeatList of objects: X.N.Field → [{ Field: v }], 1-based, in index order. Sparse indexes are kept in order. */
  objects(name: string, opts: { max?: number } = {}): Array<Record<string, string>> {
    const byIndex = new Map<number, Record<string, string>>();
    const prefix = `${name}.`;
    for (const [k, v] of Object.entries(this.raw)) {
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
    const out = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
    if (opts.max !== undefined && out.length > opts.max) throw invalidParameter(`${name}.N`, `At most ${opts.max} items are allowed.`);
    return out;
  }

  /** A JSON-array parameter such as InstanceIds=["i-1","i-2"]; also accepts the RepeatList form X.N
   *  and a bare comma-free single value, since SDK versions send either. */
  jsonList(name: string, opts: { max?: number } = {}): string[] | undefined {
    const v = this.raw[name];
    let out: string[] | undefined;
    if (v !== undefined && v !== "") {
      const t = v.trim();
      if (t.startsWith("[")) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(t);
        } catch {
          throw invalidParameter(name, "It must be a JSON array of strings.");
        }
        if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === "string" || typeof x === "number"))
          throw invalidParameter(name, "It must be a JSON array of strings.");
        out = parsed.map(String);
      } else {
        out = [t];
      }
    } else {
      const repeated = this.list(name);
      if (repeated.length) out = repeated;
    }
    if (out && opts.max !== undefined && out.length > opts.max) throw invalidParameter(name, `At most ${opts.max} items are allowed.`);
    return out;
  }

  /** Tag.N.Key / Tag.N.Value, with the reference's tag rules: at most `max` tags; a key is 1–64
   *  characters, a value 0–128; neither may begin with "aliyun", "acs:", "http://" or "https://". */
  tags(name = "Tag", opts: { max?: number; allowEmptyKey?: boolean } = {}): Tag[] {
    const max = opts.max ?? 20;
    const items = this.objects(name);
    if (items.length > max) throw new ApiError("InvalidTagCount", `The number of tags must not exceed ${max}.`, 400);
    const tags: Tag[] = [];
    items.forEach((o, i) => {
      const key = o.Key ?? "";
      const value = o.Value ?? "";
      const n = i + 1;
      if (!key && !opts.allowEmptyKey) throw new ApiError("InvalidTagKey.Malformed", `The specified parameter "${name}.${n}.Key" is not valid: a tag key must not be empty.`, 400);
      if (key.length > TAG_KEY_MAX || RESERVED_TAG_PREFIX.test(key))
        throw new ApiError("InvalidTagKey.Malformed", `The specified parameter "${name}.${n}.Key" is not valid: ${TAG_KEY_RULE}`, 400);
      if (value.length > TAG_VALUE_MAX || RESERVED_TAG_PREFIX.test(value))
        throw new ApiError("InvalidTagValue.Malformed", `The specified parameter "${name}.${n}.Value" is not valid: ${TAG_VALUE_RULE}`, 400);
      if (key) tags.push({ Key: key, Value: value });
    });
    const keys = new Set(tags.map((t) => t.Key));
    if (keys.size !== tags.length) throw new ApiError("InvalidTagKey.Duplicate", `The specified parameter "${name}" contains a duplicate tag key.`, 400);
    return tags;
  }
}

export const TAG_KEY_MAX = 64;
export const TAG_VALUE_MAX = 128;
/** The reference: keys and values "cannot begin with aliyun, acs:, http:// or https://" (as written, case-sensitive). */
const RESERVED_TAG_PREFIX = /^(aliyun|acs:|https?:\/\/)/;
const TAG_KEY_RULE = `a tag key is 1 to ${TAG_KEY_MAX} characters long and cannot begin with "aliyun", "acs:", "http://" or "https://".`;
const TAG_VALUE_RULE = `a tag value is at most ${TAG_VALUE_MAX} characters long and cannot begin with "aliyun", "acs:", "http://" or "https://".`;

/** Does `tags` contain every filter tag? An empty filter value matches any value of that key. */
export function matchesTags(tags: readonly Tag[], filter: readonly Tag[]): boolean {
  return filter.every((f) => tags.some((t) => t.Key === f.Key && (f.Value === "" || f.Value === undefined || t.Value === f.Value)));
}

/** Merge tags by key (AddTags semantics): new values replace old ones. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const out = existing.filter((t) => !added.some((a) => a.Key === t.Key));
  return [...out, ...added];
}

/** The reference's name rule for InstanceName, disk names, group names…: 2–128 chars, starts with a
 *  letter or Chinese character, no http:// or https://, letters digits : _ - . (and , for some). */
export const NAME_PATTERN = /^(?!https?:\/\/)[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5:_.,\-]{1,127}$/;
export const NAME_RULE = "It must be 2 to 128 characters long, start with a letter or a Chinese character, and contain only letters, digits, colons (:), underscores (_), periods (.), commas (,) and hyphens (-); it cannot start with http:// or https://.";
export const DESCRIPTION_RULE = "It must be 2 to 256 characters long and cannot start with http:// or https://.";

/** An instance or disk description: at most 256 characters, not starting with http:// or https://;
 *  `code` is the action's error code. */
export function readDescription(p: ParamReader, name: string, code: string): string | undefined {
  const v = p.str(name);
  if (v !== undefined && (v.length > 256 || /^https?:\/\//.test(v)))
    throw new ApiError(code, `The specified parameter "${name}" is not valid: at most 256 characters, not starting with http:// or https://.`, 400);
  return v;
}

export function readName(p: ParamReader, name: string, code?: string): string | undefined {
  const v = p.str(name);
  if (v === undefined) return undefined;
  if (!NAME_PATTERN.test(v)) {
    if (code) throw new ApiError(code, `The specified parameter "${name}" is not valid. ${NAME_RULE}`, 400);
    throw invalidParameter(name, NAME_RULE);
  }
  return v;
}
