/** pulumi-alicloud-ecs: typed ECS resources for Pulumi. */
export { Instance, type InstanceArgs } from "./instance";
export { Disk, type DiskArgs } from "./disk";
export * as types from "./types";
export { SecurityGroup, type SecurityGroupArgs } from "./securityGroup";
export { KeyPair, type KeyPairArgs } from "./keyPair";
export { LaunchTemplate, type LaunchTemplateArgs } from "./launchTemplate";
export { DeploymentSet, type DeploymentSetArgs } from "./deploymentSet";
export * from "./data";
