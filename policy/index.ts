/** The policy pack shipped with pulumi-alicloud-ecs: `pulumi preview --policy-pack
 *  node_modules/pulumi-alicloud-ecs/policy` (PulumiPolicy.yaml and package.json beside this file
 *  point the policy runtime at its compiled form, dist/policy/index.js). */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./policies";

new PolicyPack(PACK_NAME, { policies });
