/** The serialized provider (rule 1). The dynamic-provider host (@pulumi/pulumi/cmd/dynamic-provider)
 *  revives every resource's `__provider` input with require-from-string, calls its `handler()`
 *  once per distinct text, and calls the provider that returns. This module writes that text by
 *  hand: a few hundred bytes that require the installed `pulumi-alicloud-ecs/provider` when the
 *  engine first calls the resource's kind, and return the kind's provider. Nothing is captured:
 *  no client, no credentials, no undici agent, and upgrades of the package take effect for every
 *  resource already in state.
 *
 *  Why by hand rather than pulumi.dynamic.Resource's closure serializer: that serializer turned
 *  the same loader into 2.9 KB per kind (each method wrapped in its own function), stored twice
 *  in every resource's state (inputs and outputs: 70% of an Instance's state), sent in every
 *  check, diff and update, and it loads the TypeScript compiler into the program to produce it.
 *
 *  How the require resolves: require-from-string compiles the text as a module whose filename is
 *  "", so its lookup paths are node_modules folders from the process's working directory upward.
 *  The engine starts the provider in the Pulumi project's directory, where the program's own
 *  node_modules/pulumi-alicloud-ecs is (installed, or linked to this repository). If that
 *  fails (e.g. a provider process started elsewhere), the absolute path of the provider module
 *  this text came from is the fallback. */
import * as path from "node:path";

export const PROVIDER_MODULE = "pulumi-alicloud-ecs/provider";

/** The `__provider` text of resources of `kind`: `exports.handler()` returns the kind's provider.
 *  One line (it is stored twice per resource): the package by name, else this installation. */
export function shimSource(kind: string): string {
  const fallback = path.join(__dirname, "index");
  const hint = `alicloud-ecs: install pulumi-alicloud-ecs in the Pulumi project (npm i pulumi-alicloud-ecs): `;
  return (
    `exports.handler=()=>{let m;try{m=require(${JSON.stringify(PROVIDER_MODULE)})}catch(e){if(e.code!=="MODULE_NOT_FOUND")throw e;` +
    `try{m=require(${JSON.stringify(fallback)})}catch(f){throw new Error(${JSON.stringify(hint)}+f.message)}}return m.providerFor(${JSON.stringify(kind)})};`
  );
}
