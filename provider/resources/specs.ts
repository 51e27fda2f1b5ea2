/** Every resource's spec, in the order schema.json and the docs list them. Pure data: no client,
 *  no provider runtime, so the generator (scripts/generate.ts) loads only this. */
import { deploymentSetSpec } from "./deploymentSet/spec";
import { diskSpec } from "./disk/spec";
import { instanceSpec } from "./instance/spec";
import { keyPairSpec } from "./keyPair/spec";
import { launchTemplateSpec } from "./launchTemplate/spec";
import { securityGroupSpec } from "./securityGroup/spec";

export const SPECS = [instanceSpec, diskSpec, securityGroupSpec, keyPairSpec, launchTemplateSpec, deploymentSetSpec] as const;

export { deploymentSetSpec, diskSpec, instanceSpec, keyPairSpec, launchTemplateSpec, securityGroupSpec };
