/** How each ECS action (and the few VPC reads the client makes) may be repeated: the one table the
 *  client's retry policy reads (retry.ts).
 *
 *  Four classes, from the reference's semantics of each action:
 *   - natural: repeating it leaves the same state (reads, deletes, Modify* to an absolute value,
 *     Start/Stop to a target, tags, ResizeDisk to NewSize);
 *   - clientToken: a create that carries a ClientToken; ECS answers a repeat with the first result
 *     (without a token it is unsafe);
 *   - readBack: a repeat never makes a second thing (the target is named in the call) and what the
 *     first attempt did can be read back: from the repeat's answer (`already`, `doneOnRepeat`), from
 *     a Describe (`verify`), or, for creates keyed by a unique name, by the caller that gets the
 *     repeat's "name exists" answer and adopts its own resource;
 *   - unsafe: never sent again once it may have reached ECS.
 *  Whatever the class, an answer that says ECS refused before doing anything (throttling, the busy
 *  codes below and an action's own `busy`) is retried until the call's deadline.
 *
 *  Sources: the 2019 API reference (seeds/003), today's SDK models (@alicloud/ecs20140526: which
 *  actions take a ClientToken), the Terraform provider's retry and not-found lists
 *  (../shared/ANCHORS.md), and the emulator's answers to a repeated call. */
import type { Params } from "./params";

export type RepeatSafety = "natural" | "clientToken" | "readBack" | "unsafe";

/** A read through the same client (same endpoint, credentials and deadline), for read-backs. */
export type ReadCall = <T = Record<string, unknown>>(action: string, params: Params) => Promise<T>;

/** Whether the state the call asks for already holds. `params` are the call's, flat. */
export type Verify = (read: ReadCall, params: Readonly<Record<string, string>>) => Promise<boolean>;

export interface ActionRule {
  safety: RepeatSafety;
  /** Codes that mean the wanted state already holds (deleting what is gone, joining a group the
   *  instance is in): the call counts as done, on any attempt. */
  already?: readonly string[];
  /** Codes that, answered to a repeat after an attempt that may have taken effect, mean that
   *  attempt did (a repeated ResizeDisk finds the disk already that size). */
  doneOnRepeat?: readonly string[];
  /** This action's own "refused for now, nothing done" codes, retried like BUSY_CODES. */
  busy?: readonly string[];
  /** Read-back: asked after an attempt that may have taken effect and after a busy refusal, before
   *  the call is sent again; true means done (e.g. StopInstance on an instance already stopping). */
  verify?: Verify;
}

/** Refusals before any work is done, retried for every action until the call's deadline: the
 *  reference's OperationConflict (409), LastTokenProcessing (403), IncorrectInstanceStatus and
 *  IncorrectDiskStatus (403), and the Terraform provider's .Initializing variants and
 *  InvalidOperation.Conflict. Throttling (any code containing "Throttling") is retried the same way. */
export const BUSY_CODES: ReadonlySet<string> = new Set([
  "OperationConflict",
  "LastTokenProcessing",
  "IncorrectInstanceStatus",
  "IncorrectInstanceStatus.Initializing",
  "IncorrectDiskStatus",
  "IncorrectDiskStatus.Initializing",
  "InvalidOperation.Conflict",
]);

/** Server trouble after which the action may or may not have run (like any 5xx, a reset or a
 *  timeout after the request left): repeated only when the action's class allows. */
export const AMBIGUOUS_CODES: ReadonlySet<string> = new Set(["ServiceUnavailable", "InternalError", "UnknownError"]);

const NATURAL: ActionRule = { safety: "natural" };
const CLIENT_TOKEN: ActionRule = { safety: "clientToken" };

const first = (res: unknown, list: string, item: string): Record<string, unknown> | undefined =>
  ((res as Record<string, Record<string, unknown[]> | undefined>)[list]?.[item] ?? [])[0] as Record<string, unknown> | undefined;

