/** The provider registry: resource kind → its pulumi.dynamic.ResourceProvider. The serialized
 *  shim (provider/shim.ts) requires this module at call time and asks for its kind. To add a
 *  resource, add one line here (see provider/resources/common/index.ts for the pattern). */
import type * as pulumi from "@pulumi/pulumi";
import { deploymentSetProvider } from "./resources/deploymentSet";
import { diskProvider } from "./resources/disk";
import { instanceProvider } from "./resources/instance";
import { keyPairProvider } from "./resources/keyPair";
import { launchTemplateProvider } from "./resources/launchTemplate";
import { securityGroupProvider } from "./resources/securityGroup";

const providers = new Map<string, pulumi.dynamic.ResourceProvider>([
  ["Instance", instanceProvider],
  ["Disk", diskProvider],
  ["SecurityGroup", securityGroupProvider],
  ["KeyPair", keyPairProvider],
  ["LaunchTemplate", launchTemplateProvider],
  ["DeploymentSet", deploymentSetProvider],
]);

export function registerProvider(kind: string, provider: pulumi.dynamic.ResourceProvider): void {
  providers.set(kind, provider);
}

export function providerFor(kind: string): pulumi.dynamic.ResourceProvider {
  const p = providers.get(kind);
  if (!p) throw new Error(`alicloud-ecs: no provider for resource kind ${kind} (known: ${[...providers.keys()].join(", ")})`);
  return p;
}

export const kinds = (): string[] => [...providers.keys()];

export { configureFromStack, clientOptionsFromConfig } from "./configure";
export { shimSource } from "./shim";
