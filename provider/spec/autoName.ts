/** Auto-naming: a name property the program leaves out (`autoName` in the spec) gets
 *  `<logical name>-<7 hex characters>`, as every Pulumi provider names resources.
 *
 *  The suffix is derived, not drawn: the first 7 hex digits of SHA-256 over the kind, the
 *  resource's scope and logical name, and the inputs whose change replaces it. Dynamic providers
 *  never get the engine's random seed, and a random suffix drawn in check differs between
 *  `preview --save-plan` and `up --plan` (docs/import-findings.md §4). Derived this way:
 *  - it stays the same across updates (the inputs that do not replace do not enter it);
 *  - a replacement gets a new name: after a replacing diff the engine checks the new inputs again
 *    without the old ones, and they derive another suffix, so a key pair or launch template (whose
 *    names are unique) is created before the old one is deleted;
 *  - check lists the names it made in a hidden input (AUTO_NAMED), so the next check keeps them; a
 *    resource created before auto-naming, without a name in its inputs, keeps the name ECS gave it. */
import { createHash } from "node:crypto";
import { canonicalJson } from "./canonicalJson";
import type { Inputs } from "./types";
import { containsUnknown, UNKNOWN } from "./unknown";

type Bag = Record<string, unknown>;

const SUFFIX = 7;
/** ECS names are at most 128 characters (provider/spec/limits.ts); the suffix takes 8. */
const MAX_BASE = 128 - SUFFIX - 1;

/** The logical name in the characters every ECS name accepts (letters, digits, '_' and '-'),
 *  starting with a letter. */
export function nameBase(logicalName: string): string {
  const cleaned = logicalName.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
  const lettered = /^[A-Za-z]/.test(cleaned) ? cleaned : `r-${cleaned}`;
  return lettered.slice(0, MAX_BASE).replace(/-+$/, "");
}

/** The auto name of a resource with these inputs, or UNKNOWN while an input it derives from is. */
export function autoNameOf(kind: string, inputs: Inputs, values: Bag): string {
  const replacing = Object.keys(inputs)
    .filter((k) => inputs[k].change.kind === "replace" && !inputs[k].autoName)
    .sort()
    .map((k) => [k, values[k]]);
  if (replacing.some(([, v]) => containsUnknown(v))) return UNKNOWN;
  const identity = [kind, values.__ecsScope ?? null, values.__ecsName ?? null, replacing];
  const suffix = createHash("sha256").update(canonicalJson(identity)).digest("hex").slice(0, SUFFIX);
  return `${nameBase(String(values.__ecsName ?? kind))}-${suffix}`;
}

/** The hidden input listing the properties check named (so the next check keeps them, and diff
 *  knows a replacement gets a new name). */
export const AUTO_NAMED = "__ecsAutoNamed";

const autoNamed = (values: Bag | undefined): string[] => (Array.isArray(values?.[AUTO_NAMED]) ? (values[AUTO_NAMED] as string[]) : []);

/** Fills in the auto-named properties the program leaves out (check; `values` already holds the
 *  defaults and the region) and lists them in AUTO_NAMED. Not for an import: the resource has its
 *  name. */
export function applyAutoNames(kind: string, inputs: Inputs, values: Bag, olds: Bag | undefined): void {
  const named: string[] = [];
  for (const [k, p] of Object.entries(inputs)) {
    if (!p.autoName || (values[k] !== undefined && values[k] !== null)) continue;
    const wasAuto = autoNamed(olds).includes(k);
    // Created before auto-naming, without a name in its inputs: keep the name ECS gave it.
    if (olds && !wasAuto && (olds[k] === undefined || olds[k] === null)) continue;
    // An auto name stays across updates; a name the program stops giving becomes a new one.
    values[k] = wasAuto ? olds?.[k] : autoNameOf(kind, inputs, values);
    named.push(k);
  }
  if (named.length > 0) values[AUTO_NAMED] = named;
  else delete values[AUTO_NAMED];
}

/** The name a replacement of the resource gets: an auto name is derived again from the new
 *  inputs (the engine checks them anew), a name the program gives stays. For a name ECS keeps
 *  unique, the old resource must go first only when this is its name. */
export function nameAfterReplacement(kind: string, inputs: Inputs, news: Bag, name: string): unknown {
  return autoNamed(news).includes(name) ? autoNameOf(kind, inputs, news) : news[name];
}

/** For the error of a create whose unique name is taken: `pulumi up --replace` (and replaceWith)
 *  replaces without a diff, so the provider cannot ask the engine to delete the old one first. */
export const REPLACE_KEEPING_NAME =
  "If this is a replacement that keeps the name (`pulumi up --replace` or `replaceWith`, which replace without asking the provider), add the `deleteBeforeReplace` resource option.";
