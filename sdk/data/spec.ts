/** The data functions' arguments and results, once: schema.json's functions section, the
 *  generated argument/result types and the argument checks (./args.ts) derive from here. */
import { arg, fn, res, t } from "../../provider/spec/build";
import { alwaysOutput } from "../../provider/spec/schema";
import { regionRule } from "../../provider/spec/build";
import { idOf, maxItems, oneOf, pattern, range } from "../../provider/spec/rules";
import * as limits from "../../provider/spec/limits";
import { deploymentSetSpec, diskSpec, instanceSpec, keyPairSpec, launchTemplateSpec, securityGroupSpec } from "../../provider/resources/specs";
import type { FieldSpec, FunctionSpec, ResourceSpec, Rule, TypeSpec } from "../../provider/spec/types";

const REGION_DOC = "Region to ask; defaults to alicloud-ecs:region, then ALIBABA_CLOUD_REGION_ID / ALICLOUD_REGION, then the credentials profile.";
const region = arg(t.string, REGION_DOC, { rules: [regionRule] });

/** A JavaScript regular expression, compiled here so a malformed one fails with its reason. */
const regex: Rule = (v) => {
  if (typeof v !== "string") return undefined;
  try {
    new RegExp(v);
    return undefined;
  } catch (e) {
    return `is not a valid regular expression: ${(e as Error).message}`;
  }
};

const instanceChargeType = t.enum("InstanceChargeType", "How instances are billed: PrePaid (subscription) or PostPaid (pay-as-you-go).", ["PrePaid", "PostPaid"]);
const regionResourceType = t.enum("RegionResourceType", "The resource type whose regions are listed.", ["instance", "disk", "reservedinstance", "scu"]);
const acceptLanguage = t.enum("AcceptLanguage", "The language of localized names.", ["zh-CN", "en-US", "ja"]);
const spotStrategy = t.enum("SpotStrategy", "The spot strategy zones are listed for.", limits.SPOT_STRATEGIES);

const regionType = t.object("Region", "A region.", {
  regionId: res(t.string, "Region ID."),
  localName: res(t.string, "Localized name."),
  regionEndpoint: res(t.string, "Endpoint."),
  status: res(t.string, "available or soldOut.", { required: false }),
});
const zoneType = t.object("Zone", "A zone.", {
  zoneId: res(t.string, "Zone ID."),
  localName: res(t.string, "Localized name."),
  availableResourceCreation: res(t.list(t.string), "Creatable resource types."),
  availableDiskCategories: res(t.list(t.string), "Disk categories."),
  availableInstanceTypes: res(t.list(t.string), "Instance types."),
});
const instanceStatusType = t.object("InstanceStatus", "An instance status.", {
  instanceId: res(t.string, "Instance ID."),
  status: res(t.string, "Pending, Running, Starting, Stopping or Stopped."),
});
const reservedInstanceType = t.object("ReservedInstance", "A reserved instance.", {
  reservedInstanceId: res(t.string, "reservedInstanceId"),
  reservedInstanceName: res(t.string, "reservedInstanceName"),
  regionId: res(t.string, "regionId"),
  zoneId: res(t.string, "zoneId"),
  instanceType: res(t.string, "instanceType"),
  scope: res(t.string, "scope"),
  offeringType: res(t.string, "offeringType"),
  platform: res(t.string, "platform"),
  status: res(t.string, "status"),
  allocationStatus: res(t.string, "allocationStatus"),
  description: res(t.string, "description"),
  creationTime: res(t.string, "creationTime"),
  startTime: res(t.string, "startTime"),
  expiredTime: res(t.string, "expiredTime"),
  resourceGroupId: res(t.string, "resourceGroupId"),
  instanceAmount: res(t.integer, "Matching pay-as-you-go instances."),
  operationLocks: res(t.list(t.string), "Lock reasons."),
  tags: res(t.map, "Tags."),
});
const imageType = t.object("Image", "An image.", {
  imageId: res(t.string, "imageId"),
  imageName: res(t.string, "imageName"),
  osName: res(t.string, "osName"),
  osType: res(t.string, "osType"),
  platform: res(t.string, "platform"),
  architecture: res(t.string, "architecture"),
  status: res(t.string, "status"),
  imageOwnerAlias: res(t.string, "imageOwnerAlias"),
  creationTime: res(t.string, "creationTime"),
  size: res(t.integer, "Minimum system disk size in GiB."),
});
const instanceTypeType = t.object("InstanceType", "An instance type.", {
  instanceTypeId: res(t.string, "Type ID."),
  instanceTypeFamily: res(t.string, "Family."),
  cpuCoreCount: res(t.integer, "vCPUs."),
  memorySize: res(t.number, "Memory in GiB."),
});
const tencentBareMetalZoneType = t.object("TencentBareMetalZone", "A zone.", {
  zoneId: res(t.integer, "Zone ID."),
  zoneName: res(t.string, "Name."),
  zoneEname: res(t.string, "English name."),
});
const tencentBareMetalRegionType = t.object("TencentBareMetalRegion", "A region.", {
  regionId: res(t.integer, "Region ID."),
  regionName: res(t.string, "Name."),
  setName: res(t.string, "English name, e.g. ap-guangzhou."),
  zones: res(t.list(tencentBareMetalZoneType), "Zones."),
});

