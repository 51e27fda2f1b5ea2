/** The two shapes Pulumi users expect of a data function: a plain async function
 *  (`getZones(args)` → Promise) and an Output-returning variant (`getZonesOutput(args)`) whose
 *  arguments may be Inputs, e.g. the region of another resource. */
import * as pulumi from "@pulumi/pulumi";

/** The Output variant's arguments: every field may be an Input. */
export type InputArgs<T> = { [K in keyof T]?: pulumi.Input<T[K]> };

export function outputVariant<A extends object, R>(fn: (args: A) => Promise<R>): (args?: InputArgs<A>) => pulumi.Output<R> {
  return (args) => pulumi.output(args ?? {}).apply((plain) => fn(plain as A));
}
