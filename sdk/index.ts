/** pulumi-alicloud-ecs: typed ECS resources for Pulumi. */
export * from "./resources";
export type { InstanceArgs, DiskArgs, SecurityGroupArgs, KeyPairArgs, LaunchTemplateArgs, DeploymentSetArgs } from "../provider/types";
export * as types from "../provider/types";
export * from "./data";