const RESERVED_STATUSES = ["Creating", "Active", "Expired", "Updating", "Inactive"];

// ---------------------------------------------------------------------------------------------
// Lookups: existing resources found by filters, each item in the resource's own property names

/** The members a lookup returns for each item: the resource's properties of these names, typed
 *  and documented as the resource's outputs, so a looked-up value reads like the resource's own. */
export const LOOKUP_FIELDS = {
  Instance: ["instanceId", "region", "zoneId", "instanceName", "description", "hostName", "imageId", "instanceType", "status", "vswitchId", "securityGroupIds", "keyPairName", "privateIp", "publicIp", "internetMaxBandwidthOut", "internetChargeType", "deploymentSetId", "deletionProtection", "creditSpecification", "creationTime", "tags"],
  Disk: ["diskId", "region", "zoneId", "diskName", "description", "category", "size", "status", "instanceId", "device", "encrypted", "deleteWithInstance", "deleteAutoSnapshot", "snapshotId", "tags"],
  SecurityGroup: ["securityGroupId", "region", "securityGroupName", "description", "vpcId", "tags"],
  KeyPair: ["keyPairName", "region", "fingerPrint", "tags"],
  LaunchTemplate: ["launchTemplateId", "region", "launchTemplateName", "latestVersionNumber", "defaultVersionNumber"],
  // Not onUnableToRedeployFailedInstance: ECS never reports it.
  DeploymentSet: ["deploymentSetId", "region", "deploymentSetName", "description", "strategy", "instanceIds"],
} as const;

function infoType(spec: ResourceSpec, fields: readonly string[]): TypeSpec {
  const members: Record<string, FieldSpec> = {};
  for (const name of fields) {
    const input = spec.inputs[name];
    const output = spec.outputs[name];
    const type = input?.type ?? output?.type;
    if (!type) throw new Error(`${spec.kind} has no property ${name}`);
    const always = output ? output.required !== false : alwaysOutput(name, input);
    members[name] = res(type, input ? (input.outDoc ?? input.doc) : (output?.doc ?? ""), { required: always });
  }
  return t.object(`${spec.kind}Info`, `A ${spec.noun} as a lookup finds it: the ${spec.kind} resource's own property names.`, members);
}

const ids = (what: string) => arg(t.list(t.string), `${what} (at most ${limits.MAX_IDS_PER_CALL}).`, { rules: [maxItems(limits.MAX_IDS_PER_CALL)] });
const nameRegex = arg(t.string, "A JavaScript regular expression the name must match (applied to what ECS returns).", { rules: [regex] });
const tagFilter = arg(t.map, "Only resources carrying all these tags (an empty value matches any value).", { rules: [(v) => (v && typeof v === "object" && Object.keys(v).length > limits.TAGS.maxPerResource ? `must have at most ${limits.TAGS.maxPerResource} tags` : undefined)] });
const lookupResult = (spec: ResourceSpec, list: string) => ({
  region: res(t.string, "The region asked."),
  ids: res(t.list(t.string), `The IDs found (${spec.kind === "KeyPair" ? "key pair names" : "in the order ECS lists them"}).`),
  [list]: res(t.list(infoType(spec, LOOKUP_FIELDS[spec.kind as keyof typeof LOOKUP_FIELDS])), `The ${spec.noun}s found.`),
});

