/** Every resource kind the emulator keeps, described once: where its records live in a region, how
 *  its ids look, whether and under which ResourceType names it takes tags, its per-region quota and
 *  its "not found" error. State, tags, the admin API, ids and quotas all read these descriptors. */
import { PER_REGION } from "../provider/spec/limits";
import { ApiError } from "./errors";

export interface KindDescriptor {
  /** The region's collection holding the records (RegionState[collection], keyed by id). */
  readonly collection: string;
  /** Id prefix (`i-…`); absent for kinds named by the user (key pairs: id = name). */
  readonly idPrefix?: string;
  /** Tag API names: ResourceType (lowercase, as TagResources/AddTags take it) and the field that
   *  counts it in DescribeTags' ResourceTypeCount. Absent: not taggable through ECS. */
  readonly tags?: { readonly resourceType: string; readonly countField: string };
  /** Records per region and the error beyond (the reference's quotas). */
  readonly quota?: { readonly perRegion: number; readonly code: string; readonly message: string };
  /** The error for an id that does not exist (what most actions answer; a few name their own). */
  readonly notFound: { readonly code: string; readonly status: number; readonly what: string };
}

export const KINDS = {
  instance: {
    collection: "instances",
    idPrefix: "i",
    tags: { resourceType: "instance", countField: "Instance" },
    notFound: { code: "InvalidInstanceId.NotFound", status: 404, what: "InstanceId" },
  },
  disk: {
    collection: "disks",
    idPrefix: "d",
    tags: { resourceType: "disk", countField: "Disk" },
    notFound: { code: "InvalidDiskId.NotFound", status: 404, what: "disk" },
  },
  securitygroup: {
    collection: "securityGroups",
    idPrefix: "sg",
    tags: { resourceType: "securitygroup", countField: "Securitygroup" },
    quota: { perRegion: PER_REGION.securityGroups, code: "QuotaExceed.SecurityGroup", message: "The maximum number of security groups is reached" },
    notFound: { code: "InvalidSecurityGroupId.NotFound", status: 404, what: "SecurityGroupId" },
  },
  keypair: {
    collection: "keyPairs",
    tags: { resourceType: "keypair", countField: "KeyPair" },
    quota: { perRegion: PER_REGION.keyPairs, code: "QuotaExceed.KeyPair", message: "The key pair quota exceeds" },
    notFound: { code: "InvalidKeyPairName.NotFound", status: 404, what: "KeyPairName" },
  },
  launchtemplate: {
    collection: "launchTemplates",
    idPrefix: "lt",
    tags: { resourceType: "launchtemplate", countField: "LaunchTemplate" },
    quota: { perRegion: PER_REGION.launchTemplates, code: "LaunchTemplateLimitExceed", message: "The maximum number of templates is exceeded" },
    notFound: { code: "InvalidLaunchTemplate.NotFound", status: 400, what: "LaunchTemplateId" },
  },
  deploymentset: {
    collection: "deploymentSets",
    idPrefix: "ds",
    tags: { resourceType: "deploymentset", countField: "DeploymentSet" },
    quota: { perRegion: PER_REGION.deploymentSets, code: "DEPLOYMENTSET.QUOTA_FULL", message: "The deploymentSet quota is full" },
    notFound: { code: "InvalidDeploymentSetId.NotFound", status: 404, what: "DeploymentSetId" },
  },
  vpc: {
    collection: "vpcs",
    idPrefix: "vpc",
    notFound: { code: "InvalidVpcId.NotFound", status: 404, what: "VPC" },
  },
  vswitch: {
    collection: "vswitches",
    idPrefix: "vsw",
    notFound: { code: "InvalidVSwitchId.NotFound", status: 404, what: "virtual switch" },
  },
} as const satisfies Record<string, KindDescriptor>;

export type ResourceKind = keyof typeof KINDS;
export type CollectionOf<K extends ResourceKind> = (typeof KINDS)[K]["collection"];
export type RegionCollection = CollectionOf<ResourceKind>;

export const RESOURCE_KINDS = Object.keys(KINDS) as ResourceKind[];

export function isResourceKind(kind: string): kind is ResourceKind {
  return Object.hasOwn(KINDS, kind);
}

export const descriptor = (kind: ResourceKind): KindDescriptor => KINDS[kind];

/** The kinds ECS tags, with their ResourceType names. */
export const TAGGABLE_KINDS = RESOURCE_KINDS.filter((k) => (KINDS[k] as KindDescriptor).tags);

/** The kind's "does not exist" error for one id. */
export function notFound(kind: ResourceKind, id: string): ApiError {
  const nf = KINDS[kind].notFound;
  return new ApiError(nf.code, `The specified ${nf.what} "${id}" does not exist.`, nf.status);
}

/** Throws the kind's quota error when a region already holds `count` records of it. */
export function checkQuota(kind: ResourceKind, count: number): void {
  const quota = (KINDS[kind] as KindDescriptor).quota;
  if (quota && count >= quota.perRegion) throw new ApiError(quota.code, `${quota.message}: at most ${quota.perRegion} per region.`, 403);
}
