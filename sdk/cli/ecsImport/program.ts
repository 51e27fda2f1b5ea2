/** The program to write, as data: the adopted resources in declaration order, each with its
 *  logical name, variable, import id and arguments (literals, references, config placeholders). */
import type { Declared } from "./declare";
import { keyOf, kindInfo, ecsNameOf } from "./kinds";
import { assignNames } from "./names";
import { declarationOrder, externalTargets, resolveInput, type Expr } from "./references";
import { placeholdersOf, type Placeholder } from "./secrets";

/** An argument: a value, or a stack-config placeholder. */
export type Arg = Expr | { config: string; secret: boolean };

export interface ProgramResource {
  kind: string;
  region: string;
  id: string;
  ecsName?: string;
  name: string;
  variable: string;
  /** In the order of the resource's spec. */
  args: { property: string; value: Arg }[];
  placeholders: Placeholder[];
}

export interface ExternalReference {
  kind: string;
  region: string;
  id: string;
  /** "web-1.securityGroupIds" */
  usedBy: string;
}

export interface Program {
  resources: ProgramResource[];
  /** Ids the resources name that are not adopted with them (literals in the program). */
  external: ExternalReference[];
}

const key = (r: { kind: string; region: string; id: string }): string => keyOf(r.kind, r.region, r.id);

export function buildProgram(declared: readonly Declared[]): Program {
  const names = assignNames(declared, key);
  const variableOf = (k: string): string | undefined => names.get(k)?.variable;
  const resources = declarationOrder(declared).map((d): ProgramResource => {
    const { name, variable } = names.get(key(d))!;
    const { placeholders, inputs } = placeholdersOf(d.kind, variable, d.inputs);
    const args = Object.keys(kindInfo(d.kind).spec.inputs).flatMap((property): { property: string; value: Arg }[] => {
      const placeholder = placeholders.find((p) => p.property === property);
      if (placeholder) return [{ property, value: { config: placeholder.key, secret: placeholder.secret } }];
      if (inputs[property] === undefined) return [];
      return [{ property, value: resolveInput({ ...d, inputs }, property, variableOf) }];
    });
    return { kind: d.kind, region: d.region, id: d.id, ecsName: ecsNameOf(d.kind, d.inputs), name, variable, args, placeholders };
  });
  const external = externalTargets(declared).map((e) => ({ kind: e.kind, region: e.region, id: e.id, usedBy: `${names.get(key(e.usedBy))!.name}.${e.property}` }));
  return { resources, external };
}