const disk = async (read: ReadCall, p: Readonly<Record<string, string>>) =>
  first(await read("DescribeDisks", { RegionId: p.RegionId, DiskIds: JSON.stringify([p.DiskId]) }), "Disks", "Disk");
const instance = async (read: ReadCall, p: Readonly<Record<string, string>>) =>
  first(await read("DescribeInstances", { RegionId: p.RegionId, InstanceIds: JSON.stringify([p.InstanceId]) }), "Instances", "Instance");

/** The RAM role of each instance the call names (InstanceIds, a JSON array): instance id → role. */
const ramRoles = async (read: ReadCall, p: Readonly<Record<string, string>>): Promise<Map<string, string>> => {
  const res = await read<{ InstanceRamRoleSets?: { InstanceRamRoleSet?: { InstanceId: string; RamRoleName?: string }[] } }>("DescribeInstanceRamRole", {
    RegionId: p.RegionId,
    InstanceIds: p.InstanceIds,
  });
  return new Map((res.InstanceRamRoleSets?.InstanceRamRoleSet ?? []).map((r) => [r.InstanceId, r.RamRoleName ?? ""]));
};
const namedInstances = (p: Readonly<Record<string, string>>): string[] => JSON.parse(p.InstanceIds ?? "[]") as string[];

/** An instance whose status is one of `statuses` (transitions towards the target count). */
const instanceIn =
  (...statuses: string[]): Verify =>
  async (read, p) =>
    statuses.includes(String((await instance(read, p))?.Status ?? ""));

/** Deletes: repeating is harmless and "not found" means done. */
const del = (notFound: readonly string[], busy?: readonly string[]): ActionRule => ({ safety: "natural", already: notFound, busy });

const INSTANCE_NOT_FOUND = ["InvalidInstanceId.NotFound", "Forbidden.InstanceNotFound"];
const DISK_NOT_FOUND = ["InvalidDiskId.NotFound"];
const GROUP_NOT_FOUND = ["InvalidSecurityGroupId.NotFound"];
const TEMPLATE_NOT_FOUND = ["InvalidLaunchTemplate.NotFound", "InvalidLaunchTemplate.NotExist", "InvalidLaunchTemplateId.NotFound"];
/** "This key pair is still attached to instances" (the Terraform provider retries the first). */
const KEY_PAIR_ATTACHED = ["InvalidParameter.KeypairAlreadyAttachedInstance", "DependencyViolation.KeyPair", "KeyPair.AttachedInstance"];

