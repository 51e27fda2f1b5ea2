import * as pulumi from "@pulumi/pulumi";
import { shimProvider } from "../provider/shim";
import { MODULE, resourceOptions, resourceProps } from "./resource";
import { launchTemplateMeta, type LaunchTemplateArgs, type LaunchTemplateOutputProperties } from "./types/launchTemplate";

export type { LaunchTemplateArgs } from "./types/launchTemplate";

/** Its outputs (launchTemplateId, versionNumber, latestVersionNumber, defaultVersionNumber, …) come from the generated LaunchTemplateOutputProperties. */
export interface LaunchTemplate extends LaunchTemplateOutputProperties {}

/** An ECS launch template; every configuration change is a new version (the default one unless setDefault is false). */
export class LaunchTemplate extends pulumi.dynamic.Resource {
  constructor(name: string, args: LaunchTemplateArgs, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider(launchTemplateMeta.kind), name, resourceProps(launchTemplateMeta, name, args, opts), resourceOptions(launchTemplateMeta, opts), MODULE, launchTemplateMeta.kind);
  }
}
