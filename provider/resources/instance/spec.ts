/** Instance: every property fact, once. Read from a DescribeInstances item, with the instance's
 *  system disk and data disks (DescribeDisks) under __systemDisk and __dataDisks. */
import { caseInsensitive, custom } from "../../spec/equivalence";
import { call, field, out, prop, providerSetting, regionProp, replaces, resource, t, tagsProp, timeoutsProp, via } from "../../spec/build";
import * as limits from "../../spec/limits";
import { diskCategory, diskSize, each, ecsDescription, ecsName, hostName, idOf, instanceType, maxItems, oneOf, password, pattern, range, sibling, type, userData } from "../../spec/rules";
import type { Change, PropSpec, Rule } from "../../spec/types";

const TIMEOUTS = { create: "10m", update: "10m", delete: "20m" } as const;

type Raw = Readonly<Record<string, unknown>>;
const first = (wrapper: unknown, key: string): unknown => ((wrapper as Raw | undefined)?.[key] as unknown[] | undefined)?.[0];

/** User data is plain text in the program; ECS takes and returns it Base64-encoded. */
export const encodeUserData = (text: unknown): string => Buffer.from(String(text), "utf8").toString("base64");
export const decodeUserData = (b64: unknown): string => Buffer.from(String(b64), "base64").toString("utf8");

/** A subscription period, among those of its unit (Month when omitted). */
const subscriptionPeriod: Rule = (v, at) => {
  const unit = String(sibling(at, "periodUnit") ?? "Month");
  const allowed = limits.SUBSCRIPTION_PERIODS[unit];
  return typeof v === "number" && allowed && !allowed.includes(v) ? `must be one of ${allowed.join(", ")} for periodUnit ${unit} (got ${v})` : undefined;
};

/** One of ECS's values, sent and read under the same name; omitted, ECS picks its default. */
const choice = <const U extends string>(values: readonly string[], name: string, spec: { doc: string; outDoc: string; change: Change<U> }): PropSpec<U> =>
  prop(t.string, { ...spec, computed: true, rules: [oneOf(values)], wire: { create: name, read: name } });

/** Where a transitional status is heading: an instance Starting is on its way to Running. */
export const SETTLES_TO: Readonly<Record<string, "Running" | "Stopped">> = { Pending: "Running", Starting: "Running", Running: "Running", Stopping: "Stopped", Stopped: "Stopped" };

const systemDiskType = t.object("InstanceSystemDisk", "The instance's system disk.", {
  category: field(t.string, {
    doc: `Disk category: ${limits.diskCategories("system").join(", ")}. Changing it replaces the instance.`,
    replace: true,
    computed: true,
    rules: [diskCategory("system")],
    wire: { create: "Category", read: "Category" },
  }),
  size: field(t.integer, {
    doc:
      `Size in GiB (${limits.diskCategoriesText("system")}). Grows in place with ResizeDisk; it cannot shrink. ` +
      "ECS resizes a basic disk (cloud) only offline: a Running instance keeps using the old size until its next restart (the provider does not restart it; a stop for another change, or `status` Stopped and back, applies it). Other categories grow online, at once.",
    computed: true,
    growOnly: true,
    rules: [diskSize("system")],
    wire: { create: "Size", read: "Size" },
  }),
  name: field(t.string, { doc: "System disk name (2-128 characters, starts with a letter, no http:// or https:// prefix).", computed: true, rules: [ecsName], wire: { create: "DiskName", read: "DiskName" } }),
  description: field(t.string, { doc: "System disk description (2-256 characters, no http:// or https:// prefix).", computed: true, rules: [ecsDescription], wire: { create: "Description", read: "Description" } }),
});

