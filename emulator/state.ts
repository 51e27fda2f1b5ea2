/** The emulator's model: plain JSON-serialisable records per account (access key) and region.
 *  Statuses that move with time are stored as a plan of timed steps and derived lazily (lifecycle.ts). */
import { randomBytes } from "node:crypto";
import { DEFAULT_VPC_CIDR, defaultVSwitchCidr, defaultVSwitchId, defaultVpcId, findRegion, zoneIds } from "./catalog";
import { KINDS, RESOURCE_KINDS, type CollectionOf, type ResourceKind } from "./kinds";

export type { RegionCollection, ResourceKind } from "./kinds";

export interface Tag {
  Key: string;
  Value: string;
}

/** One timed step of a status machine: from `at` on (emulated ms) the resource is in `status`. */
export interface StatusStep {
  status: string;
  at: number;
}

/** Fields every stored resource carries. */
export interface ResourceBase {
  id: string;
  regionId: string;
  createdAt: number; // emulated ms
  /** Creation order (Store.nextSeq): breaks createdAt ties, since many records share one emulated ms. */
  seq?: number;
  /** Describe* hides the resource until this emulated time (fault "invisible after create"). */
  hiddenUntil?: number;
  tags: Tag[];
  resourceGroupId?: string;
}

export interface InstanceRecord extends ResourceBase {
  kind: "instance";
  name: string;
  description: string;
  hostName: string;
  zoneId: string;
  instanceType: string;
  imageId: string;
  vpcId: string;
  vSwitchId: string;
  privateIpAddress: string;
  /** The public (Internet) address (actions/publicIps.ts); absent: none. Goes away with the record. */
  publicIpAddress?: string;
  securityGroupIds: string[];
  keyPairName?: string;
  deploymentSetId?: string;
  launchTemplateId?: string;
  launchTemplateVersion?: number;
  /** Whether a password was set (never the password itself). */
  hasPassword: boolean;
  userData?: string;
  instanceChargeType: "PostPaid" | "PrePaid";
  internetChargeType: string;
  internetMaxBandwidthOut: number;
  internetMaxBandwidthIn: number;
  deletionProtection: boolean;
  creditSpecification?: string;
  systemDiskId: string;
  plan: StatusStep[];
  /** Set by DeleteInstance: the instance disappears at this emulated time. */
  releaseAt?: number;
  /** RunInstances / ModifyInstanceAutoReleaseTime: when ECS will release the instance (ISO 8601 UTC,
   *  whole minutes); absent: never. Set only through sweep.ts scheduleAutoRelease. */
  autoReleaseTime?: string;
  /** AttachInstanceRamRole / RunInstances RamRoleName: the instance RAM role; absent: none. */
  ramRoleName?: string;
  /** Changes that need a restart to take effect (password, host name, key pair…). */
  pendingRestart?: boolean;
}

export interface DiskRecord extends ResourceBase {
  kind: "disk";
  name: string;
  description: string;
  zoneId: string;
  category: string;
  size: number;
  performanceLevel?: string;
  type: "system" | "data";
  encrypted: boolean;
  snapshotId: string;
  imageId: string;
  instanceId: string; // "" when unattached
  device: string;
  deleteWithInstance: boolean;
  deleteAutoSnapshot: boolean;
  enableAutoSnapshot: boolean;
  portable: boolean;
  /** ModifyInstanceChargeType IncludeDataDisks: a subscription disk; absent: pay-as-you-go. */
  chargeType?: "PrePaid";
  plan: StatusStep[];
  attachedAt?: number;
  detachedAt?: number;
}

export interface SecurityGroupRule {
  direction: "ingress" | "egress";
  ipProtocol: string;
  portRange: string;
  sourceCidrIp?: string;
  destCidrIp?: string;
  ipv6SourceCidrIp?: string;
  ipv6DestCidrIp?: string;
  sourceGroupId?: string;
  destGroupId?: string;
  sourcePortRange?: string;
  destPortRange?: string;
  sourcePrefixListId?: string;
  destPrefixListId?: string;
  policy: "accept" | "drop";
  priority: number;
  nicType: "intranet" | "internet";
  description: string;
  securityGroupRuleId: string;
  createdAt: number;
}

export interface SecurityGroupRecord extends ResourceBase {
  kind: "securitygroup";
  name: string;
  description: string;
  vpcId: string;
  securityGroupType: "normal" | "enterprise";
  innerAccessPolicy: "Accept" | "Drop";
  rules: SecurityGroupRule[];
}

export interface KeyPairRecord extends ResourceBase {
  kind: "keypair";
  /** Key pairs are named: id === name. */
  name: string;
  fingerprint: string;
  publicKey: string;
}

export interface LaunchTemplateVersionRecord {
  versionNumber: number;
  description: string;
  createdAt: number;
  modifiedAt: number;
  createdBy: string;
  /** The template data as sent (flat wire keys such as "SystemDisk.Category", "DataDisk.1.Size", "Tag.1.Key"). */
  data: Record<string, string>;
}

export interface LaunchTemplateRecord extends ResourceBase {
  kind: "launchtemplate";
  name: string;
  defaultVersionNumber: number;
  latestVersionNumber: number;
  /** The highest version number ever issued: numbers of deleted versions are not reused. */
  highestVersionNumber?: number;
  versions: LaunchTemplateVersionRecord[];
}

export interface DeploymentSetRecord extends ResourceBase {
  kind: "deploymentset";
  name: string;
  description: string;
  strategy: string;
  domain: string;
  granularity: string;
  groupCount: number;
  onUnableToRedeployFailedInstance: string;
}

