/** The serialized provider (rule 1). Pulumi serializes the object given to
 *  pulumi.dynamic.Resource, with everything its functions capture, into the state as the
 *  `__provider` input; the dynamic-provider process revives it with require-from-string and
 *  calls it. So this object holds only the resource kind and a loader: each method requires the
 *  installed `pulumi-alicloud-ecs/provider` at call time and delegates to the kind's provider.
 *  Nothing else is captured: no client, no credentials, no undici agent, and upgrades of the
 *  package take effect for every resource already in state.
 *
 *  How the require resolves: require-from-string compiles the text as a module whose filename is
 *  "", so its lookup paths are node_modules folders from the process's working directory upward.
 *  The engine starts the provider in the Pulumi project's directory, where the program's own
 *  node_modules/pulumi-alicloud-ecs is (installed, or linked to this repository). If that
 *  fails (e.g. a provider process started elsewhere), the absolute path of the provider module
 *  this shim came from is the fallback. */
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";

export const PROVIDER_MODULE = "pulumi-alicloud-ecs/provider";

/** The small object handed to pulumi.dynamic.Resource for resources of `kind`. */
export function shimProvider(kind: string): pulumi.dynamic.ResourceProvider {
  const moduleName = PROVIDER_MODULE;
  const fallback = path.join(__dirname, "index");
  const load = (): pulumi.dynamic.ResourceProvider => {
    let mod: { providerFor(kind: string): pulumi.dynamic.ResourceProvider };
    try {
      mod = require(moduleName);
    } catch (err) {
      if ((err as { code?: string }).code !== "MODULE_NOT_FOUND") throw err;
      try {
        mod = require(fallback);
      } catch {
        throw new Error(`alicloud-ecs: cannot load ${moduleName} from ${process.cwd()}; install pulumi-alicloud-ecs in the Pulumi project (npm i pulumi-alicloud-ecs)`);
      }
    }
    return mod.providerFor(kind);
  };
  return {
    configure: async (req) => load().configure?.(req),
    check: async (olds, news) => load().check!(olds, news),
    diff: async (id, olds, news) => load().diff!(id, olds, news),
    create: async (inputs) => load().create(inputs),
    read: async (id, props) => load().read!(id, props),
    update: async (id, olds, news) => load().update!(id, olds, news),
    delete: async (id, props) => load().delete!(id, props),
  };
}
