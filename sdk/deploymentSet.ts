import * as pulumi from "@pulumi/pulumi";
import { shimProvider } from "../provider/shim";
import { MODULE, resourceOptions, resourceProps } from "./resource";
import { deploymentSetMeta, type DeploymentSetArgs, type DeploymentSetOutputProperties } from "./types/deploymentSet";

export type { DeploymentSetArgs } from "./types/deploymentSet";

/** Its outputs (deploymentSetId, instanceIds, …) come from the generated DeploymentSetOutputProperties. */
export interface DeploymentSet extends DeploymentSetOutputProperties {}

/** An ECS deployment set: instances that name it (Instance.deploymentSetId) are spread over distinct hosts. */
export class DeploymentSet extends pulumi.dynamic.Resource {
  constructor(name: string, args: DeploymentSetArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider(deploymentSetMeta.kind), name, resourceProps(deploymentSetMeta, name, args, opts), resourceOptions(deploymentSetMeta, opts), MODULE, deploymentSetMeta.kind);
  }
}