export interface VpcRecord extends ResourceBase {
  kind: "vpc";
  name: string;
  description: string;
  cidrBlock: string;
  isDefault: boolean;
  status: "Available" | "Pending";
}

export interface VSwitchRecord extends ResourceBase {
  kind: "vswitch";
  name: string;
  description: string;
  vpcId: string;
  zoneId: string;
  cidrBlock: string;
  isDefault: boolean;
  availableIpAddressCount: number;
  /** Next host number handed out as a private IP. */
  nextHost: number;
}

export type AnyRecord =
  | InstanceRecord
  | DiskRecord
  | SecurityGroupRecord
  | KeyPairRecord
  | LaunchTemplateRecord
  | DeploymentSetRecord
  | VpcRecord
  | VSwitchRecord;

/** The record type of a kind. */
export type RecordOf<K extends ResourceKind> = Extract<AnyRecord, { kind: K }>;

/** Every record's kind is a described kind, and every described kind has a record type. */
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const KINDS_MATCH_RECORDS: Exact<AnyRecord["kind"], ResourceKind> = true;
void KINDS_MATCH_RECORDS;

/** A region's collections, one per kind (kinds.ts names them), keyed by id (key pairs by name). */
export type RegionCollections = { [K in ResourceKind as CollectionOf<K>]: Record<string, RecordOf<K>> };

export interface RegionState extends RegionCollections {
  regionId: string;
  /** The earliest releaseAt among its instances (sweep.ts keeps it; absent: none pending). */
  nextReleaseAt?: number;
}

/** The collection of a kind in a region. */
export function collectionOf<K extends ResourceKind>(reg: RegionState, kind: K): Record<string, RecordOf<K>> {
  return (reg as unknown as Record<string, Record<string, RecordOf<K>>>)[KINDS[kind].collection]!;
}

/** A remembered ClientToken answer (scoped per account + action + token). */
export interface IdempotencyEntry {
  paramsHash: string;
  body: Record<string, unknown>;
  at: number;
}

export interface AccountState {
  accessKeyId: string;
  regions: Record<string, RegionState>;
  idempotency: Record<string, IdempotencyEntry>;
}

export interface StateData {
  version: 1;
  accounts: Record<string, AccountState>;
  /** The last creation sequence number handed out (absent in older state files: 0). */
  seq?: number;
  clock?: { now?: number; offsetMs?: number };
}

export const emptyState = (): StateData => ({ version: 1, accounts: {} });

/** The whole mutable state, with lazy creation of accounts and regions (each region starts with
 *  its default VPC and one default VSwitch per zone). */
export class Store {
  data: StateData;

  constructor(
    data: StateData = emptyState(),
    private readonly now: () => number,
  ) {
    this.data = data;
  }

  account(accessKeyId: string): AccountState {
    let acc = this.data.accounts[accessKeyId];
    if (!acc) {
      acc = { accessKeyId, regions: {}, idempotency: {} };
      this.data.accounts[accessKeyId] = acc;
    }
    return acc;
  }

  /** The region's state; `regionId` must be a catalogue region (check with findRegion first). */
  region(accessKeyId: string, regionId: string): RegionState {
    const acc = this.account(accessKeyId);
    let reg = acc.regions[regionId];
    if (!reg) {
      reg = newRegionState(regionId, this.now());
      acc.regions[regionId] = reg;
    }
    return reg;
  }

  /** The next creation sequence number; monotonic across restarts (saved with the state). */
  nextSeq(): number {
    this.data.seq = (this.data.seq ?? 0) + 1;
    return this.data.seq;
  }

  reset(): void {
    this.data = emptyState();
  }
}

/** List order for every Describe*: creation time, then creation sequence (never the random id). */
export function byCreation(a: ResourceBase, b: ResourceBase): number {
  return a.createdAt - b.createdAt || (a.seq ?? 0) - (b.seq ?? 0);
}

function newRegionState(regionId: string, now: number): RegionState {
  const reg = { regionId, ...Object.fromEntries(RESOURCE_KINDS.map((k) => [KINDS[k].collection, {}])) } as RegionState;
  const info = findRegion(regionId);
  const vpcId = defaultVpcId(regionId);
  reg.vpcs[vpcId] = {
    kind: "vpc",
    id: vpcId,
    regionId,
    createdAt: now,
    tags: [],
    name: "default",
    description: "System created default VPC.",
    cidrBlock: DEFAULT_VPC_CIDR,
    isDefault: true,
    status: "Available",
  };
  (info ? zoneIds(info) : []).forEach((zoneId, i) => {
    const id = defaultVSwitchId(zoneId);
    reg.vswitches[id] = {
      kind: "vswitch",
      id,
      regionId,
      createdAt: now,
      tags: [],
      name: "default",
      description: "System created default virtual switch.",
      vpcId,
      zoneId,
      cidrBlock: defaultVSwitchCidr(i),
      isDefault: true,
      availableIpAddressCount: 4092,
      nextHost: 10,
    };
  });
  return reg;
}

/** Ids with the real prefixes and the real look (prefix + 20 lowercase alphanumerics): a kind's
 *  own prefix (kinds.ts), or one of a sub-object (a security group rule, `sgr`). */
export function newId(prefix: string): string {
  const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
  const bytes = randomBytes(20);
  let s = "";
  for (const b of bytes) s += alphabet[b % 36];
  return `${prefix}-${s}`;
}

/** A new id of a kind with an id prefix (kinds.ts). */
export function newIdOf(kind: ResourceKind): string {
  const prefix = (KINDS[kind] as { idPrefix?: string }).idPrefix;
  if (!prefix) throw new Error(`emulator: ${kind} records are named, not numbered`);
  return newId(prefix);
}
