/** The contract checks: the lines of a wire-contract log (provider/client/contractLog.ts,
 *  emulator/protocol/contractLog.ts) against today's API as the official SDK's models declare it. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ContractLine, JsonType, ValueClass } from "../../emulator/protocol/contractLog";
import { declaredParams, requestShape, responseShape, sdkActions, type Shape } from "./sdkModels";

export type FindingKind = "request" | "read" | "response";

export interface Finding {
  kind: FindingKind;
  action: string;
  /** The parameter (`DataDisk.N.Size`) or field path (`Instances.Instance[].Foo`). */
  name: string;
  problem: string;
  /** Stable identity, used by FINDINGS.md to list known provider findings. */
  key: string;
}

/** `DataDisk.3.Size` → `DataDisk.N.Size`. */
export const normaliseParam = (name: string): string => name.replace(/\.\d+(?=\.|$)/g, ".N");

function finding(kind: FindingKind, action: string, name: string, problem: string): Finding {
  return { kind, action, name, problem, key: name ? `${kind} ${action} ${name}` : `${kind} ${action}` };
}

const describeShape = (s: Shape): string =>
  s.kind === "scalar" ? s.type : s.kind === "model" ? "an object" : s.kind === "array" ? "a list" : "a map";

/** A request parameter against the action's request model: declared, repeat lists expanded, value of the declared type. */
export function checkParam(action: string, name: string, value: ValueClass): Finding | undefined {
  const norm = normaliseParam(name);
  if (!sdkActions().has(action)) return finding("request", action, "", "the action does not exist in today's API");
  let shape = requestShape(action);
  if (!shape) return finding("request", action, "", "no request model for the action");
  for (const seg of name.split(".")) {
    if (shape.kind === "model") {
      const next = shape.fields.get(seg);
      if (!next) return finding("request", action, norm, `not declared by the request model (${shape.name})`);
      shape = next;
    } else if (shape.kind === "array") {
      if (!/^[1-9]\d*$/.test(seg)) return finding("request", action, norm, `a repeat list: items are ${name.slice(0, name.indexOf(seg) - 1)}.N…, not .${seg}`);
      shape = shape.item;
    } else if (shape.kind === "map") {
      shape = shape.value;
    } else {
      return finding("request", action, norm, `declared as a single ${shape.type} value, sent as a list or object (.${seg})`);
    }
  }
  if (shape.kind !== "scalar") {
    const hint = value === "json-array" ? " (sent as a JSON array; the model wants X.N items)" : "";
    return finding("request", action, norm, `declared as ${describeShape(shape)}, sent as one value${hint}`);
  }
  const ok =
    shape.type === "number" ? value === "int" || value === "number" : shape.type === "boolean" ? value === "bool" : true;
  if (!ok) return finding("request", action, norm, `declared ${shape.type}, sent a ${value} value`);
  return undefined;
}

/** `Instances.Instance[].Tags` → ["Instances", "Instance", "[]", "Tags"]. */
function pathTokens(path: string): string[] {
  return path.split(".").flatMap((seg) => {
    const m = /^(.*?)((?:\[\])*)$/.exec(seg)!;
    const out = m[1] ? [m[1]] : [];
    for (let i = 0; i < m[2]!.length / 2; i++) out.push("[]");
    return out;
  });
}

/** Walks a field path through a response model: the declared shape there, or why not. */
export function shapeAt(root: Shape, path: string): Shape | string {
  let shape = root;
  for (const tok of pathTokens(path)) {
    if (tok === "[]") {
      if (shape.kind !== "array") return `a list where the model declares ${describeShape(shape)}`;
      shape = shape.item;
    } else if (shape.kind === "model") {
      const next = shape.fields.get(tok);
      if (!next) return `not declared by ${shape.name}`;
      shape = next;
    } else if (shape.kind === "map") {
      shape = shape.value;
    } else if (shape.kind === "scalar" && shape.type === "any") {
      return shape;
    } else {
      return `a field .${tok} inside ${describeShape(shape)}`;
    }
  }
  return shape;
}

const TYPE_OK: Record<JsonType, (s: Shape) => boolean> = {
  string: (s) => s.kind === "scalar" && (s.type === "string" || s.type === "any"),
  number: (s) => s.kind === "scalar" && (s.type === "number" || s.type === "any"),
  boolean: (s) => s.kind === "scalar" && (s.type === "boolean" || s.type === "any"),
  null: () => false,
  object: (s) => s.kind === "model" || s.kind === "map" || (s.kind === "scalar" && s.type === "any"),
  array: (s) => s.kind === "array" || (s.kind === "scalar" && s.type === "any"),
};

/** A rendered answer field against the action's response model: declared, with the declared type. */
export function checkResponseField(action: string, path: string, type: JsonType): Finding | undefined {
  const root = responseShape(action);
  if (!root) return sdkActions().has(action) ? finding("response", action, "", "no response model") : undefined;
  const at = shapeAt(root, path);
  if (typeof at === "string") return finding("response", action, path, at);
  if (!TYPE_OK[type](at)) return finding("response", action, path, `rendered as ${type}, declared ${describeShape(at)}`);
  return undefined;
}

/** A field the provider reads: declared by the response model. */
export function checkRead(action: string, path: string): Finding | undefined {
  const root = responseShape(action);
  if (!root) return undefined; // the request side already reports an action today's API lacks
  const at = shapeAt(root, path);
  return typeof at === "string" ? finding("read", action, path, at) : undefined;
}

