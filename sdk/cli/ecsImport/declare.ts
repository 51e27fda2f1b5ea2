/** A found resource → what a program declares for it: the provider's own read of `<region>/<id>`
 *  (what `pulumi import` and refresh run: the resource's describe and its spec's read paths), so
 *  the inputs are exactly those the adoption compares the program with. No ECS field is mapped
 *  here a second time. */
import { providerFor } from "../../../provider";
import { SETTLES_TO } from "../../../provider/resources/instance/spec";
import type { Bag } from "./kinds";

export interface Declared {
  kind: string;
  region: string;
  /** The ECS id (a key pair's name), which the `import` option names. */
  id: string;
  /** Every input as the read reports it, in the spec's order. */
  inputs: Bag;
  /** The read's outputs (an instance's dataDiskIds, …). */
  outputs: Bag;
}

/** Reads one resource; undefined when it no longer exists (listed, then deleted). Errors carry
 *  the resource and the ECS action, code and RequestId (the provider's messages). */
export async function declare(kind: string, region: string, id: string): Promise<Declared | undefined> {
  const read = await providerFor(kind).read!(`${region}/${id}`);
  if (!read.props || read.id === undefined) return undefined;
  const inputs = { ...((read.inputs ?? {}) as Bag) };
  // An instance caught starting or stopping is declared at the status it settles to (the spec's
  // own equivalence: Starting = Running), the only values the program may state.
  if (kind === "Instance" && typeof inputs.status === "string") inputs.status = SETTLES_TO[inputs.status] ?? inputs.status;
  return { kind, region, id: read.id, inputs, outputs: read.props as Bag };
}
