/** Lookups of existing resources (getInstances, getDisks, getSecurityGroups, getKeyPairs,
 *  getLaunchTemplates, getDeploymentSets): one Describe walked over every page with the API's
 *  filters, then nameRegex (and names) applied here. Each item is read through the resource's
 *  spec, so it carries the resource's own property names and spellings (sdk/data/spec.ts,
 *  LOOKUP_FIELDS). The find* functions are the same lookups with a given client, each item with
 *  the record it was listed as (ecs-import lists with them). */
import { collectAll, jsonArray, pagesByNumber, type EcsClient, type Params } from "../../provider/client";
import { REGION_FIELD } from "../../provider/spec/build";
import { viewOf } from "../../provider/spec/view";
import type { ResourceSpec } from "../../provider/spec/types";
import { deploymentSetSpec, diskSpec, instanceSpec, keyPairSpec, launchTemplateSpec, securityGroupSpec } from "../../provider/resources/specs";
import type {
  DeploymentSetInfo, DiskInfo, GetDeploymentSetsArgs, GetDeploymentSetsResult, GetDisksArgs, GetDisksResult, GetInstancesArgs, GetInstancesResult, GetKeyPairsArgs, GetKeyPairsResult,
  GetLaunchTemplatesArgs, GetLaunchTemplatesResult, GetSecurityGroupsArgs, GetSecurityGroupsResult, InstanceInfo, KeyPairInfo, LaunchTemplateInfo, SecurityGroupInfo,
} from "../../provider/types";
import { dataClient, regionFor } from "./client";
import { dataFunction } from "./invoke";
import { LOOKUP_FIELDS } from "./spec";

type Raw = Record<string, unknown>;

interface Lookup {
  spec: ResourceSpec;
  action: string;
  /** The answer's wrapper and item ("Instances", "Instance"). */
  list: readonly [string, string];
  /** DescribeSecurityGroups and DescribeLaunchTemplates page by at most 50. */
  pageSize: number;
  /** The record the spec reads, from one listed item (default: the item as it is). */
  record?: (item: Raw) => Raw;
}

const tagParams = (tags: Record<string, string> | undefined, param = "Tag"): Params => (tags ? { [param]: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } : {});

/** An item a lookup found, and the Describe record it was listed as. */
export interface Listed<T> {
  info: T;
  record: Raw;
}

const infos = <T>(listed: readonly Listed<T>[]): T[] => listed.map((l) => l.info);

/** Every listed item through the spec, cut to the lookup's fields, and the names regex applied. */
async function find<T>(client: EcsClient, how: Lookup, region: string, params: Params, nameOf: (item: T) => string | undefined, nameRegex: string | undefined): Promise<Listed<T>[]> {
  const items = await collectAll(
    pagesByNumber<Raw>(client, how.action, { RegionId: region, ...params }, { items: (page) => (((page[how.list[0]] as Raw | undefined)?.[how.list[1]] as Raw[] | undefined) ?? []), pageSize: how.pageSize }),
  );
  const fields = LOOKUP_FIELDS[how.spec.kind as keyof typeof LOOKUP_FIELDS] as readonly string[];
  const re = nameRegex === undefined ? undefined : new RegExp(nameRegex);
  return items
    .map((record) => {
      const outs = viewOf(how.spec, { ...(how.record ? how.record(record) : record), [REGION_FIELD]: region }, {}, undefined).outs;
      return { info: Object.fromEntries(fields.filter((f) => outs[f] !== undefined).map((f) => [f, outs[f]])) as T, record };
    })
    .filter(({ info }) => !re || re.test(nameOf(info) ?? ""));
}

export const findInstances = (client: EcsClient, region: string, args: GetInstancesArgs): Promise<Listed<InstanceInfo>[]> =>
  find<InstanceInfo>(
    client,
    { spec: instanceSpec, action: "DescribeInstances", list: ["Instances", "Instance"], pageSize: 100 },
    region,
    {
      InstanceIds: args.ids ? jsonArray(args.ids) : undefined,
      InstanceName: args.instanceName,
      Status: args.status,
      VpcId: args.vpcId,
      VSwitchId: args.vswitchId,
      ZoneId: args.zoneId,
      SecurityGroupId: args.securityGroupId,
      ...tagParams(args.tags),
    },
    (i) => i.instanceName,
    args.nameRegex,
  );

export const [getInstances, getInstancesOutput] = dataFunction("getInstances", async (args: GetInstancesArgs): Promise<GetInstancesResult> => {
  const client = dataClient();
  const region = await regionFor(client, args.region);
  const instances = infos(await findInstances(client, region, args));
  return { region, ids: instances.map((i) => i.instanceId), instances };
});

export const findDisks = (client: EcsClient, region: string, args: GetDisksArgs): Promise<Listed<DiskInfo>[]> =>
  find<DiskInfo>(
    client,
    { spec: diskSpec, action: "DescribeDisks", list: ["Disks", "Disk"], pageSize: 100 },
    region,
    {
      DiskIds: args.ids ? jsonArray(args.ids) : undefined,
      DiskName: args.diskName,
      InstanceId: args.instanceId,
      ZoneId: args.zoneId,
      Category: args.category,
      Status: args.status,
      DiskType: args.diskType,
      ...tagParams(args.tags),
    },
    (d) => d.diskName,
    args.nameRegex,
  );

