/** The one base of every resource class (sdk/resources.ts is generated from the specs): a dynamic
 *  resource (type pulumi-nodejs:dynamic/alicloud-ecs:<Kind>, served by Pulumi's dynamic-provider
 *  host) whose props register every output, wrap secret inputs, carry the hidden identity inputs
 *  the provider derives its ClientToken from and the serialized provider (provider/shim.ts), and
 *  whose options mark secret outputs. */
import * as pulumi from "@pulumi/pulumi";
import { shimSource } from "../provider/shim";

export interface ResourceMeta {
  readonly token: string;
  readonly kind: string;
  readonly outputNames: readonly string[];
  readonly secretInputs: readonly string[];
  readonly secretOutputs: readonly string[];
}

/** The module part of the type: URNs read `pulumi-nodejs:dynamic/alicloud-ecs:Instance`. */
export const MODULE = "alicloud-ecs";

export function resourceProps(meta: ResourceMeta, name: string, args: object | undefined, opts?: pulumi.CustomResourceOptions): pulumi.Inputs {
  const props: Record<string, unknown> = {};
  // A property is an output of the resource only if it is present in props.
  for (const k of meta.outputNames) props[k] = undefined;
  Object.assign(props, args ?? {});
  for (const k of meta.secretInputs) if (props[k] !== undefined) props[k] = pulumi.secret(props[k] as pulumi.Input<unknown>);
  // Hidden identity inputs (see provider/resources/common/identity.ts): stable across runs of
  // the same program, so a create re-run after a crash finds what the crashed run created. The
  // scope is the parent's URN when there is one: names are unique only under one parent.
  const stack = `${pulumi.getProject()}/${pulumi.getStack()}`;
  props.__ecsName = name;
  props.__ecsScope = opts?.parent ? opts.parent.urn : stack;
  props.__ecsStack = stack;
  // The engine's own import never reaches a dynamic provider (pulumi/pulumi#16175): the option
  // travels as an input instead, and the provider adopts the resource (provider/adoption).
  if (opts?.import !== undefined) props.__ecsImport = opts.import;
  return props;
}

export function resourceOptions(meta: ResourceMeta, opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  const secret = [...meta.secretOutputs, ...(opts?.additionalSecretOutputs ?? [])];
  const { import: _passedAsInput, ...rest } = opts ?? {};
  return { ...rest, additionalSecretOutputs: [...new Set(secret)] };
}

/** The props key the dynamic-provider host revives the provider from. */
const PROVIDER_KEY = "__provider";

/** A resource of this package: what pulumi.dynamic.Resource registers, with our own serialized
 *  provider (provider/shim.ts, 340 bytes) instead of the closure serializer's (2.9 KB, stored
 *  twice per resource, and the TypeScript compiler loaded into the program to produce it), and
 *  without per-promise stack traces.
 *
 *  @pulumi/pulumi wraps each of a resource's output properties in promises that record
 *  `new Error().stack` for its promise-leak report: with source maps on, that was half the
 *  program's CPU in a preview (4.5 of 8 s at 300 instances; bench measure 8). Registration turns
 *  stack traces off while it runs; Pulumi's own source-position capture sets its own limit, so
 *  resources keep their source positions. PULUMI_DEBUG_PROMISE_LEAKS (Pulumi's switch for leak
 *  reports) keeps full traces. */
export class EcsResource extends pulumi.CustomResource {
  constructor(meta: ResourceMeta, name: string, args: object | undefined, opts?: pulumi.CustomResourceOptions) {
    const props = { ...resourceProps(meta, name, args, opts), [PROVIDER_KEY]: shimSource(meta.kind) };
    const limit = Error.stackTraceLimit;
    if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) Error.stackTraceLimit = 0;
    try {
      super(`pulumi-nodejs:dynamic/${MODULE}:${meta.kind}`, name, props, resourceOptions(meta, opts));
    } finally {
      Error.stackTraceLimit = limit;
    }
    if (opts?.import !== undefined) {
      // The engine shows "import" only for imports it runs itself; say what the "create" means.
      pulumi.output(opts.import).apply((id) =>
        pulumi.log.info(`import option: the first update adopts ${meta.kind} ${id} (listed as a create: dynamic resources cannot show an import; nothing is created); remove the option once it is adopted`, this),
      );
    }
  }
}