const dataDiskType = t.object("InstanceDataDisk", "A data disk created with the instance.", {
  category: field(t.string, { doc: `Disk category: ${limits.diskCategoriesText("data")}.`, computed: true, rules: [diskCategory("data")], wire: { create: "Category", read: "Category" } }),
  size: field(t.integer, { doc: "Size in GiB, in the range of its category. Required unless snapshotId is set.", requiredUnless: "snapshotId", computed: true, rules: [diskSize("data")], wire: { create: "Size", read: "Size" } }),
  snapshotId: field(t.string, { doc: "Snapshot to create the disk from.", wire: { create: "SnapshotId", read: "SourceSnapshotId" } }),
  name: field(t.string, { doc: "Data disk name (2-128 characters, starts with a letter, no http:// or https:// prefix).", computed: true, rules: [ecsName], wire: { create: "DiskName", read: "DiskName" } }),
  description: field(t.string, { doc: "Data disk description (2-256 characters, no http:// or https:// prefix).", computed: true, rules: [ecsDescription], wire: { create: "Description", read: "Description" } }),
  encrypted: field(t.boolean, { doc: "Encrypt the disk (default false).", computed: true, wire: { create: "Encrypted", read: "Encrypted" } }),
  deleteWithInstance: field(t.boolean, { doc: "Release the disk with the instance (default true).", computed: true, wire: { create: "DeleteWithInstance", read: "DeleteWithInstance" } }),
});

const UNLESS_TEMPLATE = "launchTemplateId";