const INSTANCE_STATUSES = ["Pending", "Running", "Starting", "Stopping", "Stopped"];
const DISK_STATUSES = ["In_use", "Available", "Attaching", "Detaching", "Creating", "ReIniting"];

const stackResourceType = t.object("StackResource", "A resource carrying a stack's ownership tag.", {
  kind: res(t.string, "Instance, Disk, SecurityGroup, KeyPair or LaunchTemplate."),
  id: res(t.string, "Its ID (a key pair's name)."),
  name: res(t.string, "Its logical name in the program."),
  region: res(t.string, "Its region."),
  interrupted: res(t.boolean, "Created by a run that was interrupted before the state recorded it (its tag still marked `?creating`): the next `pulumi up` that declares it adopts it."),
});

export const FUNCTIONS = {
  getRegions: fn(
    "Regions available to the account (DescribeRegions).",
    {
      instanceChargeType: arg(instanceChargeType, "PrePaid or PostPaid (the API's default)."),
      resourceType: arg(regionResourceType, "instance (default), disk, reservedinstance or scu."),
      acceptLanguage: arg(acceptLanguage, "Language of localName: zh-CN (the API's default), en-US or ja."),
    },
    { regions: res(t.list(regionType), "The regions."), ids: res(t.list(t.string), "The region IDs.") },
  ),
  getZones: fn(
    "Zones of a region (DescribeZones).",
    {
      region,
      instanceChargeType: arg(instanceChargeType, "PrePaid or PostPaid."),
      spotStrategy: arg(spotStrategy, "NoSpot, SpotWithPriceLimit or SpotAsPriceGo."),
      acceptLanguage: arg(acceptLanguage, "zh-CN, en-US or ja."),
    },
    { region: res(t.string, "The region asked."), zones: res(t.list(zoneType), "The zones."), ids: res(t.list(t.string), "The zone IDs.") },
  ),
  getInstanceStatuses: fn(
    "The status of every instance in a region (DescribeInstanceStatus), all pages (50 per page).",
    { region, zoneId: arg(t.string, "Only instances of this zone.") },
    {
      region: res(t.string, "The region asked."),
      instanceStatuses: res(t.list(instanceStatusType), "Every instance's status."),
      totalCount: res(t.integer, "TotalCount as ECS reported it."),
    },
  ),
  getReservedInstances: fn(
    "Reserved instances bought in a region (DescribeReservedInstances), all pages.",
    {
      region,
      zoneId: arg(t.string, "Zone filter."),
      reservedInstanceIds: arg(t.list(t.string), `IDs (at most ${limits.MAX_IDS_PER_CALL}).`, { rules: [maxItems(limits.MAX_IDS_PER_CALL)] }),
      reservedInstanceName: arg(t.string, "Name filter."),
      statuses: arg(t.list(t.string), `Status filter (${RESERVED_STATUSES.join(", ")}).`, { rules: [maxItems(100), (v, at) => (Array.isArray(v) ? v.map((s) => oneOf(RESERVED_STATUSES)(s, at)).find(Boolean) : undefined)] }),
      lockReason: arg(t.string, "Lock reason filter."),
      instanceType: arg(t.string, "Instance type filter."),
      instanceTypeFamily: arg(t.string, "Instance type family filter."),
      scope: arg(t.string, "Region or Zone.", { rules: [oneOf(["Region", "Zone"])] }),
      offeringType: arg(t.string, "No Upfront, Partial Upfront or All Upfront.", { rules: [oneOf(["No Upfront", "Partial Upfront", "All Upfront"])] }),
      allocationType: arg(t.string, "Normal or Shared.", { rules: [oneOf(["Normal", "Shared"])] }),
      tags: arg(t.map, `Tag filter (at most ${limits.TAGS.maxPerResource}).`, { rules: [(v) => (v && typeof v === "object" && Object.keys(v).length > limits.TAGS.maxPerResource ? `must have at most ${limits.TAGS.maxPerResource} tags` : undefined)] }),
    },
    {
      region: res(t.string, "The region asked."),
      reservedInstances: res(t.list(reservedInstanceType), "The reserved instances."),
      totalCount: res(t.integer, "TotalCount as ECS reported it."),
    },
  ),
  getImages: fn(
    "Images available in a region (DescribeImages), all pages, optionally filtered.",
    {
      region,
      imageId: arg(t.string, "Image ID(s), comma-separated."),
      imageName: arg(t.string, "Image name."),
      imageOwnerAlias: arg(t.string, "system, self, others or marketplace.", { rules: [oneOf(["system", "self", "others", "marketplace"])] }),
      status: arg(t.string, "Available (default), Creating, UnAvailable, CreateFailed.", { rules: [oneOf(["Available", "Creating", "UnAvailable", "CreateFailed", "Waiting"])] }),
      osType: arg(t.string, "Client-side filter: linux or windows.", { rules: [oneOf(["linux", "windows"])] }),
      nameRegex: arg(t.string, "Client-side regular expression on imageName.", { rules: [regex] }),
    },
    { region: res(t.string, "The region asked."), images: res(t.list(imageType), "The images."), ids: res(t.list(t.string), "The image IDs.") },
  ),
  getInstanceTypes: fn(
    "Instance types (DescribeInstanceTypes), optionally filtered.",
    {
      region,
      instanceTypeFamily: arg(t.string, "Family, e.g. ecs.g7."),
      cpuCoreCount: arg(t.integer, "Client-side filter.", { rules: [range(1, 1024)] }),
      memorySize: arg(t.number, "Client-side filter (GiB).", { rules: [range(0, 1 << 20)] }),
    },
    { region: res(t.string, "The region asked."), instanceTypes: res(t.list(instanceTypeType), "The instance types."), ids: res(t.list(t.string), "The type IDs.") },
  ),
  getStackResources: fn(
    "The resources of a stack in a region, by the ownership tag the provider puts on every resource it creates (deployment sets cannot carry it). Those the stack's state does not hold are orphans: the ecs-orphans command lists them.",
    {
      region,
      stack: arg(t.string, "The stack as project/stack; defaults to this program's.", { rules: [pattern(/^[^/]+\/[^/]+$/, "must be project/stack")] }),
    },
    { region: res(t.string, "The region asked."), stack: res(t.string, "The stack asked."), resources: res(t.list(stackResourceType), "The resources, by kind.") },
  ),
  getInstances: fn(
    "Existing instances of a region (DescribeInstances, every page), filtered by the API (ids, name, tags, status, VPC, vswitch, zone, security group) and by nameRegex.",
    {
      region,
      ids: ids("Instance IDs"),
      instanceName: arg(t.string, "Name filter of the API (`*` as a wildcard)."),
      nameRegex,
      tags: tagFilter,
      status: arg(t.string, `One of ${INSTANCE_STATUSES.join(", ")}.`, { rules: [oneOf(INSTANCE_STATUSES)] }),
      vpcId: arg(t.string, "Only instances of this VPC.", { rules: [idOf("vpc", "a VPC")] }),
      vswitchId: arg(t.string, "Only instances of this vswitch.", { rules: [idOf("vsw", "a vswitch")] }),
      zoneId: arg(t.string, "Only instances of this zone."),
      securityGroupId: arg(t.string, "Only instances in this security group.", { rules: [idOf("sg", "a security group")] }),
    },
    lookupResult(instanceSpec, "instances"),
  ),
  getDisks: fn(
    "Existing disks of a region (DescribeDisks, every page), filtered by the API (ids, name, tags, instance, zone, category, status, type) and by nameRegex.",
    {
      region,
      ids: ids("Disk IDs"),
      diskName: arg(t.string, "Name filter of the API."),
      nameRegex,
      tags: tagFilter,
      instanceId: arg(t.string, "Only the disks of this instance.", { rules: [idOf("i", "an instance")] }),
      zoneId: arg(t.string, "Only disks of this zone."),
      category: arg(t.string, `A disk category: ${limits.diskCategories("data").join(", ")}.`, { rules: [oneOf(limits.diskCategories("data"))] }),
      status: arg(t.string, `One of ${DISK_STATUSES.join(", ")}.`, { rules: [oneOf(DISK_STATUSES)] }),
      diskType: arg(t.string, "system, data or all (the API's default).", { rules: [oneOf(["system", "data", "all"])] }),
    },
    lookupResult(diskSpec, "disks"),
  ),
  getSecurityGroups: fn(
    "Existing security groups of a region (DescribeSecurityGroups, every page), filtered by the API (ids, name, tags, VPC) and by nameRegex. Rules are not listed (one call per group): adopt a group with the `import` resource option to manage them.",
    {
      region,
      ids: ids("Security group IDs"),
      securityGroupName: arg(t.string, "Name filter of the API."),
      nameRegex,
      tags: tagFilter,
      vpcId: arg(t.string, "Only groups of this VPC.", { rules: [idOf("vpc", "a VPC")] }),
    },
    lookupResult(securityGroupSpec, "securityGroups"),
  ),
  getKeyPairs: fn(
    "Existing key pairs of a region (DescribeKeyPairs, every page), filtered by the API (name with `*`, fingerprint, tags) and by names and nameRegex.",
    {
      region,
      names: arg(t.list(t.string), "Key pair names (at most 100).", { rules: [maxItems(limits.MAX_IDS_PER_CALL)] }),
      keyPairName: arg(t.string, "Name filter of the API (`*` as a wildcard)."),
      nameRegex,
      fingerPrint: arg(t.string, "Only the key pair with this fingerprint."),
      tags: tagFilter,
    },
    lookupResult(keyPairSpec, "keyPairs"),
  ),
  getLaunchTemplates: fn(
    "Existing launch templates of a region (DescribeLaunchTemplates, every page), filtered by the API (ids, names, tags) and by nameRegex. Each item is the template itself (id, name, latest and default version numbers), not a version's configuration: the tags a version gives launched instances (a LaunchTemplate's `tags`) are not listed, nor matched by `tags`.",
    {
      region,
      ids: ids("Launch template IDs"),
      names: arg(t.list(t.string), "Launch template names (at most 100).", { rules: [maxItems(limits.MAX_IDS_PER_CALL)] }),
      nameRegex,
      tags: arg(tagFilter.type, "Only templates carrying all these tags on the template itself (TemplateTag; an empty value matches any value). These are not the tags a version gives launched instances (a LaunchTemplate's `tags`).", { rules: tagFilter.rules }),
    },
    lookupResult(launchTemplateSpec, "launchTemplates"),
  ),
  getDeploymentSets: fn(
    "Existing deployment sets of a region (DescribeDeploymentSets, every page), filtered by the API (ids, name, strategy) and by nameRegex.",
    {
      region,
      ids: ids("Deployment set IDs"),
      deploymentSetName: arg(t.string, "Name filter of the API."),
      nameRegex,
      strategy: arg(t.string, `One of ${limits.DEPLOYMENT_STRATEGIES.join(", ")}.`, { rules: [oneOf(limits.DEPLOYMENT_STRATEGIES)] }),
    },
    lookupResult(deploymentSetSpec, "deploymentSets"),
  ),
  getTencentBareMetalRegions: fn(
    "Tencent Cloud black-stone (bare metal 1.0) regions and zones (DescribeRegions of the v2 API at bm.api.cloud.tencent.com). Credentials: alicloud-ecs:tencentSecretId / tencentSecretKey, else TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY; endpoint override alicloud-ecs:tencentEndpoint or TENCENT_BM_ENDPOINT.",
    {
      regionId: arg(t.integer, "Filter: 1 (Guangzhou), 4 (Shanghai), 8 (Beijing).", { rules: [range(1, 1000)] }),
      region: arg(t.string, "The common Region parameter (default gz)."),
    },
    { regions: res(t.list(tencentBareMetalRegionType), "The regions, ordered by regionId.") },
  ),
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTIONS;