export const ACTION_RULES: Readonly<Record<string, ActionRule>> = {
  // Reads.
  DescribeDeploymentSets: NATURAL,
  DescribeDisks: NATURAL,
  DescribeImages: NATURAL,
  DescribeInstanceAttribute: NATURAL,
  DescribeInstanceRamRole: NATURAL,
  DescribeInstanceStatus: NATURAL,
  DescribeInstanceTypes: NATURAL,
  DescribeInstances: NATURAL,
  DescribeKeyPairs: NATURAL,
  DescribeLaunchTemplateVersions: NATURAL,
  DescribeLaunchTemplates: NATURAL,
  DescribeRegions: NATURAL,
  DescribeReservedInstances: NATURAL,
  DescribeSecurityGroupAttribute: NATURAL,
  DescribeSecurityGroups: NATURAL,
  DescribeTags: NATURAL,
  DescribeUserData: NATURAL,
  DescribeVpcs: NATURAL,
  // The VPC API's (CallOptions.api "vpc"): the catalogue checks read vswitches there.
  DescribeVSwitches: NATURAL,
  DescribeZones: NATURAL,
  ListTagResources: NATURAL,

  // Creates with a ClientToken (today's SDK models carry one).
  RunInstances: CLIENT_TOKEN,
  CreateInstance: CLIENT_TOKEN,
  CreateDisk: CLIENT_TOKEN,
  CreateSecurityGroup: CLIENT_TOKEN,
  CreateDeploymentSet: CLIENT_TOKEN,
  // Creates keyed by a unique name, without a ClientToken: a repeat answers "name exists", which
  // the caller reads back (its own key fingerprint, its own template data) and adopts.
  ImportKeyPair: { safety: "readBack" },
  CreateLaunchTemplate: { safety: "readBack" },
  // The private key exists only in the first answer: a repeat cannot recover it.
  CreateKeyPair: { safety: "unsafe" },
  // Every call adds a version.
  CreateLaunchTemplateVersion: { safety: "unsafe" },

  // Modify* to absolute values.
  ModifyInstanceAttribute: NATURAL,
  ModifyInstanceSpec: NATURAL,
  ModifyInstanceNetworkSpec: NATURAL,
  ModifyInstanceVpcAttribute: NATURAL,
  ModifyInstanceAutoReleaseTime: NATURAL,
  ModifyDiskAttribute: NATURAL,
  ModifyDiskSpec: { safety: "natural", busy: ["DiskInCoolingPeriod"] },
  ModifySecurityGroupAttribute: NATURAL,
  ModifySecurityGroupPolicy: NATURAL,
  ModifySecurityGroupRule: NATURAL,
  ModifySecurityGroupEgressRule: NATURAL,
  ModifyLaunchTemplateDefaultVersion: NATURAL,
  // The reference's name and today's.
  ModifyDeploymentSetAttributes: NATURAL,
  ModifyDeploymentSetAttribute: NATURAL,
  // To a size: a repeat after the first took effect finds the disk at that size already.
  ResizeDisk: {
    safety: "natural",
    doneOnRepeat: ["InvalidDiskSize.TooSmall"],
    busy: ["DiskInCoolingPeriod"],
    verify: async (read, p) => Number((await disk(read, p))?.Size ?? 0) >= Number(p.NewSize),
  },

  // To a target status. StartInstance on a Pending instance is InstanceNotReady (500): it will run.
  StartInstance: { safety: "natural", verify: instanceIn("Pending", "Starting", "Running") },
  StopInstance: { safety: "natural", verify: instanceIn("Stopping", "Stopped") },
  RebootInstance: NATURAL,

  // Tags: set and remove keys.
  AddTags: NATURAL,
  RemoveTags: NATURAL,
  TagResources: NATURAL,
  UntagResources: NATURAL,

  // Deletes.
  DeleteInstance: del(INSTANCE_NOT_FOUND),
  DeleteInstances: del(INSTANCE_NOT_FOUND),
  DeleteDisk: del(DISK_NOT_FOUND),
  // DependencyViolation while members or referencing rules drain (the Terraform provider retries it).
  DeleteSecurityGroup: del(GROUP_NOT_FOUND, ["DependencyViolation"]),
  // DeleteKeyPairs ignores names that do not exist.
  DeleteKeyPairs: del([], ["DependencyViolation", ...KEY_PAIR_ATTACHED]),
  DeleteLaunchTemplate: del(TEMPLATE_NOT_FOUND),
  DeleteLaunchTemplateVersion: del(["InvalidLaunchTemplateVersion.NotFound", "InvalidLaunchTemplateVersion.NotExist", ...TEMPLATE_NOT_FOUND]),
  // Instances being released still count as members.
  DeleteDeploymentSet: del(["InvalidDeploymentSetId.NotFound", "DeploymentSet.InvalidId"], ["DependencyViolation", "DependencyViolation.NotEmpty"]),

  // Attach/detach, join/leave, authorize/revoke: the target is named, so a repeat adds nothing.
  AttachDisk: {
    safety: "readBack",
    // A repeat of an attach that took effect is refused (InvalidDevice.InUse, or IncorrectDiskStatus
    // while Attaching), as an attach to another instance would be: only a read-back can tell.
    verify: async (read, p) => (await disk(read, p))?.InstanceId === p.InstanceId,
  },
  DetachDisk: {
    safety: "readBack",
    // The reference's "not attached to this instance" (DependencyViolation, 403) and "released".
    already: ["DependencyViolation", "InvalidDiskId.Released", "InvalidDiskId.NotFound", ...INSTANCE_NOT_FOUND],
    verify: async (read, p) => (await disk(read, p))?.InstanceId !== p.InstanceId,
  },
  JoinSecurityGroup: { safety: "readBack", already: ["InvalidInstanceId.AlreadyExists"] },
  LeaveSecurityGroup: { safety: "readBack", already: ["InvalidInstanceId.NotFoundInSecurityGroup"] },
  // Per-instance results inside a 200 answer: setting the same key again changes nothing.
  AttachKeyPair: { safety: "readBack" },
  DetachKeyPair: { safety: "readBack" },
  // The reference states no error for a rule that exists already: authorizing it again is a no-op.
  AuthorizeSecurityGroup: { safety: "readBack" },
  AuthorizeSecurityGroupEgress: { safety: "readBack" },
  RevokeSecurityGroup: { safety: "readBack", already: ["InvalidGroupAuthItem.NotFound"] },
  RevokeSecurityGroupEgress: { safety: "readBack", already: ["InvalidGroupAuthItem.NotFound"] },
  AllocatePublicIpAddress: { safety: "readBack", already: ["AllocatedAlready"] },
  // Per-instance results in a 200 answer. Attaching the role an instance has succeeds again;
  // detaching one it no longer has is a per-instance InvalidRamRole.NotFound: read back first.
  AttachInstanceRamRole: { safety: "readBack" },
  DetachInstanceRamRole: {
    safety: "readBack",
    verify: async (read, p) => {
      const roles = await ramRoles(read, p);
      return namedInstances(p).every((id) => (p.RamRoleName ? roles.get(id) !== p.RamRoleName : !roles.get(id)));
    },
  },
  // A move into (or out of) a named set: a repeat after the move restarts a forced instance again,
  // or is refused (out of a set it left: InvalidParameter.Mismatch): read back first.
  ModifyInstanceDeployment: {
    safety: "readBack",
    verify: async (read, p) => {
      const inSet = String((await instance(read, p))?.DeploymentSetId ?? "");
      return p.RemoveFromDeploymentSet === "true" ? inSet !== p.DeploymentSetId : inSet === p.DeploymentSetId;
    },
  },
  // To a billing method, but becoming a subscription is a purchase (AutoPay): after an attempt that
  // may have taken effect it is sent again only if a read-back shows an instance still billed the
  // other way. (Today's API also takes a ClientToken; the provider reads back instead.)
  ModifyInstanceChargeType: {
    safety: "readBack",
    verify: async (read, p) => {
      const res = await read<{ Instances?: { Instance?: { InstanceId: string; InstanceChargeType?: string }[] } }>("DescribeInstances", { RegionId: p.RegionId, InstanceIds: p.InstanceIds });
      const billed = new Map((res.Instances?.Instance ?? []).map((i) => [i.InstanceId, i.InstanceChargeType]));
      return namedInstances(p).every((id) => billed.get(id) === p.InstanceChargeType);
    },
  },
};

const READ_PREFIX = /^(Describe|List|Get|Query)/;

/** The rule for `action`. An action missing from the table is a read when its name says so, and
 *  otherwise unsafe (never repeated after it may have reached ECS) until someone classifies it. */
export function actionRule(action: string): ActionRule {
  return ACTION_RULES[action] ?? (READ_PREFIX.test(action) ? NATURAL : UNCLASSIFIED);
}

const UNCLASSIFIED: ActionRule = { safety: "unsafe" };

export function isClassified(action: string): boolean {
  return Object.hasOwn(ACTION_RULES, action);
}
