/** The one base of every resource class (sdk/resources.ts is generated from the specs): the props
 *  handed to pulumi.dynamic.Resource (every output registered, secret inputs wrapped, the hidden
 *  identity inputs the provider derives its ClientToken from) and the options (secret outputs). */
import * as pulumi from "@pulumi/pulumi";
import { shimProvider } from "../provider/shim";

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

/** A resource of this package: a dynamic resource whose provider is the small serialized shim. */
export class EcsResource extends pulumi.dynamic.Resource {
  constructor(meta: ResourceMeta, name: string, args: object | undefined, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider(meta.kind), name, resourceProps(meta, name, args, opts), resourceOptions(meta, opts), MODULE, meta.kind);
    if (opts?.import !== undefined) {
      // The engine shows "import" only for imports it runs itself; say what the "create" means.
      pulumi.output(opts.import).apply((id) =>
        pulumi.log.info(`import option: the first update adopts ${meta.kind} ${id} (listed as a create: dynamic resources cannot show an import; nothing is created); remove the option once it is adopted`, this),
      );
    }
  }
}
