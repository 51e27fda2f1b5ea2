/** The static catalogue: regions, zones, images, instance types, reserved instances, and the
 *  stable ids of each region's default VPC and per-zone VSwitches. */
import { createHash } from "node:crypto";

export type Language = "zh-CN" | "en-US" | "ja";

export interface RegionInfo {
  regionId: string;
  names: Record<Language, string>;
  zones: string[]; // zone suffixes: "h" → cn-hangzhou-h
  /** Reserved instances are sold here (DescribeRegions ResourceType=reservedinstance). */
  reservedInstances: boolean;
  /** Subscription (PrePaid) sales open here. */
  prePaid: boolean;
}

export const REGIONS: readonly RegionInfo[] = [
  { regionId: "cn-hangzhou", names: { "zh-CN": "华东1（杭州）", "en-US": "China (Hangzhou)", ja: "中国 (杭州)" }, zones: ["h", "i", "j", "k"], reservedInstances: true, prePaid: true },
  { regionId: "cn-shanghai", names: { "zh-CN": "华东2（上海）", "en-US": "China (Shanghai)", ja: "中国 (上海)" }, zones: ["e", "f", "g", "l"], reservedInstances: true, prePaid: true },
  { regionId: "cn-beijing", names: { "zh-CN": "华北2（北京）", "en-US": "China (Beijing)", ja: "中国 (北京)" }, zones: ["g", "h", "i"], reservedInstances: true, prePaid: true },
  { regionId: "ap-southeast-1", names: { "zh-CN": "新加坡", "en-US": "Singapore", ja: "シンガポール" }, zones: ["a", "b", "c"], reservedInstances: true, prePaid: true },
  { regionId: "us-west-1", names: { "zh-CN": "美国（硅谷）", "en-US": "US (Silicon Valley)", ja: "米国 (シリコンバレー)" }, zones: ["a", "b"], reservedInstances: false, prePaid: true },
  { regionId: "eu-central-1", names: { "zh-CN": "德国（法兰克福）", "en-US": "Germany (Frankfurt)", ja: "ドイツ (フランクフルト)" }, zones: ["a", "b"], reservedInstances: false, prePaid: false },
];

const regionIndex = new Map(REGIONS.map((r) => [r.regionId, r]));
export const findRegion = (regionId: string): RegionInfo | undefined => regionIndex.get(regionId);
/** Real zone ids: cn-hangzhou-h, but ap-southeast-1a (no dash after a region ending in a digit). */
export const zoneIds = (region: RegionInfo): string[] => region.zones.map((z) => (/\d$/.test(region.regionId) ? `${region.regionId}${z}` : `${region.regionId}-${z}`));
export const regionOfZone = (zoneId: string): RegionInfo | undefined => REGIONS.find((r) => zoneIds(r).includes(zoneId));

export interface ImageInfo {
  imageId: string;
  imageName: string;
  osName: string;
  osNameEn: string;
  osType: "linux" | "windows";
  platform: string;
  architecture: "x86_64" | "arm64";
  size: number; // GiB: the minimum system disk size
  creationTime: string;
}

