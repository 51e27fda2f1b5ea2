/** Data functions: plain async functions and their Output-returning `…Output` variants. They
 *  run in the program's process and read alicloud-ecs:* from its stack config (see client.ts). */
export { getRegions, getRegionsOutput, getZones, getZonesOutput } from "./regions";
export { getInstanceStatuses, getInstanceStatusesOutput, getImages, getImagesOutput, getInstanceTypes, getInstanceTypesOutput } from "./instances";
export { getReservedInstances, getReservedInstancesOutput } from "./reservedInstances";
export { getTencentBareMetalRegions, getTencentBareMetalRegionsOutput } from "./tencent";
export { getStackResources, getStackResourcesOutput } from "./stack";
export {
  getInstances, getInstancesOutput, getDisks, getDisksOutput, getSecurityGroups, getSecurityGroupsOutput, getKeyPairs, getKeyPairsOutput,
  getLaunchTemplates, getLaunchTemplatesOutput, getDeploymentSets, getDeploymentSetsOutput,
} from "./lookups";
// Their argument and result types are generated from schema.json (sdk/types/functions.ts).
export type * from "../../provider/types/functions";
export type { AcceptLanguage, Image, InstanceChargeType, InstanceStatus, InstanceType, Region, RegionResourceType, ReservedInstance, SpotStrategy, StackResource, InstanceInfo, DiskInfo, SecurityGroupInfo, KeyPairInfo, LaunchTemplateInfo, DeploymentSetInfo, TencentBareMetalRegion, TencentBareMetalZone, Zone } from "../../provider/types/shared";
