/** check() helpers. Each rule returns the reason a value is refused (or undefined), and the
 *  Checker turns that into a failure `property: reason`. Values that are absent or unknown
 *  (preview) are skipped: an unknown is never validated as if it were the sentinel string.
 *  Values of secret properties never appear in a reason. */
import type * as pulumi from "@pulumi/pulumi";
import { containsUnknown } from "./unknown";
import { durationProblem } from "./timeouts";

export type Rule = (value: unknown) => string | undefined;

export class Checker {
  readonly failures: pulumi.dynamic.CheckFailure[] = [];

  constructor(private readonly secret: readonly string[] = []) {}

  fail(property: string, reason: string): void {
    // The engine prints a failure's property value next to it; for a secret we name the
    // property in the reason only, so the value can never be echoed.
    const top = property.split(/[.[]/)[0];
    this.failures.push({ property: this.secret.includes(top) ? "" : property, reason: `${property}: ${reason}` });
  }

  /** Applies the rules in order to a known, present value; stops at the first failure. */
  check(property: string, value: unknown, ...rules: Rule[]): void {
    if (value === undefined || value === null || containsUnknown(value)) return;
    for (const rule of rules) {
      const reason = rule(value);
      if (reason) {
        this.fail(property, reason);
        return;
      }
    }
  }

  required(property: string, value: unknown, why = "is required"): void {
    if (value === undefined || value === null || value === "") this.fail(property, why);
  }

  get ok(): boolean {
    return this.failures.length === 0;
  }
}

const HTTP_PREFIX = /^https?:\/\//i;

export const isString: Rule = (v) => (typeof v === "string" ? undefined : "must be a string");
export const isBoolean: Rule = (v) => (typeof v === "boolean" ? undefined : "must be true or false");
export const isInteger: Rule = (v) => (typeof v === "number" && Number.isInteger(v) ? undefined : "must be a whole number");
export const isStringArray: Rule = (v) =>
  Array.isArray(v) && v.every((x) => typeof x === "string") ? undefined : "must be a list of strings";

export const length = (min: number, max: number): Rule => (v) =>
  typeof v === "string" && (v.length < min || v.length > max) ? `must be ${min}-${max} characters long (got ${v.length})` : undefined;

export const range = (min: number, max: number, unit = ""): Rule => (v) =>
  typeof v === "number" && (v < min || v > max) ? `must be between ${min} and ${max}${unit} (got ${v}${unit})` : undefined;

export const oneOf = (allowed: readonly string[]): Rule => (v) =>
  typeof v === "string" && !allowed.includes(v) ? `must be one of ${allowed.join(", ")} (got ${JSON.stringify(v)})` : undefined;

export const noHttpPrefix: Rule = (v) => (typeof v === "string" && HTTP_PREFIX.test(v) ? "must not start with http:// or https://" : undefined);

export const maxItems = (max: number): Rule => (v) => (Array.isArray(v) && v.length > max ? `must have at most ${max} items (got ${v.length})` : undefined);

/** ECS names (instance, disk, security group …): 2-128 characters, starting with a letter
 *  (or a Chinese character), then letters, digits, '.', ':', '_' and '-'. */
export const ecsName: Rule = (v) => {
  if (typeof v !== "string") return "must be a string";
  return (
    length(2, 128)(v) ??
    noHttpPrefix(v) ??
    (/^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5.:_-]*$/.test(v)
      ? undefined
      : "must start with a letter and contain only letters, digits, '.', ':', '_' and '-'")
  );
};

/** ECS descriptions: 2-256 characters, no http(s):// prefix. */
export const ecsDescription: Rule = (v) => (typeof v !== "string" ? "must be a string" : length(2, 256)(v) ?? noHttpPrefix(v));

/** Tags as a map: at most 20; keys 1-128 characters, values 0-128, neither starting with
 *  aliyun or acs: nor containing http:// or https://. */
export const ecsTags: Rule = (v) => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return "must be a map of strings";
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length > 20) return `must have at most 20 tags (got ${entries.length})`;
  for (const [k, val] of entries) {
    if (k.length < 1 || k.length > 128) return `key ${JSON.stringify(k)} must be 1-128 characters long`;
    if (/^(aliyun|acs:)/i.test(k)) return `key ${JSON.stringify(k)} must not start with "aliyun" or "acs:"`;
    if (/https?:\/\//i.test(k)) return `key ${JSON.stringify(k)} must not contain http:// or https://`;
    if (typeof val !== "string") return `value of ${JSON.stringify(k)} must be a string`;
    if (val.length > 128) return `value of ${JSON.stringify(k)} must be at most 128 characters long`;
    if (/^(aliyun|acs:)/i.test(val)) return `value of ${JSON.stringify(k)} must not start with "aliyun" or "acs:"`;
    if (/https?:\/\//i.test(val)) return `value of ${JSON.stringify(k)} must not contain http:// or https://`;
  }
  return undefined;
};

/** The `timeouts` input: each of create/update/delete a duration. */
export function checkTimeouts(c: Checker, value: unknown): void {
  if (value === undefined || value === null || containsUnknown(value)) return;
  if (typeof value !== "object" || Array.isArray(value)) return c.fail("timeouts", "must be an object { create, update, delete }");
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!["create", "update", "delete"].includes(k)) c.fail(`timeouts.${k}`, "is not a timeout; use create, update or delete");
    else c.check(`timeouts.${k}`, v, (x) => durationProblem(x));
  }
}