export const IMAGES: readonly ImageInfo[] = [
  { imageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd", imageName: "ubuntu_22_04_x64_20G_alibase_20240130.vhd", osName: "Ubuntu  22.04 64位", osNameEn: "Ubuntu  22.04 64 bit", osType: "linux", platform: "Ubuntu", architecture: "x86_64", size: 20, creationTime: "2024-01-30T08:00:00Z" },
  { imageId: "aliyun_3_x64_20G_alibase_20240528.vhd", imageName: "aliyun_3_x64_20G_alibase_20240528.vhd", osName: "Alibaba Cloud Linux  3.2104 LTS 64位", osNameEn: "Alibaba Cloud Linux  3.2104 LTS 64 bit", osType: "linux", platform: "Aliyun", architecture: "x86_64", size: 20, creationTime: "2024-05-28T08:00:00Z" },
  { imageId: "centos_7_9_x64_20G_alibase_20240628.vhd", imageName: "centos_7_9_x64_20G_alibase_20240628.vhd", osName: "CentOS  7.9 64位", osNameEn: "CentOS  7.9 64 bit", osType: "linux", platform: "CentOS", architecture: "x86_64", size: 20, creationTime: "2024-06-28T08:00:00Z" },
  { imageId: "debian_12_5_x64_20G_alibase_20240530.vhd", imageName: "debian_12_5_x64_20G_alibase_20240530.vhd", osName: "Debian  12.5 64位", osNameEn: "Debian  12.5 64 bit", osType: "linux", platform: "Debian", architecture: "x86_64", size: 20, creationTime: "2024-05-30T08:00:00Z" },
  { imageId: "win2022_21H2_x64_dtc_en-us_40G_alibase_20240515.vhd", imageName: "win2022_21H2_x64_dtc_en-us_40G_alibase_20240515.vhd", osName: "Windows Server  2022 数据中心版 64位英文版", osNameEn: "Windows Server  2022 Data Center Edition 64bit English Edition", osType: "windows", platform: "Windows Server 2022", architecture: "x86_64", size: 40, creationTime: "2024-05-15T08:00:00Z" },
];
export const findImage = (imageId: string): ImageInfo | undefined => IMAGES.find((i) => i.imageId === imageId);

export interface InstanceTypeInfo {
  instanceTypeId: string;
  family: string;
  cpuCoreCount: number;
  memorySize: number; // GiB
  /** Maximum data disks (beside the system disk). */
  diskQuantity: number;
  eniQuantity: number;
}

export const INSTANCE_TYPES: readonly InstanceTypeInfo[] = [
  { instanceTypeId: "ecs.t6-c1m1.large", family: "ecs.t6", cpuCoreCount: 2, memorySize: 2, diskQuantity: 16, eniQuantity: 2 },
  { instanceTypeId: "ecs.g7.large", family: "ecs.g7", cpuCoreCount: 2, memorySize: 8, diskQuantity: 16, eniQuantity: 3 },
  { instanceTypeId: "ecs.g7.xlarge", family: "ecs.g7", cpuCoreCount: 4, memorySize: 16, diskQuantity: 16, eniQuantity: 4 },
  { instanceTypeId: "ecs.c7.large", family: "ecs.c7", cpuCoreCount: 2, memorySize: 4, diskQuantity: 16, eniQuantity: 3 },
  { instanceTypeId: "ecs.r7.large", family: "ecs.r7", cpuCoreCount: 2, memorySize: 16, diskQuantity: 16, eniQuantity: 3 },
];
export const findInstanceType = (id: string): InstanceTypeInfo | undefined => INSTANCE_TYPES.find((t) => t.instanceTypeId === id);

export interface ReservedInstanceInfo {
  reservedInstanceId: string;
  reservedInstanceName: string;
  regionId: string;
  zoneId: string; // "" for Scope=Region
  scope: "Region" | "Zone";
  instanceType: string;
  instanceAmount: number;
  offeringType: "No Upfront" | "Partial Upfront" | "All Upfront";
  allocationType: "Normal" | "Shared";
  status: "Creating" | "Active" | "Expired" | "Inactive" | "Updating";
  platform: "Linux" | "Windows";
  lockReason?: "financial" | "security";
  creationTime: string;
  startTime: string;
  expiredTime: string;
  description: string;
  tags: { Key: string; Value: string }[];
}

/** A few reserved instances per region, so DescribeReservedInstances has something to filter and page. */
export const RESERVED_INSTANCES: readonly ReservedInstanceInfo[] = REGIONS.flatMap((r) => {
  const zones = zoneIds(r);
  const specs: Array<Pick<ReservedInstanceInfo, "scope" | "instanceType" | "instanceAmount" | "offeringType" | "status" | "platform" | "allocationType"> & { lockReason?: "financial" | "security" }> = [
    { scope: "Region", instanceType: "ecs.g7.large", instanceAmount: 10, offeringType: "All Upfront", status: "Active", platform: "Linux", allocationType: "Normal" },
    { scope: "Zone", instanceType: "ecs.g7.xlarge", instanceAmount: 2, offeringType: "No Upfront", status: "Active", platform: "Linux", allocationType: "Normal" },
    { scope: "Zone", instanceType: "ecs.c7.large", instanceAmount: 4, offeringType: "Partial Upfront", status: "Expired", platform: "Windows", allocationType: "Normal" },
    { scope: "Region", instanceType: "ecs.r7.large", instanceAmount: 1, offeringType: "All Upfront", status: "Active", platform: "Linux", allocationType: "Shared", lockReason: "financial" },
  ];
  return specs.map((s, i) => {
    const id = `ri-${stableSuffix(`${r.regionId}/ri/${i}`, 17)}`;
    return {
      reservedInstanceId: id,
      reservedInstanceName: `ri-${r.regionId}-${i + 1}`,
      regionId: r.regionId,
      zoneId: s.scope === "Zone" ? zones[i % zones.length] : "",
      scope: s.scope,
      instanceType: s.instanceType,
      instanceAmount: s.instanceAmount,
      offeringType: s.offeringType,
      allocationType: s.allocationType,
      status: s.status,
      platform: s.platform,
      lockReason: s.lockReason,
      creationTime: "2024-03-01T02:00Z",
      startTime: "2024-03-01T03:00Z",
      expiredTime: s.status === "Expired" ? "2025-03-01T16:00Z" : "2027-03-01T16:00Z",
      description: `Reserved ${s.instanceType} × ${s.instanceAmount}`,
      tags: i === 0 ? [{ Key: "team", Value: "platform" }] : [],
    };
  });
});

/** Deterministic lowercase alphanumerics, for ids that must be the same on every start. */
export function stableSuffix(seed: string, length: number): string {
  const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
  const bytes = createHash("sha256").update(seed).digest();
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[bytes[i % bytes.length] % alphabet.length];
  return out;
}

export const defaultVpcId = (regionId: string): string => `vpc-${stableSuffix(`${regionId}/default-vpc`, 21)}`;
export const defaultVSwitchId = (zoneId: string): string => `vsw-${stableSuffix(`${zoneId}/default-vsw`, 21)}`;
export const DEFAULT_VPC_CIDR = "172.16.0.0/12";
/** Each zone's default VSwitch gets its own /20 inside the default VPC. */
export const defaultVSwitchCidr = (zoneIndex: number): string => `172.${16 + Math.floor(zoneIndex / 16)}.${(zoneIndex % 16) * 16}.0/20`;
