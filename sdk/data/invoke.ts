/** The two shapes Pulumi users expect of a data function: a plain async function
 *  (`getZones(args)` → Promise) and an Output-returning variant (`getZonesOutput(args)`) whose
 *  arguments may be Inputs, e.g. the region of another resource. Both check the arguments against
 *  the function's spec (./spec.ts) before any API call, and fail the Pulumi way
 *  (pulumi.RunError: a message naming the function, the argument and the rule, no stack trace). */
import * as pulumi from "@pulumi/pulumi";
import { Checker, checkMembers } from "../../provider/spec/check";
import { FUNCTIONS, type FunctionName } from "./spec";

/** A value whose every part may be an Input (a list of ids, one of them another resource's id). */
export type DeepInput<T> = T extends readonly (infer E)[] ? pulumi.Input<DeepInput<E>[]> : T extends object ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }> : pulumi.Input<T>;

/** The Output variant's arguments: every field, and every part of it, may be an Input. */
export type InputArgs<T> = { [K in keyof T]?: DeepInput<T[K]> };

/** The reason of a check failure with its argument path, once. */
const describe = (f: { property: string; reason: string }): string => (f.property ? `${f.property} ${f.reason}` : f.reason);

export function checkArgs(name: FunctionName, args: object): void {
  const c = new Checker();
  checkMembers(c, `an argument of ${name}`, FUNCTIONS[name].args, { ...args } as Record<string, unknown>);
  if (!c.ok) throw new pulumi.RunError(`${name}: ${c.failures.map(describe).join("; ")}`);
}

/** A data function from its implementation: checked arguments, and failures (an ECS error, no
 *  credentials) as one readable line rather than a stack trace and an object dump. */
export function dataFunction<A extends object, R>(name: FunctionName, impl: (args: A) => Promise<R>): [(args?: A) => Promise<R>, (args?: InputArgs<A>) => pulumi.Output<R>] {
  const plain = async (args: A = {} as A): Promise<R> => {
    checkArgs(name, args);
    try {
      return await impl(args);
    } catch (err) {
      if (err instanceof pulumi.RunError) throw err;
      // The cause (an EcsError with its code and RequestId) stays reachable for programs that catch it.
      throw Object.assign(new pulumi.RunError(`${name} failed: ${err instanceof Error ? err.message : String(err)}`), { cause: err });
    }
  };
  const output = (args?: InputArgs<A>): pulumi.Output<R> => pulumi.output(args ?? {}).apply((known) => plain(known as A));
  return [plain, output];
}
