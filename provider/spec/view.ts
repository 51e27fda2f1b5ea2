/** A resource's state from one Describe record: the outputs (every input in the program's
 *  spelling where the cloud agrees, the cloud's value where it drifted, the program's own value
 *  where ECS cannot report it; and the output-only properties) and, for refresh and import, the
 *  inputs a program would declare to produce it. */
import { cut, shapeOf, spell, type Shape } from "./spelling";
import type { Inputs, OutputSpec, ResourceSpec, TypeSpec } from "./types";
import { readable, readInputs, readOutputs } from "./wire";

type Bag = Record<string, unknown>;

export interface View {
  /** Every output (inputs and output-only properties). */
  outs: Bag;
  /** The inputs in the program's shape (all readable ones when the shape is unknown: import). */
  inputs: Bag;
}

/** A zero value for an always-present output ECS left out ("" for a string, [] for a list). */
function zero(t: TypeSpec): unknown {
  switch (t.kind) {
    case "list":
      return [];
    case "map":
      return {};
    case "string":
    case "enum":
      return "";
    default:
      return undefined;
  }
}

function outputOnly(outputs: Readonly<Record<string, OutputSpec>>, record: Bag): Bag {
  const out = readOutputs(outputs, record);
  for (const [name, o] of Object.entries(outputs)) if (out[name] === undefined && o.required !== false) out[name] = zero(o.type);
  return out;
}

/** `program` holds the values to spell after: the new inputs after a create or an update, the prior
 *  state on refresh. `shape`: which of them the program set (undefined on import). */
export function viewOf(spec: ResourceSpec, record: Bag, program: Bag, shape: Shape | undefined): View {
  const cloud = readInputs(spec.inputs, record);
  const outs: Bag = {};
  const inputs: Bag = {};
  for (const [name, p] of Object.entries(spec.inputs as Inputs)) {
    const members = shape?.[name];
    const value = readable(p) ? spell(p, program[name], cloud[name]) : program[name];
    // Inputs keep the program's shape: members of objects it left to the cloud stay out.
    const spelled = cut(p.type, value, members === true ? undefined : members);
    const out = readable(p) && p.outputIsReported ? cloud[name] : value;
    if (out !== undefined && !p.inputOnly) outs[name] = out;
    if (spelled === undefined) continue;
    if (shape ? name in shape : readable(p)) inputs[name] = spelled;
  }
  for (const [name, p] of Object.entries(spec.inputs as Inputs)) if (outs[name] === undefined && !p.inputOnly && p.type.kind === "map") outs[name] = {};
  return { outs: { ...outs, ...outputOnly(spec.outputs, record) }, inputs };
}

export { shapeOf, type Shape };
