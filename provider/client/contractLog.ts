/** Test-only wire-contract log. When ECS_CONTRACT_LOG_DIR is set (the test suite sets it; users never
 *  do), the client records which fields of each decoded answer the provider actually reads, and the
 *  emulator records what crosses its wire (emulator/protocol/contractLog.ts builds on ContractLog).
 *  test/contract checks both against the official SDK's models after the run. Unset, nothing here runs. */
import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

export const CONTRACT_LOG_ENV = "ECS_CONTRACT_LOG_DIR";

let sequence = 0;
const shared = new Map<string, ContractLog>();

/** One process's JSON-lines file in the log directory: each distinct line is written once, with a
 *  synchronous append, so parallel processes never interleave and a crash loses nothing. */
export class ContractLog {
  private readonly seen = new Set<string>();
  private readonly file: string;

  constructor(dir: string, label: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, `${label}-${process.pid}-${++sequence}.jsonl`);
  }

  /** The process's log for `label`, or undefined when ECS_CONTRACT_LOG_DIR is not set. */
  static fromEnv(label: string, env: Readonly<Record<string, string | undefined>> = process.env): ContractLog | undefined {
    const dir = env[CONTRACT_LOG_ENV];
    if (!dir) return undefined;
    const key = `${dir}\n${label}`;
    let log = shared.get(key);
    if (!log) shared.set(key, (log = new ContractLog(dir, label)));
    return log;
  }

  write(line: object): void {
    const text = JSON.stringify(line);
    if (this.seen.has(text)) return;
    this.seen.add(text);
    appendFileSync(this.file, text + "\n");
  }
}

/** Property names that language machinery reads (await, JSON.stringify, jest, util.inspect): not field reads. */
const MACHINERY = new Set(["then", "toJSON", "constructor", "valueOf", "toString", "inspect", "asymmetricMatch", "$$typeof", "nodeType", "tagName", "length"]);

/** Wraps a decoded answer so that every field the caller reads is logged as
 *  `{k: "read", a: action, p: "Instances.Instance[].VpcAttributes.VSwitchId"}`, present in the answer or not. */
export function recordReads<T>(action: string, value: T, log: ContractLog): T {
  const proxies = new WeakMap<object, object>();
  const wrap = (v: unknown, path: string): unknown => {
    if (v === null || typeof v !== "object") return v;
    const cached = proxies.get(v);
    if (cached) return cached;
    const proxy = new Proxy(v, {
      get(target, prop, receiver) {
        const got: unknown = Reflect.get(target, prop, receiver);
        if (typeof prop === "symbol") return got;
        if (Array.isArray(target)) return /^\d+$/.test(prop) ? wrap(got, `${path}[]`) : got;
        if (MACHINERY.has(prop) || (prop in Object.prototype && !Object.hasOwn(target, prop))) return got;
        const key = prop.replaceAll(".", "·"); // a flat "SystemDisk.Category" key is not nesting
        const field = path ? `${path}.${key}` : key;
        log.write({ k: "read", a: action, p: field });
        return wrap(got, field);
      },
      has(target, prop) {
        if (typeof prop === "string" && !Array.isArray(target)) log.write({ k: "read", a: action, p: path ? `${path}.${prop.replaceAll(".", "·")}` : prop.replaceAll(".", "·") });
        return Reflect.has(target, prop);
      },
    });
    proxies.set(v, proxy);
    return proxy;
  };
  return wrap(value, "") as T;
}