/** Everything the logs of one run say. */
export interface Observations {
  /** client → actions called */
  calls: Map<string, Set<string>>;
  /** `client action` → normalised param → value classes */
  params: Map<string, Map<string, Set<ValueClass>>>;
  /** action → field path → JSON types rendered */
  rendered: Map<string, Map<string, Set<JsonType>>>;
  /** action → field paths the provider read */
  reads: Map<string, Set<string>>;
  /** raw (client, action, name, class) request lines, for the checks */
  requests: Array<{ c: string; a: string; n: string; t: ValueClass }>;
}

const getOr = <K, V>(m: Map<K, V>, k: K, make: () => V): V => {
  let v = m.get(k);
  if (v === undefined) m.set(k, (v = make()));
  return v;
};

export function readLogs(dir: string): Observations {
  const obs: Observations = { calls: new Map(), params: new Map(), rendered: new Map(), reads: new Map(), requests: [] };
  const seen = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".jsonl"))) {
    for (const text of readFileSync(join(dir, file), "utf8").split("\n")) {
      if (!text || seen.has(text)) continue;
      seen.add(text);
      let line: ContractLine;
      try {
        line = JSON.parse(text) as ContractLine;
      } catch {
        continue; // a line cut short by a killed process
      }
      if (line.k === "call") getOr(obs.calls, line.c, () => new Set()).add(line.a);
      else if (line.k === "req") {
        obs.requests.push(line);
        getOr(getOr(obs.params, `${line.c} ${line.a}`, () => new Map()), normaliseParam(line.n), () => new Set()).add(line.t);
      } else if (line.k === "res") getOr(getOr(obs.rendered, line.a, () => new Map()), line.p, () => new Set()).add(line.t);
      else if (line.k === "read") getOr(obs.reads, line.a, () => new Set()).add(line.p);
    }
  }
  return obs;
}

/** Every finding: the provider's requests and reads, and every answer the emulator rendered. */
export function findings(obs: Observations): Finding[] {
  const out = new Map<string, Finding>();
  const add = (f: Finding | undefined): void => {
    if (f && !out.has(f.key)) out.set(f.key, f);
  };
  for (const a of obs.calls.get("provider") ?? []) if (!sdkActions().has(a)) add(finding("request", a, "", "the action does not exist in today's API"));
  for (const r of obs.requests) if (r.c === "provider") add(checkParam(r.a, r.n, r.t));
  for (const [a, paths] of obs.reads) for (const p of paths) add(checkRead(a, p));
  for (const [a, paths] of obs.rendered) for (const [p, types] of paths) for (const t of types) add(checkResponseField(a, p, t));
  return [...out.values()].sort((x, y) => x.key.localeCompare(y.key));
}

export interface CoverageRow {
  action: string;
  /** Distinct parameters (normalised) the provider sent / its request model declares. */
  paramsSent: number;
  paramsDeclared: number;
  /** Distinct field paths the provider read. */
  fieldsRead: number;
  /** Distinct scalar field paths the emulator rendered / the response model's scalar fields. */
  fieldsRendered: number;
  fieldsDeclared: number;
}

export function coverage(obs: Observations): CoverageRow[] {
  const actions = new Set([...(obs.calls.get("provider") ?? []), ...obs.rendered.keys()]);
  return [...actions].sort().map((action) => {
    const req = requestShape(action);
    const res = responseShape(action);
    return {
      action,
      paramsSent: obs.params.get(`provider ${action}`)?.size ?? 0,
      paramsDeclared: req ? declaredParams(req).length : 0,
      fieldsRead: obs.reads.get(action)?.size ?? 0,
      fieldsRendered: [...(obs.rendered.get(action)?.values() ?? [])].filter((types) => [...types].some((t) => t !== "object" && t !== "array")).length,
      fieldsDeclared: res ? leafCount(res) : 0,
    };
  });
}

function leafCount(s: Shape, depth = 0): number {
  if (depth > 12) return 0;
  if (s.kind === "model") return [...s.fields.values()].reduce((n, f) => n + leafCount(f, depth + 1), 0);
  if (s.kind === "array") return leafCount(s.item, depth + 1);
  if (s.kind === "map") return leafCount(s.value, depth + 1);
  return 1;
}

export function coverageTable(rows: CoverageRow[], obs: Observations): string {
  const pad = (s: string | number, n: number): string => String(s).padEnd(n);
  const lines = [
    `${pad("action", 36)} ${pad("params sent/declared", 21)} ${pad("fields read", 12)} ${pad("fields rendered/declared", 24)}`,
  ];
  for (const r of rows)
    lines.push(`${pad(r.action, 36)} ${pad(`${r.paramsSent}/${r.paramsDeclared}`, 21)} ${pad(r.fieldsRead, 12)} ${pad(`${r.fieldsRendered}/${r.fieldsDeclared}`, 24)}`);
  const provider = obs.calls.get("provider") ?? new Set();
  const sum = (f: (r: CoverageRow) => number): number => rows.reduce((n, r) => n + f(r), 0);
  lines.push(
    `provider: ${provider.size} actions, ${sum((r) => r.paramsSent)} distinct parameters sent, ${sum((r) => r.fieldsRead)} distinct fields read; ` +
      `emulator: ${obs.rendered.size} actions answered, ${sum((r) => r.fieldsRendered)} distinct fields rendered`,
  );
  return lines.join("\n");
}
