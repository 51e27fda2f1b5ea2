/** What the emulator adds to the wire-contract log (provider/client/contractLog.ts; ECS_CONTRACT_LOG_DIR,
 *  test runs only): one line per distinct (client, action, parameter, value class) of a request and per
 *  distinct (action, field path, JSON type) of a successful answer. test/contract checks the lines
 *  against the official SDK's models after the whole run; the emulator never reads them. */
import { ContractLog } from "../../provider/client/contractLog";

/** A request parameter's value class (what a declared type is checked against). */
export type ValueClass = "empty" | "int" | "number" | "bool" | "json-array" | "json-object" | "string";
/** A rendered field's JSON type. */
export type JsonType = "string" | "number" | "boolean" | "null" | "object" | "array";

export type ContractLine =
  | { k: "call"; c: string; a: string }
  | { k: "req"; c: string; a: string; n: string; t: ValueClass }
  | { k: "res"; a: string; p: string; t: JsonType }
  | { k: "read"; a: string; p: string };

export function valueClass(v: string): ValueClass {
  if (v === "") return "empty";
  if (/^-?\d+$/.test(v)) return "int";
  if (/^-?\d+\.\d+$/.test(v)) return "number";
  if (v === "true" || v === "false") return "bool";
  const t = v.trimStart();
  if (t.startsWith("[") || t.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed)) return "json-array";
      if (parsed !== null && typeof parsed === "object") return "json-object";
    } catch {
      /* a string that merely starts with a bracket */
    }
  }
  return "string";
}

/** Field paths of an answer (`Instances.Instance[].VpcAttributes.VSwitchId`) with the JSON type at each.
 *  A dot inside a key (a flat `"SystemDisk.Category"`) is written `·`, so it never passes for nesting. */
export function fieldPaths(value: unknown, prefix = "", out = new Map<string, JsonType>()): Map<string, JsonType> {
  const type: JsonType = value === null ? "null" : Array.isArray(value) ? "array" : (typeof value as JsonType);
  if (prefix) out.set(prefix, type);
  if (Array.isArray(value)) for (const item of value) fieldPaths(item, `${prefix}[]`, out);
  else if (type === "object") for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v !== undefined) fieldPaths(v, prefix ? `${prefix}.${k.replaceAll(".", "·")}` : k.replaceAll(".", "·"), out);
  return out;
}

/** Which client sent a request, from its User-Agent: the parameter checks apply to the provider's. */
export function clientOf(userAgent: string | undefined): string {
  const ua = userAgent ?? "";
  if (ua.startsWith("pulumi-alicloud-ecs")) return "provider";
  if (/AlibabaCloud/.test(ua) && /\bGolang\//.test(ua)) return "go-sdk";
  if (/AlibabaCloud/.test(ua)) return "node-sdk";
  return "raw";
}

export class EmulatorContractLog {
  private constructor(private readonly log: ContractLog) {}

  static fromEnv(): EmulatorContractLog | undefined {
    const log = ContractLog.fromEnv("emulator");
    return log && new EmulatorContractLog(log);
  }

  request(userAgent: string | undefined, action: string, params: Readonly<Record<string, string>>): void {
    const c = clientOf(userAgent);
    this.log.write({ k: "call", c, a: action } satisfies ContractLine);
    for (const [n, v] of Object.entries(params)) this.log.write({ k: "req", c, a: action, n, t: valueClass(v) } satisfies ContractLine);
  }

  response(action: string, body: Record<string, unknown>): void {
    for (const [p, t] of fieldPaths(body)) this.log.write({ k: "res", a: action, p, t } satisfies ContractLine);
  }
}