export const instanceSpec = resource({
  kind: "Instance",
  noun: "instance",
  doc:
    "An ECS instance, created with RunInstances and kept at its `status` (Running or Stopped). Attribute, security group, key pair, type, bandwidth and network billing, billing method and release time, RAM role, deployment set, system disk size and tag changes apply in place; the rest replaces the instance. " +
    "ECS cannot report the password back: after an import, a program that states it shows an in-place update that sets it (never a replace).",
  idParam: "InstanceId",
  idExample: "i-bp1abc…",
  listByTag: { action: "DescribeInstances", tagParam: "Tag", list: ["Instances", "Instance"], idKey: "InstanceId" },
  tagResourceType: "instance",
  timeouts: TIMEOUTS,
  inputs: {
    region: regionProp("instance"),
    zoneId: prop(t.string, { doc: "Zone of the instance; chosen by ECS when omitted (or implied by the vswitch).", outDoc: "Zone of the instance.", change: replaces, computed: true, alwaysReported: true, lookup: "zone", wire: { create: "ZoneId", read: "ZoneId" } }),
    imageId: prop(t.string, {
      doc: "Image of the system disk. Required unless a launch template provides it. Changing it replaces the instance.",
      outDoc: "Image of the system disk.",
      change: replaces,
      computed: true,
      requiredUnless: UNLESS_TEMPLATE,
      lookup: "image",
      wire: { create: "ImageId", read: "ImageId" },
    }),
    instanceType: prop(t.string, {
      doc: "Instance type, e.g. ecs.g7.large. Required unless a launch template provides it. Changing it needs the instance stopped: set `stopForUpdate`.",
      outDoc: "Instance type.",
      change: call("ModifyInstanceSpec", "InstanceType", "stopped"),
      computed: true,
      alwaysReported: true,
      requiredUnless: UNLESS_TEMPLATE,
      rules: [instanceType],
      lookup: "instanceType",
      wire: { create: "InstanceType", read: "InstanceType" },
    }),
    securityGroupIds: prop(t.list(t.string, { unordered: true }), {
      doc: `Security groups of the instance (1-${limits.MAX_SECURITY_GROUPS_PER_INSTANCE}). Required unless a launch template provides them. Changes apply with JoinSecurityGroup/LeaveSecurityGroup.`,
      outDoc: "Security groups of the instance.",
      change: via("securityGroups"),
      computed: true,
      alwaysReported: true,
      requiredUnless: UNLESS_TEMPLATE,
      rules: [maxItems(limits.MAX_SECURITY_GROUPS_PER_INSTANCE), each(idOf("sg", "a security group"))],
      wire: { create: "SecurityGroupIds", read: "SecurityGroupIds.SecurityGroupId" },
    }),
    vswitchId: prop(t.string, { doc: "VSwitch of a VPC instance.", outDoc: "VSwitch of the instance.", change: replaces, computed: true, rules: [idOf("vsw", "a vswitch")], lookup: "vswitch", wire: { create: "VSwitchId", read: "VpcAttributes.VSwitchId" } }),
    instanceName: prop(t.string, {
      doc: "Instance name: 2-128 characters, starts with a letter, may contain digits, '.', ':', '_' and '-', no http:// or https:// prefix.",
      outDoc: "Instance name.",
      change: call("ModifyInstanceAttribute", "InstanceName"),
      computed: true,
      alwaysReported: true,
      rules: [ecsName],
      autoName: true,
      wire: { create: "InstanceName", read: "InstanceName" },
    }),
    description: prop(t.string, { doc: "Description: 2-256 characters, no http:// or https:// prefix.", outDoc: "Description.", change: call("ModifyInstanceAttribute", "Description"), computed: true, rules: [ecsDescription], wire: { create: "Description", read: "Description" } }),
    hostName: prop(t.string, {
      doc: `Host name: ${limits.HOST_NAME.linux.min}-${limits.HOST_NAME.linux.max} characters (Windows ${limits.HOST_NAME.windows.min}-${limits.HOST_NAME.windows.max}); letters, digits, '.' and '-'; no leading, trailing or repeated '.' or '-'.`,
      outDoc: "Host name.",
      change: call("ModifyInstanceAttribute", "HostName"),
      computed: true,
      rules: [hostName],
      wire: { create: "HostName", read: "HostName" },
    }),
    password: prop(t.string, {
      doc: `Login password: ${limits.PASSWORD.min}-${limits.PASSWORD.max} characters with at least three of: upper case, lower case, digits, special characters ${limits.PASSWORD.specials}. ECS cannot report it back: after an import, stating it is an in-place update that sets it.`,
      outDoc: "Login password (secret).",
      change: call("ModifyInstanceAttribute", "Password"),
      computed: true,
      secret: true,
      writeOnly: true,
      rules: [password],
      wire: { create: "Password" },
    }),
    keyPairName: prop(t.string, { doc: "SSH key pair (Linux). Changes apply with AttachKeyPair/DetachKeyPair.", outDoc: "SSH key pair.", change: via("keyPair"), computed: true, rules: [ecsName], wire: { create: "KeyPairName", read: "KeyPairName" } }),
    systemDisk: prop(systemDiskType, { doc: "The system disk.", change: via("systemDisk"), computed: true, wire: { create: "SystemDisk", read: (r) => r.__systemDisk } }),
    dataDisks: prop(t.list(dataDiskType), {
      doc: `Data disks created with the instance (at most ${limits.MAX_DATA_DISKS}). Changing them replaces the instance; use Disk resources for disks with their own lifecycle.`,
      outDoc: "Data disks created with the instance.",
      change: replaces,
      computed: true,
      rules: [maxItems(limits.MAX_DATA_DISKS)],
      wire: { create: "DataDisk", read: (r) => r.__dataDisks },
    }),
    internetMaxBandwidthOut: prop(t.integer, {
      doc:
        `Outbound public bandwidth in Mbit/s (${limits.BANDWIDTH_OUT.min}-${limits.BANDWIDTH_OUT.max}); above 0 the instance gets a public IP. ` +
        "Changes in place, up or down, Running or Stopped, with one ModifyInstanceNetworkSpec call (with internetChargeType when both change); raised from 0 on an instance without a public IP, the same call allocates one (AllocatePublicIp).",
      outDoc: "Outbound public bandwidth in Mbit/s.",
      change: via("network"),
      computed: true,
      rules: [range(limits.BANDWIDTH_OUT.min, limits.BANDWIDTH_OUT.max, " Mbit/s")],
      wire: { create: "InternetMaxBandwidthOut", read: "InternetMaxBandwidthOut" },
    }),
    internetChargeType: choice(limits.INTERNET_CHARGE_TYPES, "InternetChargeType", {
      doc: `Billing of public traffic: ${limits.INTERNET_CHARGE_TYPES.join(" or ")} (ECS's default PayByTraffic). Changes in place, Running or Stopped, with ModifyInstanceNetworkSpec (NetworkChargeType), in one call with the bandwidth.`,
      outDoc: "Billing of public traffic.",
      change: via("network"),
    }),
    userData: prop(t.string, {
      doc: `User data (plain text; the provider Base64-encodes it). At most ${limits.USER_DATA.maxBytes / 1024} KiB. Changing it needs the instance stopped: set \`stopForUpdate\`. Read with DescribeUserData (one call per instance): an import knows it, and a refresh shows a change made outside Pulumi to user data the state holds (an instance created without user data is not asked).`,
      outDoc: "User data.",
      change: call("ModifyInstanceAttribute", "UserData", "stopped"),
      computed: true,
      rules: [userData],
      wire: { create: "UserData", encode: encodeUserData, read: "__userData", decode: decodeUserData },
    }),
    deploymentSetId: prop(t.string, {
      doc:
        "Deployment set to place the instance in. Changes in place with ModifyInstanceDeployment: a Running instance moves with Force, which restarts it on another host (a Stopped one just joins); removed from the program, the instance leaves the set (RemoveFromDeploymentSet). " +
        "With a launch template, omitting it keeps whatever set the template gave.",
      outDoc: "Deployment set.",
      change: via("deploymentSet"),
      rules: [idOf("ds", "a deployment set")],
      wire: { create: "DeploymentSetId", read: "DeploymentSetId" },
    }),
    ramRoleName: prop(t.string, {
      doc:
        "Instance RAM role, whose temporary credentials programs on the instance get from the metadata service. Changes in place: AttachInstanceRamRole, after DetachInstanceRamRole of the one it had; removed from the program, the role is detached. Read with DescribeInstanceRamRole. " +
        "With a launch template, omitting it keeps whatever role the template gave.",
      outDoc: "Instance RAM role.",
      change: via("ramRole"),
      equal: caseInsensitive,
      wire: { create: "RamRoleName", read: "__ramRoleName" },
    }),
    instanceChargeType: choice(limits.INSTANCE_CHARGE_TYPES, "InstanceChargeType", {
      doc:
        `Billing method: ${limits.INSTANCE_CHARGE_TYPES.join(" (pay-as-you-go, ECS's default) or ")} (subscription, which needs \`period\`). Changes in place, Running or Stopped, with ModifyInstanceChargeType: the system disk follows, data disks keep theirs. ` +
        "A subscription instance cannot be deleted before it expires (ECS refuses): switch it to PostPaid first. It cannot have an autoReleaseTime.",
      outDoc: "Billing method.",
      change: via("billing"),
    }),
    period: prop(t.integer, {
      doc:
        `Subscription length in periodUnit: Week ${limits.SUBSCRIPTION_PERIODS.Week.join(", ")}; Month ${limits.SUBSCRIPTION_PERIODS.Month.join(", ")}. Required when instanceChargeType becomes PrePaid (at create or by a change). ` +
        "Used only then: changing it later renews nothing. ECS does not report it: refresh keeps the state's value.",
      outDoc: "Subscription length in periodUnit.",
      change: via("billing"),
      rules: [subscriptionPeriod],
      wire: { create: "Period" },
    }),
    periodUnit: prop(t.string, {
      doc: `Unit of period: ${limits.RUN_INSTANCES_PERIOD_UNITS.join(" or ")} (default Month).`,
      outDoc: "Unit of period.",
      change: via("billing"),
      rules: [oneOf(limits.RUN_INSTANCES_PERIOD_UNITS)],
      wire: { create: "PeriodUnit" },
    }),
    autoReleaseTime: prop(t.string, {
      doc:
        `When ECS releases the (pay-as-you-go) instance by itself: UTC, yyyy-MM-ddTHH:mm:ssZ (seconds are dropped), at least 30 minutes and at most ${limits.AUTO_RELEASE_TIME.maxAheadYears} years ahead when set or changed. ` +
        "Changes in place with ModifyInstanceAutoReleaseTime; removed from the program, the release is cancelled. Once released, the next refresh drops the instance from the state. With a launch template, omitting it keeps the template's.",
      outDoc: "When ECS releases the instance by itself (UTC).",
      change: via("billing"),
      equal: custom("the same minute (ECS drops the seconds)", (v) => limits.autoReleaseTimeOf(String(v)) ?? v),
      // The format always; how far ahead only when it is set or changed (validate in ./index.ts).
      rules: [type(limits.autoReleaseTimeFormatProblem)],
      wire: { create: "AutoReleaseTime", read: "AutoReleaseTime" },
    }),
    launchTemplateId: prop(t.string, { doc: "Launch template that provides defaults for the other inputs.", outDoc: "Launch template.", change: replaces, rules: [idOf("lt", "a launch template")], wire: { create: "LaunchTemplateId" } }),
    launchTemplateVersion: prop(t.string, {
      doc: "Launch template version; the default version when omitted.",
      outDoc: "Launch template version.",
      change: replaces,
      computed: true,
      rules: [pattern(/^\d+$/, "must be a version number")],
      wire: { create: "LaunchTemplateVersion" },
    }),
    status: prop(t.string, {
      doc: "Desired status: Running (default) or Stopped. Applied with StartInstance/StopInstance.",
      outDoc: "The instance's status as ECS reports it.",
      change: via("status"),
      default: "Running",
      rules: [oneOf(["Running", "Stopped"])],
      // Transitional statuses compare as the one they settle to: Starting is no change from Running.
      equal: custom("a transitional status equals the one it settles to (Starting = Running)", (v) => SETTLES_TO[String(v)] ?? v),
      wire: { read: "Status" },
    }),
    tags: tagsProp("Tags (at most 19: ECS allows 20, one is the provider's ownership tag). Keys: 1-128 characters, not starting with aliyun or acs:, no http:// or https://."),
    creditSpecification: choice(limits.CREDIT_SPECIFICATIONS, "CreditSpecification", {
      doc: `Performance mode of a burstable instance (t5, t6 …): ${limits.CREDIT_SPECIFICATIONS.join(" or ")}.`,
      outDoc: "Performance mode of a burstable instance.",
      change: call("ModifyInstanceAttribute", "CreditSpecification"),
    }),
    deletionProtection: prop(t.boolean, {
      doc: "Refuse DeleteInstance while true (default false).",
      outDoc: "Deletion protection.",
      change: call("ModifyInstanceAttribute", "DeletionProtection"),
      computed: true,
      alwaysReported: true,
      wire: { create: "DeletionProtection", read: "DeletionProtection" },
    }),
    stopForUpdate: prop(t.boolean, {
      doc: "Allow the provider to stop a running instance for a change that needs it (instanceType, userData) and start it again. Without it such a change fails at preview. (A deployment set move restarts a Running instance without it: ECS moves it with Force.)",
      outDoc: "Whether the provider may stop the instance for an update.",
      change: providerSetting,
      computed: true,
    }),
    timeouts: timeoutsProp(TIMEOUTS),
  },
  outputs: {
    instanceId: out(t.string, "The instance ID.", { wire: { read: "InstanceId" } }),
    privateIp: out(t.string, "Primary private IP address.", { wire: { read: (r) => first((r.VpcAttributes as Raw | undefined)?.PrivateIpAddress, "IpAddress") ?? first(r.InnerIpAddress, "IpAddress") ?? "" } }),
    publicIp: out(t.string, "Public IP address (empty without public bandwidth).", { wire: { read: (r) => first(r.PublicIpAddress, "IpAddress") ?? (r.EipAddress as Raw | undefined)?.IpAddress ?? "" } }),
    systemDiskId: out(t.string, "ID of the system disk.", { wire: { read: "__systemDisk.DiskId" } }),
    dataDiskIds: out(t.list(t.string), "IDs of the data disks created with the instance, in input order.", { wire: { read: (r) => ((r.__dataDisks as Raw[] | undefined) ?? []).map((d) => d.DiskId) } }),
    creationTime: out(t.string, "Creation time (UTC, ISO 8601).", { wire: { read: "CreationTime" } }),
  },
});
