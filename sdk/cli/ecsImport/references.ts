/** The references between the adopted resources: which inputs name another resource, the order
 *  a program declares them in (every target before what refers to it), and each input value as
 *  a reference (`webSg.id`, `deploy.keyPairName`) when its target is declared too, a literal
 *  otherwise. */
import { kindInfo, keyOf, type Bag } from "./kinds";

export interface ReferenceRule {
  from: string;
  /** An input holding one id, or a list of them. */
  property: string;
  to: string;
}

/** Every input of the six kinds that names another of them. */
export const REFERENCES: readonly ReferenceRule[] = [
  { from: "Instance", property: "securityGroupIds", to: "SecurityGroup" },
  { from: "Instance", property: "keyPairName", to: "KeyPair" },
  { from: "Instance", property: "deploymentSetId", to: "DeploymentSet" },
  // ECS does not report the template an instance was launched from: only a program could name it.
  { from: "Instance", property: "launchTemplateId", to: "LaunchTemplate" },
  { from: "Disk", property: "instanceId", to: "Instance" },
  { from: "LaunchTemplate", property: "securityGroupId", to: "SecurityGroup" },
  { from: "LaunchTemplate", property: "keyPairName", to: "KeyPair" },
];

/** A resource as far as references go. */
export interface Node {
  kind: string;
  region: string;
  id: string;
  inputs: Bag;
}

const idsIn = (v: unknown): string[] => (typeof v === "string" && v !== "" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x !== "") : []);

/** The resources (keys) a resource's inputs name, with the rule that names each. */
export function targetsOf(n: Node): { key: string; rule: ReferenceRule; id: string }[] {
  return REFERENCES.filter((r) => r.from === n.kind).flatMap((rule) => idsIn(n.inputs[rule.property]).map((id) => ({ key: keyOf(rule.to, n.region, id), rule, id })));
}

/** Whether `n` refers to one of `keys`, or one of `nodes` (those keys) refers to `n`. */
export function isRelated(n: Node, nodes: readonly Node[]): boolean {
  const self = keyOf(n.kind, n.region, n.id);
  const keys = new Set(nodes.map((x) => keyOf(x.kind, x.region, x.id)));
  return targetsOf(n).some((t) => keys.has(t.key)) || nodes.some((x) => targetsOf(x).some((t) => t.key === self));
}

/** The nodes in declaration order: each after every node it refers to (Kahn's algorithm); ties
 *  in the order given. References to nodes not in the list are ignored (they stay literals). */
export function declarationOrder<T extends Node>(nodes: readonly T[]): T[] {
  const byKey = new Map(nodes.map((n) => [keyOf(n.kind, n.region, n.id), n]));
  const deps = new Map(nodes.map((n) => [n, new Set(targetsOf(n).map((t) => byKey.get(t.key)).filter((x): x is T => x !== undefined && x !== n))]));
  const out: T[] = [];
  const placed = new Set<T>();
  while (out.length < nodes.length) {
    const next = nodes.find((n) => !placed.has(n) && [...(deps.get(n) ?? [])].every((d) => placed.has(d)));
    // A cycle cannot occur among these kinds (REFERENCES point one way); place the rest as given if one ever did.
    const pick = next ?? nodes.find((n) => !placed.has(n))!;
    out.push(pick);
    placed.add(pick);
  }
  return out;
}

/** A value in the emitted program: a literal, or an output of another declared resource. */
export type Expr = { literal: unknown } | { ref: string; attribute: string } | { list: Expr[] };

/** An input's value with every id of a declared target replaced by a reference to its variable. */
export function resolveInput(n: Node, property: string, variableOf: (key: string) => string | undefined): Expr {
  const value = n.inputs[property];
  const rule = REFERENCES.find((r) => r.from === n.kind && r.property === property);
  if (!rule) return { literal: value };
  const one = (id: unknown): Expr => {
    const variable = typeof id === "string" ? variableOf(keyOf(rule.to, n.region, id)) : undefined;
    return variable ? { ref: variable, attribute: kindInfo(rule.to).refAttribute } : { literal: id };
  };
  return Array.isArray(value) ? { list: value.map(one) } : one(value);
}

/** The ids the resources name that are not declared with them: kept as literals, listed in the README. */
export function externalTargets(nodes: readonly Node[]): { kind: string; region: string; id: string; usedBy: Node; property: string }[] {
  const declared = new Set(nodes.map((n) => keyOf(n.kind, n.region, n.id)));
  return nodes.flatMap((n) => targetsOf(n).filter((t) => !declared.has(t.key)).map((t) => ({ kind: t.rule.to, region: n.region, id: t.id, usedBy: n, property: t.rule.property })));
}
