import * as pulumi from "@pulumi/pulumi";
import { shimProvider } from "../provider/shim";
import { MODULE, resourceOptions, resourceProps } from "./resource";
import { instanceMeta, type InstanceArgs, type InstanceOutputProperties } from "./types/instance";

export type { InstanceArgs } from "./types/instance";

/** Its outputs (instanceId, status, privateIp, …) are declared by the generated
 *  InstanceOutputProperties through this interface merge. */
export interface Instance extends InstanceOutputProperties {}

/** An ECS instance (RunInstances). See schema.json / InstanceArgs for every input.
 *
 *  ```ts
 *  const web = new Instance("web", { imageId, instanceType: "ecs.g7.large", securityGroupIds: [sg.id], vswitchId });
 *  ```
 *  `password` is secret in state and outputs. Changing `instanceType` needs `stopForUpdate: true`. */
export class Instance extends pulumi.dynamic.Resource {
  constructor(name: string, args: InstanceArgs, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider(instanceMeta.kind), name, resourceProps(instanceMeta, name, args, opts), resourceOptions(instanceMeta, opts), MODULE, instanceMeta.kind);
  }
}
