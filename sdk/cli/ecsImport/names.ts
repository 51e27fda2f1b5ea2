/** Logical names and variables for the adopted resources: readable, derived from the ECS names
 *  (the id when a resource has none usable), unique in the program, stable for the same input.
 *  Logical names are unique across kinds too, so each has one variable: a name two kinds share
 *  goes to the first kind in the order below and gets the kind's suffix on the others ("web",
 *  "web-sg"); a name shared within a kind is numbered in id order ("web", "web-2"). */
import { compareText, ecsNameOf, type Bag } from "./kinds";

export interface Named {
  kind: string;
  region: string;
  id: string;
  inputs: Bag;
}

export interface Names {
  /** The Pulumi logical name (its URN name). */
  name: string;
  /** The TypeScript variable holding it. */
  variable: string;
}

/** Who keeps a shared name bare: what people know by name first. */
const PRIORITY = ["Instance", "SecurityGroup", "KeyPair", "LaunchTemplate", "DeploymentSet", "Disk"];
const SUFFIX: Record<string, string> = { Instance: "vm", Disk: "disk", SecurityGroup: "sg", KeyPair: "key", LaunchTemplate: "lt", DeploymentSet: "ds" };

/** Words JavaScript reserves, and the program's own names. */
const TAKEN_IDENTIFIERS = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null " +
    "return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await " +
    "arguments eval undefined NaN Infinity pulumi ecs config"
  ).split(" "),
);

/** An ECS name as a logical name: letters, digits, '.', '_' and '-'; anything else becomes '-'. */
export function sanitize(ecsName: string): string {
  return ecsName
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
}

/** A logical name as a camelCase identifier ("web-1.data" → "web1Data"); one starting with a
 *  digit, or a reserved word, gets a prefix. */
export function identifierOf(name: string, kind: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let id = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  if (id === "" || /^[0-9]/.test(id)) id = `${SUFFIX[kind] ?? "r"}${id.charAt(0).toUpperCase()}${id.slice(1)}`;
  return TAKEN_IDENTIFIERS.has(id) ? `${id}${(SUFFIX[kind] ?? "r").replace(/^./, (c) => c.toUpperCase())}` : id;
}

const rank = (kind: string): number => PRIORITY.indexOf(kind);

/** Names for every resource (keyed by `${kind}:${region}/${id}` through keyOf). */
export function assignNames(resources: readonly Named[], keyOf: (r: Named) => string): Map<string, Names> {
  const base = (r: Named): string => sanitize(ecsNameOf(r.kind, r.inputs) ?? "") || sanitize(r.id);
  const ordered = [...resources].sort((a, b) => rank(a.kind) - rank(b.kind) || compareText(base(a), base(b)) || compareText(a.region, b.region) || compareText(a.id, b.id));
  const owner = new Map<string, string>(); // bare name → the kind that keeps it
  for (const r of ordered) if (!owner.has(base(r).toLowerCase())) owner.set(base(r).toLowerCase(), r.kind);
  const names = new Set<string>();
  const variables = new Set<string>();
  const out = new Map<string, Names>();
  const unique = (wanted: string, taken: Set<string>, join: string): string => {
    let candidate = wanted;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${wanted}${join}${n}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  };
  for (const r of ordered) {
    const b = base(r);
    const name = unique(owner.get(b.toLowerCase()) === r.kind ? b : `${b}-${SUFFIX[r.kind]}`, names, "-");
    out.set(keyOf(r), { name, variable: unique(identifierOf(name, r.kind), variables, "_") });
  }
  return out;
}
