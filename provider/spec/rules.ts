/** Check rules for specs: the generic ones (length, range, enumerations, patterns) and the ECS
 *  limits of ./limits.ts as rules. Type checks are not rules: check derives them from the spec's
 *  types. A rule sees only known values of the right type. */
import * as limits from "./limits";
import type { Rule, RuleContext } from "./types";
import { isUnknown } from "./unknown";

export const length = (min: number, max: number): Rule => (v) =>
  typeof v === "string" && (v.length < min || v.length > max) ? `must be ${min}-${max} characters long (got ${v.length})` : undefined;

export const range = (min: number, max: number, unit = ""): Rule => (v) =>
  typeof v === "number" && (v < min || v > max) ? `must be between ${min} and ${max}${unit} (got ${v}${unit})` : undefined;

export const oneOf = (allowed: readonly string[]): Rule => (v) =>
  typeof v === "string" && !allowed.includes(v) ? `must be one of ${allowed.join(", ")} (got ${JSON.stringify(v)})` : undefined;

export const pattern = (re: RegExp, what: string): Rule => (v) => (typeof v === "string" && !re.test(v) ? what : undefined);

/** Applies `rule` to each item of a list; the first broken one is reported with its index. */
export const each = (rule: Rule): Rule => (v, at) => {
  if (!Array.isArray(v)) return undefined;
  for (const [i, item] of v.entries()) {
    const reason = item === undefined || item === null || isUnknown(item) ? undefined : rule(item, at);
    if (reason) return `item ${i}: ${reason}`;
  }
  return undefined;
};

export const maxItems = (max: number): Rule => (v) => (Array.isArray(v) && v.length > max ? `must have at most ${max} items (got ${v.length})` : undefined);

/** An id of an ECS object: "i-…", "sg-…", "vsw-…". */
export const idOf = (prefix: string, what: string): Rule => pattern(new RegExp(`^${prefix}-[A-Za-z0-9]+$`), `must be ${what} id (${prefix}-…)`);

const str = (p: (s: string) => string | undefined): Rule => (v) => (typeof v === "string" ? p(v) : undefined);

export const ecsName: Rule = str(limits.nameProblem);
export const ecsDescription: Rule = str(limits.descriptionProblem);
export const hostName: Rule = str((v) => limits.hostNameProblem(v));
export const password: Rule = str((v) => limits.passwordProblem(v));
export const userData: Rule = str(limits.userDataProblem);
export const tags: Rule = (v) => (v && typeof v === "object" && !Array.isArray(v) ? limits.tagsProblem(v as Record<string, string>) : undefined);
/** Tags of a resource that also carries the provider's ownership tag. */
export const ownedTags: Rule = (v) => (v && typeof v === "object" && !Array.isArray(v) ? limits.tagsProblem(v as Record<string, string>, limits.TAGS.maxPerResource - 1) : undefined);
export const instanceType: Rule = pattern(limits.INSTANCE_TYPE_PATTERN, "must look like ecs.<family>.<size>, e.g. ecs.g7.large");

/** A sibling's value when it is known, else undefined (a rule that depends on it then passes). */
export const sibling = (at: RuleContext, name: string): unknown => {
  const v = at.parent[name];
  return v === undefined || v === null || isUnknown(v) ? undefined : v;
};

/** A disk category in a role (system disk, data disk, CreateDisk). */
export const diskCategory = (role: limits.DiskRole): Rule => str((v) => limits.diskCategoryProblem(v, role));

/** A disk size in the range of the sibling `category` (or the default category). */
export const diskSize = (role: limits.DiskRole): Rule => (v, at) => {
  if (typeof v !== "number") return undefined;
  const category = sibling(at, "category") ?? limits.DEFAULT_DISK_CATEGORY[role];
  return typeof category === "string" ? limits.diskSizeProblem(v, category, role) : undefined;
};

/** A rule for one type of value: other types pass (check reports them). */
export const type =
  (p: (v: string, at: RuleContext) => string | undefined): Rule =>
  (v, at) =>
    typeof v === "string" ? p(v, at) : undefined;
