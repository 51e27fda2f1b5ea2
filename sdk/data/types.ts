/** Argument and result types of the data functions (see schema.json "functions"). */

export type AcceptLanguage = "zh-CN" | "en-US" | "ja";

/** Options every data function accepts: which region to ask (default: alicloud-ecs:region,
 *  then ALIBABA_CLOUD_REGION_ID / ALICLOUD_REGION, then the credentials profile). */
export interface RegionalArgs {
  region?: string;
}

export interface GetRegionsArgs {
  /** PrePaid (subscription) or PostPaid (pay-as-you-go, the API's default). */
  instanceChargeType?: "PrePaid" | "PostPaid";
  /** instance (default), disk, reservedinstance or scu. */
  resourceType?: "instance" | "disk" | "reservedinstance" | "scu";
  /** zh-CN (the API's default), en-US or ja: the language of localName. */
  acceptLanguage?: AcceptLanguage;
}
export interface Region {
  regionId: string;
  localName: string;
  regionEndpoint: string;
  /** available or soldOut, when the API says. */
  status?: string;
}
export interface GetRegionsResult {
  regions: Region[];
  /** The region ids, in the API's order. */
  ids: string[];
}

export interface GetZonesArgs extends RegionalArgs {
  instanceChargeType?: "PrePaid" | "PostPaid";
  spotStrategy?: "NoSpot" | "SpotWithPriceLimit" | "SpotAsPriceGo";
  acceptLanguage?: AcceptLanguage;
}
export interface Zone {
  zoneId: string;
  localName: string;
  availableResourceCreation: string[];
  availableDiskCategories: string[];
  availableInstanceTypes: string[];
}
export interface GetZonesResult {
  region: string;
  zones: Zone[];
  ids: string[];
}

export interface GetInstanceStatusesArgs extends RegionalArgs {
  zoneId?: string;
}
export interface InstanceStatus {
  instanceId: string;
  status: string;
}
export interface GetInstanceStatusesResult {
  region: string;
  instanceStatuses: InstanceStatus[];
  totalCount: number;
}

export interface GetReservedInstancesArgs extends RegionalArgs {
  zoneId?: string;
  reservedInstanceIds?: string[];
  reservedInstanceName?: string;
  /** Creating, Active, Expired, Updating, Inactive … (Status.N). */
  statuses?: string[];
  lockReason?: string;
  instanceType?: string;
  instanceTypeFamily?: string;
  /** Region or Zone. */
  scope?: string;
  /** No Upfront, Partial Upfront or All Upfront. */
  offeringType?: string;
  /** Normal or Shared. */
  allocationType?: string;
  tags?: Record<string, string>;
}
export interface ReservedInstance {
  reservedInstanceId: string;
  reservedInstanceName: string;
  regionId: string;
  zoneId: string;
  instanceType: string;
  instanceAmount: number;
  scope: string;
  offeringType: string;
  platform: string;
  status: string;
  allocationStatus: string;
  description: string;
  creationTime: string;
  startTime: string;
  expiredTime: string;
  resourceGroupId: string;
  operationLocks: string[];
  tags: Record<string, string>;
}
export interface GetReservedInstancesResult {
  region: string;
  reservedInstances: ReservedInstance[];
  totalCount: number;
}

export interface GetImagesArgs extends RegionalArgs {
  imageId?: string;
  imageName?: string;
  /** system, self, others or marketplace. */
  imageOwnerAlias?: string;
  status?: string;
  /** Client-side filter on OSType (linux, windows). */
  osType?: string;
  /** Client-side regular expression on imageName; handy to pick "ubuntu_22_04.*". */
  nameRegex?: string;
}
export interface Image {
  imageId: string;
  imageName: string;
  osName: string;
  osType: string;
  platform: string;
  architecture: string;
  size: number;
  status: string;
  imageOwnerAlias: string;
  creationTime: string;
}
export interface GetImagesResult {
  region: string;
  images: Image[];
  ids: string[];
}

export interface GetInstanceTypesArgs extends RegionalArgs {
  instanceTypeFamily?: string;
  /** Client-side filters. */
  cpuCoreCount?: number;
  memorySize?: number;
}
export interface InstanceType {
  instanceTypeId: string;
  instanceTypeFamily: string;
  cpuCoreCount: number;
  memorySize: number;
}
export interface GetInstanceTypesResult {
  region: string;
  instanceTypes: InstanceType[];
  ids: string[];
}

export interface GetTencentBareMetalRegionsArgs {
  /** Filter: 1 (Guangzhou), 4 (Shanghai), 8 (Beijing). */
  regionId?: number;
  /** The common Region parameter of the v2 API (e.g. "bj"); default "gz". */
  region?: string;
}
export interface TencentBareMetalZone {
  zoneId: number;
  zoneName: string;
  zoneEname: string;
}
export interface TencentBareMetalRegion {
  regionId: number;
  regionName: string;
  setName: string;
  zones: TencentBareMetalZone[];
}
export interface GetTencentBareMetalRegionsResult {
  regions: TencentBareMetalRegion[];
}