export const [getDisks, getDisksOutput] = dataFunction("getDisks", async (args: GetDisksArgs): Promise<GetDisksResult> => {
  const client = dataClient();
  const region = await regionFor(client, args.region);
  const disks = infos(await findDisks(client, region, args));
  return { region, ids: disks.map((d) => d.diskId), disks };
});

export const findSecurityGroups = (client: EcsClient, region: string, args: GetSecurityGroupsArgs): Promise<Listed<SecurityGroupInfo>[]> =>
  find<SecurityGroupInfo>(
    client,
    {
      spec: securityGroupSpec,
      action: "DescribeSecurityGroups",
      list: ["SecurityGroups", "SecurityGroup"],
      pageSize: 50,
      // The spec reads the group's own record (securityGroup/ecs.ts); a listed group says the same under the API's names.
      record: (g) => ({ securityGroupId: g.SecurityGroupId, securityGroupName: g.SecurityGroupName, description: g.Description, vpcId: g.VpcId, Tags: g.Tags }),
    },
    region,
    { SecurityGroupIds: args.ids ? jsonArray(args.ids) : undefined, SecurityGroupName: args.securityGroupName, VpcId: args.vpcId, ...tagParams(args.tags) },
    (g) => g.securityGroupName,
    args.nameRegex,
  );

export const [getSecurityGroups, getSecurityGroupsOutput] = dataFunction("getSecurityGroups", async (args: GetSecurityGroupsArgs): Promise<GetSecurityGroupsResult> => {
  const client = dataClient();
  const region = await regionFor(client, args.region);
  const securityGroups = infos(await findSecurityGroups(client, region, args));
  return { region, ids: securityGroups.map((g) => g.securityGroupId), securityGroups };
});

export const findKeyPairs = async (client: EcsClient, region: string, args: GetKeyPairsArgs): Promise<Listed<KeyPairInfo>[]> => {
  const found = await find<KeyPairInfo>(
    client,
    { spec: keyPairSpec, action: "DescribeKeyPairs", list: ["KeyPairs", "KeyPair"], pageSize: 50 },
    region,
    { KeyPairName: args.keyPairName, KeyPairFingerPrint: args.fingerPrint, ...tagParams(args.tags) },
    (k) => k.keyPairName,
    args.nameRegex,
  );
  return args.names ? found.filter(({ info }) => args.names?.includes(info.keyPairName)) : found;
};

export const [getKeyPairs, getKeyPairsOutput] = dataFunction("getKeyPairs", async (args: GetKeyPairsArgs): Promise<GetKeyPairsResult> => {
  const client = dataClient();
  const region = await regionFor(client, args.region);
  const keyPairs = infos(await findKeyPairs(client, region, args));
  return { region, ids: keyPairs.map((k) => k.keyPairName), keyPairs };
});

export const findLaunchTemplates = (client: EcsClient, region: string, args: GetLaunchTemplatesArgs): Promise<Listed<LaunchTemplateInfo>[]> =>
  find<LaunchTemplateInfo>(
    client,
    {
      spec: launchTemplateSpec,
      action: "DescribeLaunchTemplates",
      list: ["LaunchTemplateSets", "LaunchTemplateSet"],
      pageSize: 50,
      // The spec reads a version's data (launchTemplate/ecs.ts); a listed template holds only the
      // template's own fields. Its Tags are the template's own (TemplateTag), not the tags a
      // version gives launched instances (the spec's `tags`): they are not read as those.
      record: (lt) => ({ LaunchTemplateId: lt.LaunchTemplateId, LaunchTemplateName: lt.LaunchTemplateName, LatestVersionNumber: lt.LatestVersionNumber, DefaultVersionNumber: lt.DefaultVersionNumber }),
    },
    region,
    { LaunchTemplateId: args.ids, LaunchTemplateName: args.names, ...tagParams(args.tags, "TemplateTag") },
    (t) => t.launchTemplateName,
    args.nameRegex,
  );

export const [getLaunchTemplates, getLaunchTemplatesOutput] = dataFunction("getLaunchTemplates", async (args: GetLaunchTemplatesArgs): Promise<GetLaunchTemplatesResult> => {
  const client = dataClient();
  const region = await regionFor(client, args.region);
  const launchTemplates = infos(await findLaunchTemplates(client, region, args));
  return { region, ids: launchTemplates.map((t) => t.launchTemplateId), launchTemplates };
});

export const findDeploymentSets = (client: EcsClient, region: string, args: GetDeploymentSetsArgs): Promise<Listed<DeploymentSetInfo>[]> =>
  find<DeploymentSetInfo>(
    client,
    { spec: deploymentSetSpec, action: "DescribeDeploymentSets", list: ["DeploymentSets", "DeploymentSet"], pageSize: 50 },
    region,
    { DeploymentSetIds: args.ids ? jsonArray(args.ids) : undefined, DeploymentSetName: args.deploymentSetName, Strategy: args.strategy },
    (s) => s.deploymentSetName,
    args.nameRegex,
  );

export const [getDeploymentSets, getDeploymentSetsOutput] = dataFunction("getDeploymentSets", async (args: GetDeploymentSetsArgs): Promise<GetDeploymentSetsResult> => {
  const client = dataClient();
  const region = await regionFor(client, args.region);
  const deploymentSets = infos(await findDeploymentSets(client, region, args));
  return { region, ids: deploymentSets.map((s) => s.deploymentSetId), deploymentSets };
});
