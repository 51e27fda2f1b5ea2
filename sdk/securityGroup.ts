import * as pulumi from "@pulumi/pulumi";
import { shimProvider } from "../provider/shim";
import { MODULE, resourceOptions, resourceProps } from "./resource";
import { securityGroupMeta, type SecurityGroupArgs, type SecurityGroupOutputProperties } from "./types/securityGroup";

export type { SecurityGroupArgs } from "./types/securityGroup";

/** Its outputs (securityGroupId, the rules as ECS reports them, …) come from the generated SecurityGroupOutputProperties. */
export interface SecurityGroup extends SecurityGroupOutputProperties {}

/** An ECS security group with its ingress and egress rules, managed as sets. */
export class SecurityGroup extends pulumi.dynamic.Resource {
  constructor(name: string, args: SecurityGroupArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider(securityGroupMeta.kind), name, resourceProps(securityGroupMeta, name, args, opts), resourceOptions(securityGroupMeta, opts), MODULE, securityGroupMeta.kind);
  }
}
