/** The six kinds ecs-import adopts, each once: its option name, how its id looks, which name
 *  property names it, which filters ECS applies to it, and the lookup that lists it
 *  (sdk/data/lookups.ts, with the command's own client). */
import type { EcsClient } from "../../../provider/client";
import { deploymentSetSpec, diskSpec, instanceSpec, keyPairSpec, launchTemplateSpec, securityGroupSpec } from "../../../provider/resources/specs";
import type { ResourceSpec } from "../../../provider/spec/types";
import { findDeploymentSets, findDisks, findInstances, findKeyPairs, findLaunchTemplates, findSecurityGroups, type Listed } from "../../data/lookups";

export type Bag = Record<string, unknown>;

/** What a listing may filter on; each kind takes those ECS has for it. */
export interface ListFilters {
  ids?: string[];
  tags?: Record<string, string>;
  vpcId?: string;
  nameRegex?: string;
}

export interface KindInfo {
  /** The resource class and provider kind ("SecurityGroup"). */
  kind: string;
  /** Its name in --kinds ("security-group"). */
  option: string;
  spec: ResourceSpec;
  /** The prefix of its ids; a key pair's id is its name. */
  idPrefix?: string;
  /** The property of its lookup item holding its id (a key pair's name). */
  idProperty: string;
  /** The input holding its ECS name. */
  nameProperty: string;
  /** The output a reference to it uses: `x.id`, or `x.keyPairName` for a key pair. */
  refAttribute: string;
  /** Whether ECS filters it by tag and by VPC (else those filters select it through references). */
  tags: boolean;
  vpc: boolean;
  /** Every resource of the kind the filters select, with the record each was listed as. */
  list(client: EcsClient, region: string, f: ListFilters): Promise<Listed<Bag>[]>;
}

const asBags = <T extends object>(p: Promise<Listed<T>[]>): Promise<Listed<Bag>[]> => p as unknown as Promise<Listed<Bag>[]>;

/** In the order a program declares them: what others refer to comes first. */
export const KINDS: readonly KindInfo[] = [
  {
    kind: "KeyPair",
    idProperty: "keyPairName",
    option: "key-pair",
    spec: keyPairSpec,
    nameProperty: "keyPairName",
    refAttribute: "keyPairName",
    tags: true,
    vpc: false,
    list: (c, region, f) => asBags(findKeyPairs(c, region, { names: f.ids, tags: f.tags, nameRegex: f.nameRegex })),
  },
  {
    kind: "SecurityGroup",
    idProperty: "securityGroupId",
    option: "security-group",
    spec: securityGroupSpec,
    idPrefix: "sg-",
    nameProperty: "securityGroupName",
    refAttribute: "id",
    tags: true,
    vpc: true,
    list: (c, region, f) => asBags(findSecurityGroups(c, region, { ids: f.ids, tags: f.tags, vpcId: f.vpcId, nameRegex: f.nameRegex })),
  },
  {
    kind: "DeploymentSet",
    idProperty: "deploymentSetId",
    option: "deployment-set",
    spec: deploymentSetSpec,
    idPrefix: "ds-",
    nameProperty: "deploymentSetName",
    refAttribute: "id",
    tags: false,
    vpc: false,
    list: (c, region, f) => asBags(findDeploymentSets(c, region, { ids: f.ids, nameRegex: f.nameRegex })),
  },
  {
    kind: "LaunchTemplate",
    idProperty: "launchTemplateId",
    option: "launch-template",
    spec: launchTemplateSpec,
    idPrefix: "lt-",
    nameProperty: "launchTemplateName",
    refAttribute: "id",
    tags: true,
    vpc: false,
    list: (c, region, f) => asBags(findLaunchTemplates(c, region, { ids: f.ids, tags: f.tags, nameRegex: f.nameRegex })),
  },
  {
    kind: "Instance",
    idProperty: "instanceId",
    option: "instance",
    spec: instanceSpec,
    idPrefix: "i-",
    nameProperty: "instanceName",
    refAttribute: "id",
    tags: true,
    vpc: true,
    list: (c, region, f) => asBags(findInstances(c, region, { ids: f.ids, tags: f.tags, vpcId: f.vpcId, nameRegex: f.nameRegex })),
  },
  {
    kind: "Disk",
    idProperty: "diskId",
    option: "disk",
    spec: diskSpec,
    idPrefix: "d-",
    nameProperty: "diskName",
    refAttribute: "id",
    tags: true,
    vpc: false,
    // Data disks only: a system disk goes with its instance.
    list: (c, region, f) => asBags(findDisks(c, region, { ids: f.ids, tags: f.tags, diskType: "data", nameRegex: f.nameRegex })),
  },
];

export function kindInfo(kind: string): KindInfo {
  const k = KINDS.find((x) => x.kind === kind);
  if (!k) throw new Error(`ecs-import: unknown kind ${kind}`);
  return k;
}

/** A --kinds word → the kind: "security-group", "SecurityGroup", "securitygroups" … */
export function kindFromOption(word: string): KindInfo | undefined {
  const norm = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, "");
  const w = norm(word);
  return KINDS.find((k) => norm(k.kind) === w || `${norm(k.kind)}s` === w);
}

/** The kind an id of --ids names: by its prefix; anything else is a key pair's name. */
export function kindOfId(id: string): KindInfo {
  return KINDS.find((k) => k.idPrefix !== undefined && id.startsWith(k.idPrefix)) ?? kindInfo("KeyPair");
}

/** A resource's key across regions and kinds. */
export const keyOf = (kind: string, region: string, id: string): string => `${kind}:${region}/${id}`;

/** The ECS name the resource carries, if any. */
export const ecsNameOf = (kind: string, inputs: Bag): string | undefined => {
  const v = inputs[kindInfo(kind).nameProperty];
  return typeof v === "string" && v !== "" ? v : undefined;
};

/** Code-unit order: the same output on every machine, whatever its locale. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
